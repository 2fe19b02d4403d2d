import { describe, expect, it } from 'vitest'
import { standaloneContext, type AssetRef, type CharacterValue, type PromptValue, type RunContext, type ShotValue } from '../../src/engine'
import { cameraMovesIn, contradictingMoves } from '../../src/providers/camera'
import { composePrompt, fillVariables, namesVariable, variablesFrom, wordCount, type ShotFields } from '../../src/providers/prompt/compose'
import { lintPrompt, type LintInput } from '../../src/providers/prompt/lint'
import prompt from './node'

const sheet = (n: number): AssetRef => ({ kind: 'image', hash: String(n).repeat(64), mime: 'image/png', bytes: 100, meta: { role: 'character' } })

function character(name: string, description: string, references: AssetRef[]): CharacterValue {
  return { kind: 'character', name, description, references }
}

const shot: ShotFields = {
  subject: 'a man in his sixties in a rain-dark trench coat',
  action: 'crosses an empty tram street',
  environment: 'at night, neon reflections on wet cobbles',
  camera: 'slow dolly in at waist height',
  lighting: 'sodium-orange key light',
  mood: 'lonely and tense',
  style: '',
  dialogue: '',
}

function lint(overrides: Omit<Partial<LintInput>, 'fields'> & { fields?: Partial<ShotFields> } = {}) {
  const fields = { ...shot, ...overrides.fields }
  return lintPrompt({ text: composePrompt(fields), durationS: 5, missingVariables: [], unnamedTexts: [], ...overrides, fields })
}

describe('composing a shot prompt', () => {
  it('puts the six parts in the order models read best', () => {
    expect(composePrompt(shot)).toBe(
      'A man in his sixties in a rain-dark trench coat crosses an empty tram street, at night, neon reflections on wet cobbles. ' +
        'Camera: slow dolly in at waist height. Lighting: sodium-orange key light. Mood: lonely and tense.',
    )
  })

  it('adds style and quotes each line of dialogue, leaving out blank lines', () => {
    const text = composePrompt({ ...shot, style: '35 mm film.', dialogue: 'Where were you?\n\n"Out."' })
    expect(text).toMatch(/Style: 35 mm film\. Dialogue: “Where were you\?” “Out\.”$/)
  })

  it('leaves out parts that are empty, without stray punctuation', () => {
    expect(composePrompt({ ...shot, environment: '', camera: ' ', lighting: '', mood: '' })).toBe(
      'A man in his sixties in a rain-dark trench coat crosses an empty tram street.',
    )
    expect(composePrompt({ ...shot, subject: '', action: '', environment: '' })).toBe(
      'Camera: slow dolly in at waist height. Lighting: sodium-orange key light. Mood: lonely and tense.',
    )
  })

  it('counts words, not punctuation', () => {
    expect(wordCount('Camera: slow — dolly in.')).toBe(4)
  })
})

describe('variables', () => {
  it('reads `name: value` lines, continuing a value on the lines after it', () => {
    const { values, unnamed } = variablesFrom(['Hero: a woman in her thirties\nin a red coat\ncity: Lisbon', 'time: dusk'])
    expect(Object.fromEntries(values)).toEqual({ hero: 'a woman in her thirties in a red coat', city: 'Lisbon', time: 'dusk' })
    expect(unnamed).toEqual([])
  })

  it('keeps a linked text that names nothing, to warn about it', () => {
    expect(variablesFrom(['just some words', '  ']).unnamed).toEqual(['just some words'])
  })

  it('fills {name} in every field, case aside, and lists the names nothing defines', () => {
    const { fields, missing } = fillVariables({ ...shot, subject: '{Hero}', environment: '{city} at {time}', dialogue: '{hero}?' }, new Map([
      ['hero', 'Ana'],
      ['city', 'Lisbon'],
    ]))
    expect(fields.subject).toBe('Ana')
    expect(fields.environment).toBe('Lisbon at {time}')
    expect(fields.dialogue).toBe('Ana?')
    expect(missing).toEqual(['time'])
  })
})

