/*
 * What a drag or a key on the timeline does to the sequence's `clips` param: each edit takes the
 * entries as the document holds them and gives the whole new list, which the panel writes as one
 * param change (one undo step). An edit the cut cannot hold (a clip shorter than its dissolves) gives
 * undefined, and the timeline keeps what it had.
 */
import { clipEditSchema, editOf, playOrder, type ClipEdit, type ClipLength, type Edit } from '../../../nodes/sequence/edit'

/** A linked clip as the timeline knows it: its length, and its name for the person. */
export interface TimelineClip extends ClipLength {
  name: string
}

/** The sequence's params the timeline reads and writes. */
export interface SequenceEdit {
  crossfadeS: number
  clips: ClipEdit[]
}

/** One entry per link, those the document lacks (a link just made) at their defaults. */
export function entriesFor(linkCount: number, stored: unknown): ClipEdit[] {
  const list = Array.isArray(stored) ? stored : []
  return Array.from({ length: linkCount }, (_, link) => {
    const parsed = clipEditSchema.safeParse(list[link] ?? {})
    return parsed.success ? parsed.data : clipEditSchema.parse({})
  })
}

/** The cut these entries make, or undefined when it cannot be made (the run would say why). */
export function tryEdit(clips: readonly ClipLength[], edit: SequenceEdit, fps: number): Edit | undefined {
  try {
    return editOf(clips, edit.clips, edit.crossfadeS, fps)
  } catch {
    return undefined
  }
}

/** The sequence's rate: that of the clip that plays first. */
export function sequenceRate(clips: readonly ClipLength[], entries: readonly ClipEdit[]): number {
  const first = playOrder(clips.length, entries)[0]
  return first === undefined ? 24 : clips[first]!.fps
}

/**
 * Moves the clip at play position `from` to `to`. Every clip gets its place, and each join keeps its
 * dissolve: the edit points stay where they were, the clips move between them.
 */
export function moveClip(entries: readonly ClipEdit[], from: number, to: number): ClipEdit[] {
  const order = playOrder(entries.length, entries)
  const dissolves = order.map((link) => entries[link]!.dissolveS)
  const [moved] = order.splice(from, 1)
  if (moved === undefined) return [...entries]
  order.splice(Math.max(0, Math.min(order.length, to)), 0, moved)
  const next = entries.map((entry) => ({ ...entry }))
  order.forEach((link, place) => {
    const entry = next[link]!
    entry.place = place
    if (dissolves[place] === undefined) delete entry.dissolveS
    else entry.dissolveS = dissolves[place]
  })
  return next
}

/** Sets a clip's in point (seconds from its first frame, snapped to its frames). */
export function setIn(entries: readonly ClipEdit[], link: number, clip: ClipLength, seconds: number): ClipEdit[] {
  return entries.map((entry, at) => (at === link ? { ...entry, inS: snapToFrame(Math.max(0, seconds), clip.fps) } : entry))
}

/** Sets a clip's out point; at the clip's end it is left empty, so the cut follows the clip. */
export function setOut(entries: readonly ClipEdit[], link: number, clip: ClipLength, seconds: number): ClipEdit[] {
  const snapped = snapToFrame(seconds, clip.fps)
  return entries.map((entry, at) => {
    if (at !== link) return entry
    const rest = { ...entry }
    delete rest.outS
    return Math.round(snapped * clip.fps) >= clip.frameCount ? rest : { ...rest, outS: snapped }
  })
}

/** Sets the dissolve into a clip from the one before it, in seconds (snapped to the sequence's frames). */
export function setDissolve(entries: readonly ClipEdit[], link: number, seconds: number, fps: number): ClipEdit[] {
  return entries.map((entry, at) => (at === link ? { ...entry, dissolveS: snapToFrame(Math.max(0, Math.min(10, seconds)), fps) } : entry))
}

/** The start of the frame nearest `seconds`, written as few digits as make it exact again. */
export function snapToFrame(seconds: number, fps: number): number {
  const frame = Math.round(seconds * fps)
  return Number((frame / fps).toFixed(6))
}
