/*
 * A Fountain screenplay broken down into shots (README of this node): fountain-js reads the
 * screenplay's elements; the breakdown decides what is a shot. A scene heading sets the environment
 * of the shots under it; each action paragraph starts a shot; dialogue belongs to the shot before it;
 * a note `[[camera: dolly in; duration: 6; key: 4.5]]` sets fields of the shot it follows (or, before
 * a scene's first action, of the shot to come); speakers named in an action paragraph are its
 * characters.
 */
import { Fountain, type Token } from 'fountain-js'
import { dialogueLines, wordCount } from '../../src/providers/prompt/compose'
import { WORDS_PER_SECOND } from '../../src/providers/prompt/lint'
import {
  blankShot,
  DEFAULT_DURATION_S,
  distinctNames,
  MAX_SHOTS,
  nameCase,
  readSeconds,
  shotId,
  timingProblem,
  type ScriptProblem,
  type ScriptReading,
  type ShotRow,
} from './shots'

/** A line in caps ending in a colon: `FADE IN:`, `SUPER:`, `INTERCUT WITH:`. */
const TRANSITION_LIKE = /^[A-Z0-9 .'’-]+:$/

/** A shot whose dialogue needs longer than the default runs that long and a second more, up to this. */
const LONGEST_GUESSED_S = 20

export function breakDownFountain(source: string): ScriptReading {
  const tokens = new Fountain().parse(source, true).tokens.filter((token) => !token.is_title)
  const notes = notesIn(source)
  const speakers = speakersOf(tokens)
  const shots: ShotRow[] = []
  const problems: ScriptProblem[] = []
  /** Shots whose duration a note gave: the others are fitted to their dialogue at the end. */
  const timed = new Set<ShotRow>()
  let scene = ''
  let sceneCount = 0
  let environment = ''
  let shotInScene = 0
  let current: ShotRow | undefined
  /** Notes met before a scene's first action: they set the shot to come. */
  let waiting: string[] = []

  const startShot = (action: string): ShotRow => {
    if (scene === '') {
      // Action before any scene heading (a cold open): scene 1 without a place.
      sceneCount = 1
      scene = '1'
    }
    shotInScene += 1
    const shot: ShotRow = { ...blankShot(shotId(scene, shotInScene), scene), environment, action }
    shots.push(shot)
    for (const note of waiting) applyNote(shot, note)
    waiting = []
    return shot
  }
  const applyNote = (shot: ShotRow | undefined, body: string) => {
    if (!shot) {
      waiting.push(body)
      return
    }
    const line = notes.lineOf(body)
    for (const problem of setFromNote(shot, body)) problems.push({ line, message: `[[${body.trim()}]]: ${problem}` })
    if (/(^|;)\s*duration\s*:/i.test(body)) timed.add(shot)
  }

  let speaker: string | undefined
  /** How far into the source the breakdown has read, so a refusal can name the line it stopped at. */
  let cursor = 0
  for (const token of tokens) {
    if (token.type === 'action') {
      const first = (token.text ?? '').split('\n')[0]?.trim() ?? ''
      const at = first === '' ? -1 : source.indexOf(first, cursor)
      if (at >= 0) cursor = at
    }
    switch (token.type) {
      case 'scene_heading':
        sceneCount += 1
        scene = token.scene_number?.trim() || String(sceneCount)
        environment = environmentOf(token.text ?? '')
        shotInScene = 0
        current = undefined
        waiting = []
        break
      case 'action': {
        const { text, noteBodies } = withoutNotes(token.text ?? '')
        // `FADE IN:` and `SUPER:` lines are read as action by Fountain, but are no shot.
        if (text !== '' && !TRANSITION_LIKE.test(text)) {
          current = startShot(text)
          current.characters = charactersIn(text, speakers)
        }
        for (const body of noteBodies) applyNote(current, body)
        break
      }
      case 'note':
        applyNote(current, token.text ?? '')
        break
      case 'character':
        speaker = cueName(token.text ?? '')
        break
      case 'dialogue': {
        const { text, noteBodies } = withoutNotes(token.text ?? '')
        // A scene that opens on dialogue: the dialogue makes its own shot.
        current ??= startShot('')
        if (speaker !== undefined) {
          const said = dialogueLines(text).join(' ')
          if (said !== '') current.dialogue = [current.dialogue, `${nameCase(speaker)}: ${said}`].filter(Boolean).join('\n')
          if (!offScreen(token, tokens)) current.characters = distinctNames([...current.characters, nameCase(speaker)])
        }
        for (const body of noteBodies) applyNote(current, body)
        break
      }
      case 'dialogue_end':
        speaker = undefined
        break
    }
    if (shots.length > MAX_SHOTS) {
      return { ok: false, problems: [{ line: lineAt(source, cursor), message: `starts shot ${MAX_SHOTS + 1}: a shot list holds at most ${MAX_SHOTS}; split the script` }] }
    }
  }
  if (problems.length > 0) return { ok: false, problems }
  if (shots.length === 0) return { ok: false, problems: [{ line: 1, message: 'has no action paragraph: a shot starts with one (is this a Fountain screenplay?)' }] }
  for (const shot of shots) {
    if (shot.subject === '') shot.subject = joinNames(shot.characters)
    if (!timed.has(shot)) shot.durationS = fittedDuration(shot.dialogue)
  }
  return { ok: true, shots }
}

/** “Mara”, “Mara and Tom”, “Mara, Tom and Ines”. */
function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

/** Long enough to speak the shot's dialogue at a natural pace, and a second to breathe. */
function fittedDuration(dialogue: string): number {
  const words = wordCount(dialogue.replace(/^[^:\n]+:/gm, ''))
  if (words === 0) return DEFAULT_DURATION_S
  return Math.min(LONGEST_GUESSED_S, Math.max(DEFAULT_DURATION_S, Math.ceil(words / WORDS_PER_SECOND) + 1))
}

/**
 * Where in the source each `[[note]]` is, so a refusal can name its line. Notes are looked up in
 * the order the breakdown meets them, which is the order they are written in.
 */
function notesIn(source: string) {
  const found = [...source.matchAll(/\[\[([\s\S]*?)\]\]/g)].map((match) => ({
    body: squash(match[1] as string),
    line: lineAt(source, match.index),
  }))
  let next = 0
  return {
    lineOf(body: string): number {
      const index = found.findIndex((note, i) => i >= next && note.body === squash(body))
      if (index < 0) return found[next]?.line ?? 1
      next = index + 1
      return found[index]?.line ?? 1
    },
  }
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function lineAt(text: string, index: number): number {
  let line = 1
  for (let i = 0; i < index; i += 1) if (text.charCodeAt(i) === 10) line += 1
  return line
}

/** An action or dialogue text without its inline `[[notes]]` and emphasis marks, and the notes' bodies. */
function withoutNotes(raw: string): { text: string; noteBodies: string[] } {
  const noteBodies = [...raw.matchAll(/\[\[([\s\S]*?)\]\]/g)].map((match) => match[1] as string)
  const text = raw
    .replace(/\[\[[\s\S]*?\]\]/g, '')
    .replace(/(\*{1,3}|_)(?=\S)([^*_\n]+?)(?<=\S)\1/g, '$2')
    .replace(/\\([*_])/g, '$1')
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim()
  return { text, noteBodies }
}

/** A note's `field: value` parts set the shot; parts it does not know go to the shot's notes. */
function setFromNote(shot: ShotRow, body: string): string[] {
  const problems: string[] = []
  for (const part of body.split(';').map((piece) => piece.trim()).filter(Boolean)) {
    const named = /^([A-Za-z][A-Za-z ]*?)\s*:\s*([\s\S]*)$/.exec(part)
    const field = named ? noteField((named[1] as string).toLowerCase()) : undefined
    const value = named ? (named[2] as string).trim() : ''
    if (!field) {
      shot.notes = [shot.notes, part].filter(Boolean).join('\n')
      continue
    }
    if (field === 'durationS' || field === 'keyMomentS') {
      const problem = timingProblem(field === 'durationS' ? 'duration' : 'key moment', value)
      if (problem) problems.push(problem)
      else shot[field] = readSeconds(value) as number
    } else if (field === 'characters') {
      shot.characters = distinctNames([...shot.characters, ...value.split(',').map(nameCase)])
    } else {
      shot[field] = value
    }
  }
  return problems
}

type NoteField = Exclude<keyof ShotRow, 'id' | 'scene'>

function noteField(name: string): NoteField | undefined {
  const fields: Record<string, NoteField> = {
    subject: 'subject',
    action: 'action',
    environment: 'environment',
    location: 'environment',
    camera: 'camera',
    lighting: 'lighting',
    light: 'lighting',
    mood: 'mood',
    style: 'style',
    duration: 'durationS',
    key: 'keyMomentS',
    'key moment': 'keyMomentS',
    characters: 'characters',
    cast: 'characters',
    note: 'notes',
    notes: 'notes',
  }
  return fields[name.replace(/\s+/g, ' ')]
}

/**
 * A scene heading as a prompt's environment: `INT. WILL'S BEDROOM - NIGHT (1973)` becomes
 * “interior, Will's Bedroom, night (1973)”.
 */
export function environmentOf(heading: string): string {
  const match = /^\s*(INT\.?\s*\/\s*EXT|EXT\.?\s*\/\s*INT|I\s*\/\s*E|INT|EXT|EST)\.?\s*(.*)$/i.exec(heading)
  const setting = match ? settingOf((match[1] as string).toUpperCase()) : undefined
  const rest = (match ? (match[2] as string) : heading).replace(/^\.+/, '').trim()
  const parts = rest.split(/\s+[-–—]\s+/).map((part) => part.trim()).filter(Boolean)
  const place = parts.length > 1 ? parts.slice(0, -1).join(', ') : (parts[0] ?? '')
  const time = parts.length > 1 ? (parts.at(-1) as string).toLowerCase() : ''
  return [setting, place && nameCase(place), time].filter(Boolean).join(', ')
}

function settingOf(prefix: string): string {
  if (prefix.startsWith('INT') && prefix.includes('EXT')) return 'interior and exterior'
  if (prefix.startsWith('EXT') && prefix.includes('INT')) return 'interior and exterior'
  if (prefix.startsWith('I')) return prefix === 'INT' ? 'interior' : 'interior and exterior'
  return 'exterior'
}

/** A cue's name: `EDWARD (V.O.)(CONT'D)` → `EDWARD`; `@McCLANE` → `McCLANE`; `BRICK ^` → `BRICK`. */
function cueName(cue: string): string {
  return cue
    .replace(/\([^)]*\)/g, '')
    .replace(/[\^@]/g, '')
    .trim()
}

/** Whether the speaker of this dialogue is heard but not seen: a voice-over or off-screen cue. */
function offScreen(dialogue: Token, tokens: readonly Token[]): boolean {
  const index = tokens.indexOf(dialogue)
  for (let i = index - 1; i >= 0; i -= 1) {
    const token = tokens[i] as Token
    if (token.type === 'character') return /\((?:V\.?\s*O|O\.?\s*S|O\.?\s*C)\.?\)/i.test(token.text ?? '')
    if (token.type === 'dialogue_begin') return false
  }
  return false
}

/** Every name that speaks in the script, in caps as its cues write it. */
function speakersOf(tokens: readonly Token[]): Set<string> {
  const names = new Set<string>()
  for (const token of tokens) if (token.type === 'character') names.add(cueName(token.text ?? '').toUpperCase())
  names.delete('')
  return names
}

/**
 * The characters in an action paragraph: each speaker of the script it names (in caps, as a first
 * appearance is written, or in name case), and a name in caps who may never speak, introduced with
 * an age (“RUTHIE MACKLIN, 8,”) or opening a sentence with what they do (“MARA waits.”). Sounds
 * and camera words in caps inside a sentence (“The SCREEN DOOR slides”) are not names.
 */
function charactersIn(action: string, speakers: ReadonlySet<string>): string[] {
  const found: string[] = []
  for (const speaker of speakers) {
    const asWritten = new RegExp(`(^|[^\\p{L}])(${escape(speaker)}|${escape(nameCase(speaker))})(?![\\p{L}])`, 'u')
    if (asWritten.test(action)) found.push(nameCase(speaker))
  }
  const introduced = [
    // “RUTHIE MACKLIN, 8,”: a name in caps with an age.
    ...action.matchAll(/\b([A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){0,2})(?=,? *\(?(?:age |AGE )?\d)/g),
    // “MARA waits.”: a name in caps opening a sentence, doing something (action is written in the present).
    ...action.matchAll(/(?:^|[.!?]\s+)([A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){0,2}) (?=[a-z]+s\b)/g),
  ]
  for (const match of introduced) {
    const name = match[1] as string
    if (name !== 'AGE' && ![...speakers].some((speaker) => name.includes(speaker))) found.push(nameCase(name))
  }
  // In the order the action names them.
  const at = (name: string) => action.toLowerCase().indexOf(name.toLowerCase())
  return distinctNames(found.sort((a, b) => at(a) - at(b)))
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
