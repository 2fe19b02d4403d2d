import { z } from 'zod'
import { characterVariable, defineNode, port, type ParamUi, type PromptValue } from '../../src/engine'
import { CAMERA_MOVES } from '../../src/providers/camera'
import { characterReferences, composePrompt, fillVariables, namesVariable, variablesFrom } from '../../src/providers/prompt/compose'
import { lintPrompt } from '../../src/providers/prompt/lint'

const part = (label: string, description: string, ui: ParamUi['ui'] = 'textarea') =>
  z.string().max(2000, 'is longer than 2,000 characters').default('').meta({ ui, label, description } satisfies ParamUi)

export default defineNode({
  type: 'prompt',
  version: 1,
  title: 'Prompt',
  category: 'Pre-production',
  description: 'A shot prompt from its six parts, with style, dialogue and duration; {name} variables come from linked texts and characters.',
  inputs: {
    vars: port.list('text', { optional: true, label: 'variables', also: ['character'] }),
    // One text, so a list of shot texts linked here makes one prompt per shot.
    text: port.text({ optional: true, label: 'shot text' }),
  },
  outputs: { prompt: port.prompt() },
  params: z.object({
    subject: part('Subject', 'Who or what the shot is about: “a man in his sixties in a rain-dark trench coat”.'),
    action: part('Action', 'What happens, beats in order: “crosses the empty tram street”.'),
    environment: part('Environment', 'Where and when: “at night, neon reflections on wet cobbles”.'),
    camera: part('Camera movement', `One move from ${CAMERA_MOVES.join(', ')}; or your own words.`, 'text'),
    lighting: part('Lighting', '“sodium-orange key light”.'),
    mood: part('Mood', '“lonely and tense”.'),
    style: part('Style', '“35 mm film, shallow depth of field”.'),
    dialogue: part('Dialogue', 'One spoken line per line.'),
    durationS: z
      .number()
      .min(1)
      .max(60)
      .default(5)
      .meta({ ui: 'number', unit: 's', label: 'Duration', step: 0.5 } satisfies ParamUi),
  }),
  pure: true,
  async run({ inputs, params, ctx }) {
    const { durationS, ...written } = params
    const variables = variablesFrom([...(inputs.vars ?? []), ...(inputs.text !== undefined ? [inputs.text] : [])])
    const { fields, missing } = fillVariables(written, variables.values)
    const text = composePrompt(fields)
    const unusedCharacters = variables.characters.filter((character) => !namesVariable(written, characterVariable(character.name))).map((character) => character.name)
    const findings = lintPrompt({ fields, text, durationS, missingVariables: missing, unnamedTexts: variables.unnamed, unusedCharacters })
    for (const finding of findings) ctx.log(`${finding.level}: ${finding.message}`)
    const errors = findings.filter((finding) => finding.level === 'error')
    if (errors.length > 0) throw new Error(errors.map((error) => error.message).join('; '))
    // A linked character's reference sheet travels with the prompt, so every shot that names the
    // character sends the model the same faces.
    const references = characterReferences(variables.characters)
    const prompt: PromptValue = {
      kind: 'prompt',
      text,
      fields: { ...fields, durationS: String(durationS) },
      ...(references.length > 0 ? { references } : {}),
    }
    return { prompt }
  },
})
