/*
 * A shot's lint in the table, beside its row: the prompt's own lint (src/providers/prompt/lint.ts)
 * on the prompt the shot would compose — missing parts, over-prompting, camera moves, dialogue longer
 * than the duration at about 2.5 words a second, a key moment after the shot ends.
 */
import { composePrompt } from '../../src/providers/prompt/compose'
import { lintPrompt, type Finding } from '../../src/providers/prompt/lint'
import type { ShotRow } from './shots'

export function lintShot(shot: ShotRow): Finding[] {
  const fields = {
    subject: shot.subject,
    action: shot.action,
    environment: shot.environment,
    camera: shot.camera,
    lighting: shot.lighting,
    mood: shot.mood,
    style: shot.style,
    dialogue: shot.dialogue,
  }
  // `{name}` variables are filled by the prompt the shot goes to, from what is linked there: not a problem here.
  return lintPrompt({ fields, text: composePrompt(fields, shot.keyMomentS), durationS: shot.durationS, keyMomentS: shot.keyMomentS, missingVariables: [], unnamedTexts: [] })
}