describe('character variables', () => {
  const mara = character('Mara', 'a woman in her thirties, cropped grey hair', [sheet(1), sheet(2)])

  it('defines {name} as the name and {name.description} as the description, named as the character node shows', () => {
    const { values, characters, unnamed } = variablesFrom([mara, character('Old Tom', 'a fisherman', [])])
    expect(Object.fromEntries(values)).toEqual({
      mara: 'Mara',
      'mara.description': 'a woman in her thirties, cropped grey hair',
      'old-tom': 'Old Tom',
      'old-tom.description': 'a fisherman',
    })
    expect(characters.map((c) => c.name)).toEqual(['Mara', 'Old Tom'])
    expect(unnamed).toEqual([])
  })

  it('fills them beside text variables, case aside; a later link wins over an earlier one', () => {
    const { values } = variablesFrom(['mara: someone else\ncity: Lisbon', mara])
    const { fields, missing } = fillVariables({ ...shot, subject: '{Mara}, {mara.Description},', environment: 'in {city}', action: '{mara.age}' }, values)
    expect(fields.subject).toBe('Mara, a woman in her thirties, cropped grey hair,')
    expect(fields.environment).toBe('in Lisbon')
    expect(missing).toEqual(['mara.age'])
  })

  it('knows whether a part names a character, by itself or by its description', () => {
    expect(namesVariable({ ...shot, subject: 'a portrait of {MARA.description}' }, 'mara')).toBe(true)
    expect(namesVariable({ ...shot, dialogue: '{old-tom}!' }, 'old-tom')).toBe(true)
    expect(namesVariable(shot, 'mara')).toBe(false)
  })
})

describe('camera vocabulary', () => {
  it('finds moves in free text, synonyms included, in order', () => {
    expect(cameraMovesIn('Slow push in, then pan left; handheld')).toEqual(['dolly in', 'pan left', 'handheld'])
    expect(cameraMovesIn('dolly-in')).toEqual([])
    expect(cameraMovesIn('a lazy drift')).toEqual([])
  })

  it('pairs moves that pull opposite ways', () => {
    expect(contradictingMoves(['dolly in', 'dolly out', 'pan left'])).toEqual([['dolly in', 'dolly out']])
    expect(contradictingMoves(['dolly in', 'pan left', 'tilt up'])).toEqual([])
  })
})

describe('prompt lint', () => {
  it('has nothing to say about a complete, well-sized prompt', () => {
    expect(lint()).toEqual([])
  })

  it('warns about each missing part', () => {
    expect(lint({ fields: { lighting: '', mood: ' ' } })).toEqual([
      { level: 'warning', field: 'lighting', message: 'no lighting: a shot prompt works best with all six parts' },
      { level: 'warning', field: 'mood', message: 'no mood: a shot prompt works best with all six parts' },
    ])
  })

  it('refuses an empty prompt with one error, not six warnings', () => {
    const empty = { subject: '', action: '', environment: '', camera: '', lighting: '', mood: '' }
    expect(lint({ fields: empty })).toEqual([{ level: 'error', message: 'the prompt is empty: write at least the subject and the action' }])
  })

  it('warns past about 80 words', () => {
    const long = lint({ fields: { environment: Array.from({ length: 70 }, () => 'word').join(' ') } })
    expect(long).toEqual([{ level: 'warning', message: expect.stringMatching(/^\d+ words: past about 80, models confuse details; simplify$/) }])
    const text = Array.from({ length: 80 }, () => 'w').join(' ')
    expect(lintPrompt({ fields: shot, text, durationS: 5, missingVariables: [], unnamedTexts: [] })).toEqual([])
  })

  it('warns about camera moves that contradict, and about a camera no model knows', () => {
    expect(lint({ fields: { camera: 'dolly in then pull out' } })).toEqual([
      { level: 'warning', field: 'camera', message: 'dolly in and dolly out pull the frame opposite ways in one shot; keep one' },
    ])
    expect(lint({ fields: { camera: 'pan left, tilt up, pan right' } })[0]?.message).toMatch(/^pan left and pan right/)
    expect(lint({ fields: { camera: 'something dreamy' } })[0]).toMatchObject({ level: 'warning', field: 'camera' })
  })

  it('warns when the dialogue does not fit the duration at 2.5 words a second', () => {
    // 12 words fit 5 s; 13 do not.
    expect(lint({ fields: { dialogue: 'one two three four five six\nseven eight nine ten eleven twelve' } })).toEqual([])
    expect(lint({ fields: { dialogue: 'one two three four five six seven\neight nine ten eleven twelve thirteen' } })).toEqual([
      { level: 'warning', field: 'dialogue', message: '13 words of dialogue do not fit 5 s (about 12 do); cut lines or make the shot 6 s' },
    ])
  })

  it('does not count a shot list’s speaker labels as spoken words', () => {
    expect(lint({ fields: { dialogue: 'Mara: one two three four five six seven eight nine ten' }, durationS: 4 })).toEqual([])
    expect(lint({ fields: { dialogue: 'Mara: one two three four five six seven eight nine ten eleven' }, durationS: 4 })).toHaveLength(1)
  })

  it('composes toward a key moment with no camera move too', () => {
    expect(composePrompt({ ...shot, camera: '' }, 3)).toBe(
      'A man in his sixties in a rain-dark trench coat, at night, neon reflections on wet cobbles. At 3 s a man in his sixties in a rain-dark trench coat crosses an empty tram street. Lighting: sodium-orange key light. Mood: lonely and tense.',
    )
  })

  it('makes an undefined variable an error and an unnamed linked text a warning', () => {
    const findings = lint({ missingVariables: ['hero'], unnamedTexts: ['a woman in a red coat who walks fast'] })
    expect(findings).toEqual([
      { level: 'error', field: 'vars', message: '{hero} is not defined: link a text with a line “hero: …” or a character named hero' },
      { level: 'warning', field: 'vars', message: 'the linked text “a woman in a red coat who…” names no variable: start it with “name: ”' },
    ])
  })
})

