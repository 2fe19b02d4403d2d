/*
 * What every way into a shot list shares: a shot's defaults, its stable id, how a duration and a
 * key moment are read, and a refusal that says where (line or row) and why.
 */
import type { ShotValue } from '../../src/engine'

/** A feature's shot count and then some (a feature has one to two thousand shots, a short a few dozen). */
export const MAX_SHOTS = 2000

/** How long a shot runs when nothing says: a prompt's own default. */
export const DEFAULT_DURATION_S = 5

/** A shot's fields as a table row holds them: a shot without its `kind`. */
export type ShotRow = Omit<ShotValue, 'kind'>

/** Why a script or a table cannot be read, at its line (from 1): the node shows these and keeps what it had. */
export interface ScriptProblem {
  line: number
  message: string
}

export type ScriptReading = { ok: true; shots: ShotRow[] } | { ok: false; problems: ScriptProblem[] }

export class ScriptRefusal extends Error {
  constructor(readonly problems: readonly ScriptProblem[]) {
    super(problems.map((problem) => `line ${problem.line}: ${problem.message}`).join('; '))
  }
}

export function blankShot(id: string, scene: string): ShotRow {
  return {
    id,
    scene,
    subject: '',
    action: '',
    environment: '',
    camera: '',
    lighting: '',
    mood: '',
    style: '',
    dialogue: '',
    durationS: DEFAULT_DURATION_S,
    characters: [],
    notes: '',
  }
}

/** A shot's letter within its scene: 1 → A, 26 → Z, 27 → AA, as script supervisors letter shots. */
export function shotLetter(index: number): string {
  let letters = ''
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters
  return letters
}

/**
 * A shot's id from its scene and shot: scene 12's first shot is `12A`; a shot given as a number
 * becomes its letter, one given as letters is kept (`12B`). Without a scene the shot alone names it.
 */
export function shotId(scene: string, shot: string | number): string {
  const letters = typeof shot === 'number' ? shotLetter(shot) : /^\d+$/.test(shot.trim()) ? shotLetter(Number(shot.trim())) : shot.trim().toUpperCase()
  return `${scene.trim()}${letters}`
}

/**
 * The id for a new shot in `scene`: the next letter after the scene's shots, so adding a row never
 * takes an id another shot has (ids stay with their shots when rows move).
 */
export function nextShotId(shots: readonly Pick<ShotRow, 'id'>[], scene: string): string {
  const taken = new Set(shots.map((shot) => shot.id))
  for (let index = 1; ; index += 1) {
    const id = shotId(scene, index)
    if (!taken.has(id)) return id
  }
}

/** Seconds written in a script or a cell (“6”, “4.5”, “6 s”, “6s”), or undefined when it is not a number of seconds. */
export function readSeconds(text: string): number | undefined {
  const match = /^\s*(\d+(?:[.,]\d+)?)\s*(?:s|sec|secs|seconds?)?\s*$/i.exec(text)
  return match ? Number((match[1] as string).replace(',', '.')) : undefined
}

/** Problems with a shot's duration and key moment, as the schema would find them, said for a script. */
export function timingProblem(field: 'duration' | 'key moment', text: string): string | undefined {
  const seconds = readSeconds(text)
  if (seconds === undefined) return `${field} “${text.trim()}” is not a number of seconds`
  if (field === 'duration' && (seconds < 1 || seconds > 60)) return `duration ${seconds} s is outside 1–60 s`
  if (field === 'key moment' && seconds > 60) return `key moment ${seconds} s is past 60 s`
  return undefined
}

/** Names as one list, each once, ignoring case; the first spelling wins. */
export function distinctNames(names: readonly string[]): string[] {
  const seen = new Set<string>()
  return names
    .map((name) => name.trim())
    .filter((name) => name !== '' && !seen.has(name.toLowerCase()) && seen.add(name.toLowerCase()))
}

/** A name in caps as a prompt says it: `OLD TOM` → `Old Tom`, `WILL'S DATE` → `Will's Date`. */
export function nameCase(name: string): string {
  return name.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase())
}
