/*
 * A shot prompt composed from its parts, in the order video models read best: subject, action,
 * environment, camera movement, lighting, mood, then style and dialogue. `{name}` variables are
 * filled from linked texts and characters before composing.
 */
import { characterVariable, distinctAssets, type AssetRef, type CharacterValue } from '../../engine'


export const SHOT_PARTS = ['subject', 'action', 'environment', 'camera', 'lighting', 'mood'] as const
export type ShotPart = (typeof SHOT_PARTS)[number]

export interface ShotFields {
  subject: string
  action: string
  environment: string
  camera: string
  lighting: string
  mood: string
  style: string
  /** One spoken line per line of text. */
  dialogue: string
}

export const FIELD_NAMES = [...SHOT_PARTS, 'style', 'dialogue'] as const satisfies readonly (keyof ShotFields)[]

const NAME = /^\s*([A-Za-z][\w-]*)\s*:\s*(.*)$/
/** `{name}`, or a character's `{name.description}`; names as `characterVariable` makes them. */
const PLACEHOLDER = /\{([\p{L}\p{N}_][\p{L}\p{N}_-]*(?:\.[\p{L}]+)?)\}/gu

export interface Variables {
  values: Map<string, string>
  /** Linked texts that name no variable: their words would otherwise vanish without a word. */
  unnamed: string[]
  /** Linked characters, in link order: their reference sheets go with the prompt. */
  characters: CharacterValue[]
}

/**
 * Variables from linked texts and characters. In a text, a line `name: value` defines `{name}`;
 * the lines after it, up to the next `name:`, continue its value, so one text can hold a
 * character's whole description or several short variables. A character defines `{name}` as its
 * name and `{name.description}` as its description. Names are matched without regard to case; a
 * later link wins over an earlier one that defines the same name.
 */
export function variablesFrom(linked: readonly (string | CharacterValue)[]): Variables {
  const values = new Map<string, string>()
  const unnamed: string[] = []
  const characters: CharacterValue[] = []
  for (const text of linked) {
    if (typeof text !== 'string') {
      const key = characterVariable(text.name)
      values.set(key, text.name.trim())
      values.set(`${key}.description`, text.description.trim())
      characters.push(text)
      continue
    }
    let current: string | undefined
    for (const line of text.split('\n')) {
      const named = NAME.exec(line)
      if (named) {
        current = (named[1] as string).toLowerCase()
        values.set(current, (named[2] as string).trim())
      } else if (current !== undefined && line.trim() !== '') {
        values.set(current, `${values.get(current)} ${line.trim()}`.trim())
      }
    }
    if (current === undefined && text.trim() !== '') unnamed.push(text.trim())
  }
  return { values, unnamed, characters }
}

/** The reference images of the characters, each once, in link order. */
export function characterReferences(characters: readonly CharacterValue[]): AssetRef[] {
  return distinctAssets(characters.flatMap((character) => character.references))
}

/** Whether any field names this variable, as `{name}` or `{name.…}`. */
export function namesVariable(fields: ShotFields, key: string): boolean {
  return FIELD_NAMES.some((field) => [...fields[field].matchAll(PLACEHOLDER)].some((match) => (match[1] as string).toLowerCase().split('.')[0] === key))
}

/** The fields with every known `{name}` filled in, and the names no linked text defines. */
export function fillVariables(fields: ShotFields, variables: ReadonlyMap<string, string>): { fields: ShotFields; missing: string[] } {
  const missing = new Set<string>()
  const filled = { ...fields }
  for (const name of FIELD_NAMES) {
    filled[name] = fields[name].replace(PLACEHOLDER, (whole, key: string) => {
      const value = variables.get(key.toLowerCase())
      if (value === undefined) missing.add(key)
      return value ?? whole
    })
  }
  return { fields: filled, missing: [...missing] }
}

/** The dialogue's spoken lines, without blanks. */
export function dialogueLines(dialogue: string): string[] {
  return dialogue
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/**
 * The prompt text a model receives. Subject and action make the first sentence with the
 * environment; camera, lighting and mood follow as labelled sentences, which models follow more
 * reliably than a run-on list. With a key moment the shot builds toward it: the scene is set
 * first, and the action comes at its time after the camera move (“Camera: slow push in; at 4.5 s
 * Mara turns”), instead of the whole action up front.
 */
export function composePrompt(fields: ShotFields, keyMomentS?: number): string {
  const opening = [clean(fields.subject), keyMomentS === undefined ? clean(fields.action) : ''].filter(Boolean).join(' ')
  const scene = [opening, clean(fields.environment)].filter(Boolean).join(', ')
  const sentences = [
    scene && capitalise(scene),
    ...(keyMomentS === undefined ? [fields.camera.trim() && `Camera: ${clean(fields.camera)}`] : [buildUp(fields, keyMomentS)]),
    fields.lighting.trim() && `Lighting: ${clean(fields.lighting)}`,
    fields.mood.trim() && `Mood: ${clean(fields.mood)}`,
    fields.style.trim() && `Style: ${clean(fields.style)}`,
  ].filter(Boolean)
  const lines = dialogueLines(fields.dialogue)
  const spoken = lines.length > 0 ? ` Dialogue: ${lines.map((line) => `“${line.replace(/^["“]|["”]$/g, '')}”`).join(' ')}` : ''
  return sentences.map((sentence) => `${sentence}.`).join(' ') + spoken
}

/** The camera move, then the action at its moment: “Camera: dolly in; at 4.5 s Mara turns”. */
function buildUp(fields: ShotFields, keyMomentS: number): string {
  const moment = [clean(fields.subject), clean(fields.action)].filter(Boolean).join(' ')
  const at = moment && `at ${formatSeconds(keyMomentS)} s ${moment}`
  if (fields.camera.trim() === '') return at && capitalise(at)
  return [`Camera: ${clean(fields.camera)}`, at].filter(Boolean).join('; ')
}

/** Seconds as a person writes them: `4.5`, `6`. */
export function formatSeconds(seconds: number): string {
  return String(Math.round(seconds * 100) / 100)
}

function clean(text: string): string {
  return text.trim().replace(/\s+/g, ' ').replace(/[.\s]+$/, '')
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length
}