describe('prompt lint about characters', () => {
  it('says what a character gives when a part asks it for something else', () => {
    expect(lint({ missingVariables: ['mara.age'] })).toEqual([
      { level: 'error', field: 'vars', message: '{mara.age} is not defined: a linked character named mara gives {mara} and {mara.description}' },
    ])
  })

  it('warns about a linked character no part names', () => {
    expect(lint({ unusedCharacters: ['Old Tom'] })).toEqual([
      { level: 'warning', field: 'vars', message: 'Old Tom is linked but no part names {old-tom}: the references go to the model, the name does not' },
    ])
  })
})

describe('prompt node', () => {
  function context(logs: string[]): RunContext {
    return { ...standaloneContext(), log: (message) => logs.push(message) }
  }

  it('outputs the fields, filled, and the composed text; warnings go to the log, the run goes on', async () => {
    const logs: string[] = []
    const params = prompt.params.parse({ ...shot, subject: '{hero}', mood: '', durationS: 4 })
    const outputs = await prompt.run({ inputs: { vars: ['hero: a man in his sixties'] }, params, ctx: context(logs) })
    const value = outputs.prompt as PromptValue
    expect(value.kind).toBe('prompt')
    expect(value.fields).toMatchObject({ subject: 'a man in his sixties', camera: shot.camera, durationS: '4' })
    expect(value.text).toMatch(/^A man in his sixties crosses/)
    expect(logs).toEqual(['warning: no mood: a shot prompt works best with all six parts'])
  })

  it('fails on real errors only, with the reason', async () => {
    const params = prompt.params.parse({ ...shot, subject: '{hero}' })
    await expect(prompt.run({ inputs: { vars: undefined }, params, ctx: context([]) })).rejects.toThrow(
      '{hero} is not defined: link a text with a line “hero: …” or a character named hero',
    )
  })

  it('fills names from linked characters and carries their reference sheets, each image once', async () => {
    const logs: string[] = []
    const mara = character('Mara', 'cropped grey hair, red wool coat', [sheet(1), sheet(2)])
    const tom = character('Tom', 'a fisherman', [sheet(2), sheet(3)])
    const params = prompt.params.parse({ ...shot, subject: '{mara}, {mara.description},', action: 'hands {tom} a letter' })
    const outputs = await prompt.run({ inputs: { vars: [mara, 'time: dusk', tom] }, params, ctx: context(logs) })
    const value = outputs.prompt as PromptValue
    expect(value.text).toMatch(/^Mara, cropped grey hair, red wool coat, hands Tom a letter, at night/)
    expect(value.references?.map((ref) => ref.hash[0])).toEqual(['1', '2', '3'])
    expect(logs).toEqual([])
  })

  it('sends the references of a linked character its parts never name, and says so', async () => {
    const logs: string[] = []
    const outputs = await prompt.run({ inputs: { vars: [character('Mara', '', [sheet(1)])] }, params: prompt.params.parse(shot), ctx: context(logs) })
    expect((outputs.prompt as PromptValue).references).toHaveLength(1)
    expect(logs).toEqual(['warning: Mara is linked but no part names {mara}: the references go to the model, the name does not'])
  })

  it('carries no references without characters', async () => {
    const outputs = await prompt.run({ inputs: { vars: ['hero: Ana'] }, params: prompt.params.parse(shot), ctx: context([]) })
    expect(outputs.prompt).not.toHaveProperty('references')
  })

  it('reads its one shot text like a linked text, after the variables: a list of shot texts makes one prompt per shot', async () => {
    const params = prompt.params.parse({ ...shot, subject: '{hero}', action: '{action}' })
    const outputs = await prompt.run({ inputs: { vars: ['hero: Ana', 'action: waits'], text: 'action: runs for the tram' }, params, ctx: context([]) })
    expect((outputs.prompt as PromptValue).fields).toMatchObject({ subject: 'Ana', action: 'runs for the tram' })
    expect(prompt.inputs.text).toMatchObject({ type: 'text', optional: true })
  })

  it('takes characters as well as text on its variables input', () => {
    expect(prompt.inputs.vars).toMatchObject({ type: 'text[]', also: ['character'], optional: true })
  })

  it('has the params documents use, with empty defaults and a 5 s duration; no key moment unless one is typed, so older prompts keep their cache keys', () => {
    expect(Object.keys(prompt.params.shape)).toEqual(['subject', 'action', 'environment', 'camera', 'lighting', 'mood', 'style', 'dialogue', 'durationS', 'keyMomentS'])
    expect(prompt.params.parse({})).toMatchObject({ subject: '', camera: '', durationS: 5 })
    expect(prompt.params.parse({})).not.toHaveProperty('keyMomentS')
  })

  const filmShot = (overrides: Partial<ShotValue> = {}): ShotValue => ({
    kind: 'shot',
    id: '3B',
    scene: '3',
    subject: 'Mara',
    action: 'turns to face the sea',
    environment: 'exterior, Ridge, dusk',
    camera: 'slow dolly in',
    lighting: 'low sun',
    mood: 'tense',
    style: '',
    dialogue: 'Mara: There it is.',
    durationS: 6,
    characters: ['Mara'],
    notes: '',
    ...overrides,
  })

  it('fills its parts from a linked shot; a part typed on the node overrides the shot’s, a film-wide style say', async () => {
    const params = prompt.params.parse({ style: '35 mm film, muted colour', durationS: 3 })
    const outputs = await prompt.run({ inputs: { shot: filmShot() }, params, ctx: context([]) })
    const value = outputs.prompt as PromptValue
    expect(value.fields).toMatchObject({ subject: 'Mara', action: 'turns to face the sea', camera: 'slow dolly in', style: '35 mm film, muted colour', durationS: '6' })
    expect(value.fields).not.toHaveProperty('keyMomentS')
    expect(value.text).toBe(
      'Mara turns to face the sea, exterior, Ridge, dusk. Camera: slow dolly in. Lighting: low sun. Mood: tense. Style: 35 mm film, muted colour. Dialogue: “Mara: There it is.”',
    )
    const overridden = await prompt.run({ inputs: { shot: filmShot() }, params: prompt.params.parse({ camera: 'static' }), ctx: context([]) })
    expect((overridden.prompt as PromptValue).fields.camera).toBe('static')
    expect(prompt.inputs.shot).toMatchObject({ type: 'shot', optional: true })
  })

  it('sends only the linked characters the shot names, matched by name; {name} variables still fill', async () => {
    const mara = character('Mara', 'red wool coat', [sheet(1)])
    const oldTom = character('Old Tom', 'a fisherman', [sheet(2)])
    const logs: string[] = []
    const params = prompt.params.parse({ mood: 'watched by {old-tom}' })
    const alone = await prompt.run({ inputs: { vars: [mara, oldTom], shot: filmShot() }, params, ctx: context(logs) })
    expect((alone.prompt as PromptValue).references?.map((ref) => ref.hash[0])).toEqual(['1'])
    expect((alone.prompt as PromptValue).fields.mood).toBe('watched by Old Tom')
    const together = await prompt.run({ inputs: { vars: [mara, oldTom], shot: filmShot({ characters: ['OLD TOM', 'Mara'] }) }, params, ctx: context(logs) })
    expect((together.prompt as PromptValue).references?.map((ref) => ref.hash[0])).toEqual(['1', '2'])
    expect(logs).toEqual([])
  })

  const still = (n: number, name: string, role: string): AssetRef => ({ kind: 'image', hash: String(n).repeat(64), mime: 'image/png', bytes: 100, meta: { name, role } })

  it('sends each shot the references of its own location and characters, by the names the reference nodes gave them', async () => {
    const ridge = still(4, 'Hillside ridge', 'location')
    const cafe = still(5, 'Station café', 'location')
    const theo = still(6, 'Theo', 'character')
    const look = still(7, 'Dusk look', 'style')
    const references = [ridge, cafe, theo, look]
    const sent = async (shot: ShotValue) => {
      const outputs = await prompt.run({ inputs: { shot, references }, params: prompt.params.parse({}), ctx: context([]) })
      return (outputs.prompt as PromptValue).references?.map((ref) => ref.meta.name)
    }
    // Shot 1 on the ridge with Mara; shot 2 in the café with Theo: each gets its own place only.
    expect(await sent(filmShot({ id: '1A', environment: 'exterior, Hillside Ridge, dusk', characters: ['MARA'] }))).toEqual(['Hillside ridge', 'Dusk look'])
    expect(await sent(filmShot({ id: '2A', environment: 'interior, Station Cafe, night', characters: ['THEO'] }))).toEqual(['Station café', 'Theo', 'Dusk look'])
    // A word of a place is not the place: “Station” alone is not “Station café”.
    expect(await sent(filmShot({ id: '3A', environment: 'exterior, Station, night', characters: [] }))).toEqual(['Dusk look'])
  })

  it('sends every linked reference when no shot is linked', async () => {
    const references = [still(4, 'Hillside ridge', 'location'), still(5, 'Station café', 'location')]
    const outputs = await prompt.run({ inputs: { references }, params: prompt.params.parse(shot), ctx: context([]) })
    expect((outputs.prompt as PromptValue).references).toHaveLength(2)
    expect(prompt.inputs.references).toMatchObject({ type: 'image[]', optional: true })
  })

  it('builds toward a key moment instead of front-loading the action, and carries the moment for the animatic', async () => {
    const outputs = await prompt.run({ inputs: { shot: filmShot({ keyMomentS: 4.5 }) }, params: prompt.params.parse({}), ctx: context([]) })
    const value = outputs.prompt as PromptValue
    expect(value.text).toBe(
      'Mara, exterior, Ridge, dusk. Camera: slow dolly in; at 4.5 s Mara turns to face the sea. Lighting: low sun. Mood: tense. Dialogue: “Mara: There it is.”',
    )
    expect(value.fields).toMatchObject({ durationS: '6', keyMomentS: '4.5' })
    // One typed on the node wins over the shot's.
    const typed = await prompt.run({ inputs: { shot: filmShot({ keyMomentS: 4.5 }) }, params: prompt.params.parse({ keyMomentS: 2 }), ctx: context([]) })
    expect((typed.prompt as PromptValue).fields.keyMomentS).toBe('2')
  })

  it('warns when the key moment falls after the shot ends', async () => {
    const logs: string[] = []
    await prompt.run({ inputs: { shot: filmShot({ keyMomentS: 7 }) }, params: prompt.params.parse({}), ctx: context(logs) })
    expect(logs).toEqual(['warning: the key moment at 7 s falls after the shot ends at 6 s; move it or lengthen the shot'])
  })
})
