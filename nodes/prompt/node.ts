import { z } from 'zod'
import { characterVariable, defineNode, distinctAssets, port, type CharacterValue, type ParamUi, type PromptValue, type ShotValue } from '../../src/engine'
import { CAMERA_MOVES } from '../../src/providers/camera'
import { characterReferences, composePrompt, FIELD_NAMES, fillVariables, formatSeconds, namesVariable, variablesFrom, type ShotFields } from '../../src/providers/prompt/compose'
import { lintPrompt } from '../../src/providers/prompt/lint'
import { referencesForShot } from '../../src/providers/prompt/shot-references'

const part = (label: string, description: string, ui: ParamUi['ui'] = 'textarea') =>
  z.string().max(2000, 'is longer than 2,000 characters').default('').meta({ ui, label, description } satisfies ParamUi)

export default defineNode({
  type: 'prompt',
  version: 1,
  title: 'Prompt',
  category: 'Pre-production',
  description: 'A shot prompt from its six parts, with style, dialogue and duration, or from a linked shot; {name} variables come from linked texts and characters; linked references go with the shots set at their location or naming their character.',
  inputs: {
    vars: port.list('text', { optional: true, label: 'variables', also: ['character'] }),
    // One text, so a list of shot texts linked here makes one prompt per shot.
    text: port.text({ optional: true, label: 'shot text' }),
    // One shot, so a shot list linked here makes one prompt per shot; parts typed here override the shot's.
    shot: port.shot({ optional: true, label: 'shot' }),
    // Locations, characters' stills and style frames from reference nodes: with a linked shot, each
    // shot takes only those of its location and its characters (matched by the references' names).
    references: port.list('image', { optional: true, label: 'references' }),
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
      .meta({ ui: 'number', unit: 's', label: 'Duration', step: 0.5, description: 'With a linked shot, the shot’s duration is used.' } satisfies ParamUi),
    keyMomentS: z
      .number()
      .min(0)
      .max(60)
      .optional()
      .meta({
        ui: 'number',
        unit: 's',
        label: 'Key moment',
        step: 0.5,
        placeholder: 'None, or the shot’s',
        description: 'When the shot’s action lands: the prompt builds toward it and the animatic’s camera move arrives there.',
      } satisfies ParamUi),
  }),
  pure: true,
  async run({ inputs, params, ctx }) {
    const { written, durationS, keyMomentS } = partsFor(params, inputs.shot)
    const variables = variablesFrom([...(inputs.vars ?? []), ...(inputs.text !== undefined ? [inputs.text] : [])])
    // A character goes with a shot that names it; the others linked here belong to other shots.
    const characters = inputs.shot ? castOf(inputs.shot, variables.characters) : variables.characters
    const { fields, missing } = fillVariables(written, variables.values)
    const text = composePrompt(fields, keyMomentS)
    // A shot names its cast by name, not as {name}; only a prompt of its own is told of a character it never names.
    const unusedCharacters = inputs.shot ? [] : characters.filter((character) => !namesVariable(written, characterVariable(character.name))).map((character) => character.name)
    const findings = lintPrompt({ fields, text, durationS, keyMomentS, missingVariables: missing, unnamedTexts: variables.unnamed, unusedCharacters })
    for (const finding of findings) ctx.log(`${finding.level}: ${finding.message}`)
    const errors = findings.filter((finding) => finding.level === 'error')
    if (errors.length > 0) throw new Error(errors.map((error) => error.message).join('; '))
    // A linked character's reference sheet travels with the prompt, so every shot that names the
    // character sends the model the same faces; a location goes with the shots set there.
    const linked = inputs.references ?? []
    const references = distinctAssets([...characterReferences(characters), ...(inputs.shot ? referencesForShot(inputs.shot, linked) : linked)])
    const prompt: PromptValue = {
      kind: 'prompt',
      text,
      fields: { ...fields, durationS: String(durationS), ...(keyMomentS !== undefined ? { keyMomentS: formatSeconds(keyMomentS) } : {}) },
      ...(references.length > 0 ? { references } : {}),
    }
    return { prompt }
  },
})

/**
 * The parts to compose: those typed on the node, and for a linked shot the shot's where the node
 * leaves one empty (a style typed here goes on every shot). A shot brings its own duration and key
 * moment; a key moment typed here wins.
 */
function partsFor(params: ShotFields & { durationS: number; keyMomentS?: number | undefined }, shot: ShotValue | undefined): { written: ShotFields; durationS: number; keyMomentS: number | undefined } {
  if (!shot) return { written: shotFields((field) => params[field]), durationS: params.durationS, keyMomentS: params.keyMomentS }
  const written = shotFields((field) => (params[field].trim() !== '' ? params[field] : shot[field]))
  return { written, durationS: shot.durationS, keyMomentS: params.keyMomentS ?? shot.keyMomentS }
}

function shotFields(value: (field: keyof ShotFields) => string): ShotFields {
  return Object.fromEntries(FIELD_NAMES.map((field) => [field, value(field)])) as Record<(typeof FIELD_NAMES)[number], string>
}

/** The linked characters a shot names, matched by name as prompts name them (“Old Tom” is old-tom). */
function castOf(shot: ShotValue, characters: readonly CharacterValue[]): CharacterValue[] {
  const named = new Set(shot.characters.map(characterVariable))
  return characters.filter((character) => named.has(characterVariable(character.name)))
}
