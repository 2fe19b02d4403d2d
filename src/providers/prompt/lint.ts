/*
 * What a director of photography would point out before a take is paid for. Warnings are craft
 * advice: the prompt still runs. Errors are prompts that would send a model something broken.
 */
import { characterVariable } from '../../engine'
import { CAMERA_MOVES, cameraMovesIn, contradictingMoves } from '../camera'
import { dialogueLines, formatSeconds, SHOT_PARTS, wordCount, type ShotFields } from './compose'

export interface Finding {
  level: 'error' | 'warning'
  /** The param it is about, when it is about one. */
  field?: keyof ShotFields | 'durationS' | 'keyMomentS' | 'vars'
  message: string
}

/** Past about this many words, models blur details together; simplify instead of adding. */
export const WORD_LIMIT = 80
/** Spoken words per second at a natural pace. */
export const WORDS_PER_SECOND = 2.5

export interface LintInput {
  /** With variables filled in. */
  fields: ShotFields
  text: string
  durationS: number
  /** When the shot's key moment falls, in seconds from its start. */
  keyMomentS?: number
  /** `{name}`s no linked text defines. */
  missingVariables: readonly string[]
  /** Linked texts that define no variable. */
  unnamedTexts: readonly string[]
  /** Linked characters no field names: their references go to the model, their name does not. */
  unusedCharacters?: readonly string[]
}

export function lintPrompt(input: LintInput): Finding[] {
  return [
    ...emptyPrompt(input.fields),
    ...missingParts(input.fields),
    ...missingVariables(input.missingVariables),
    ...unnamedTexts(input.unnamedTexts),
    ...unusedCharacters(input.unusedCharacters ?? []),
    ...overlong(input.text),
    ...cameraProblems(input.fields.camera),
    ...tooMuchDialogue(input.fields.dialogue, input.durationS),
    ...keyMomentOutside(input.keyMomentS, input.durationS),
  ]
}

function emptyPrompt(fields: ShotFields): Finding[] {
  if (SHOT_PARTS.some((part) => fields[part].trim() !== '')) return []
  return [{ level: 'error', message: 'the prompt is empty: write at least the subject and the action' }]
}

function missingParts(fields: ShotFields): Finding[] {
  const empty = SHOT_PARTS.filter((part) => fields[part].trim() === '')
  // An empty prompt is already an error; six more warnings would only bury it.
  if (empty.length === SHOT_PARTS.length) return []
  return empty.map((field) => ({ level: 'warning', field, message: `no ${field}: a shot prompt works best with all six parts` }))
}

function missingVariables(names: readonly string[]): Finding[] {
  return names.map((name) => {
    const [character, part] = name.split('.')
    const message = part
      ? `{${name}} is not defined: a linked character named ${character} gives {${character}} and {${character}.description}`
      : `{${name}} is not defined: link a text with a line “${name}: …” or a character named ${name}`
    return { level: 'error', field: 'vars', message }
  })
}

function unusedCharacters(names: readonly string[]): Finding[] {
  return names.map((name) => ({
    level: 'warning',
    field: 'vars',
    message: `${name} is linked but no part names {${characterVariable(name)}}: the references go to the model, the name does not`,
  }))
}

function unnamedTexts(texts: readonly string[]): Finding[] {
  return texts.map((text) => ({
    level: 'warning',
    field: 'vars',
    message: `the linked text “${excerpt(text, 30)}” names no variable: start it with “name: ”`,
  }))
}

/** The first words of `text`, up to `limit` characters, cut between words. */
function excerpt(text: string, limit: number): string {
  if (text.length <= limit) return text
  const cut = text.slice(0, limit + 1)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).trimEnd()}…`
}

function overlong(text: string): Finding[] {
  const words = wordCount(text)
  if (words <= WORD_LIMIT) return []
  return [{ level: 'warning', message: `${words} words: past about ${WORD_LIMIT}, models confuse details; simplify` }]
}

function cameraProblems(camera: string): Finding[] {
  if (camera.trim() === '') return []
  const moves = cameraMovesIn(camera)
  if (moves.length === 0) {
    return [{ level: 'warning', field: 'camera', message: `“${camera.trim()}” names no camera move models know (${CAMERA_MOVES.join(', ')})` }]
  }
  return contradictingMoves(moves).map(([a, b]) => ({
    level: 'warning',
    field: 'camera',
    message: `${a} and ${b} pull the frame opposite ways in one shot; keep one`,
  }))
}

function keyMomentOutside(keyMomentS: number | undefined, durationS: number): Finding[] {
  if (keyMomentS === undefined || keyMomentS <= durationS) return []
  return [
    {
      level: 'warning',
      field: 'keyMomentS',
      message: `the key moment at ${formatSeconds(keyMomentS)} s falls after the shot ends at ${formatSeconds(durationS)} s; move it or lengthen the shot`,
    },
  ]
}

/** A speaker's label a shot list puts before a line (`Mara: There it is.`) is not spoken. */
const SPEAKER = /^[\p{L}][\p{L}'’. -]{0,40}:\s+/u

function tooMuchDialogue(dialogue: string, durationS: number): Finding[] {
  const words = wordCount(dialogueLines(dialogue).map((line) => line.replace(SPEAKER, '')).join(' '))
  const fits = Math.floor(durationS * WORDS_PER_SECOND)
  if (words <= fits) return []
  const needs = Math.ceil(words / WORDS_PER_SECOND)
  return [
    {
      level: 'warning',
      field: 'dialogue',
      message: `${words} words of dialogue do not fit ${durationS} s (about ${fits} do); cut lines or make the shot ${needs} s`,
    },
  ]
}
