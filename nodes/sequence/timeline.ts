/*
 * Where each clip falls in a sequence, counted in frames of the sequence's rate, and in samples of
 * its sound: pure arithmetic, so it is tested without a browser.
 */

/** A clip's length in frames of the sequence: its own length in seconds, at the sequence's rate. */
export function framesAtRate(sourceFrames: number, sourceFps: number, fps: number): number {
  return Math.max(1, Math.round((sourceFrames / sourceFps) * fps))
}

/**
 * The moments, in seconds of a clip's own timeline, whose pictures make its `frames` frames of the
 * sequence. Each is the middle of a sequence frame, so a clip at the same rate gives each of its
 * frames once, a faster one drops frames evenly and a slower one repeats them.
 */
export function pictureTimes(frames: number, fps: number, firstTimestampS: number): number[] {
  return Array.from({ length: frames }, (_, frame) => firstTimestampS + (frame + 0.5) / fps)
}

export interface Timeline {
  /** The sequence frame each clip starts on. */
  starts: number[]
  /** Frames in the whole sequence: the clips' frames, less one crossfade for each join. */
  frames: number
}

/** The dissolve at each join, in frames: one number is the same at every join. */
export type Joins = number | readonly number[]

/** The dissolve between clip `index` and the one after it. */
export function joinAfter(joins: Joins, index: number): number {
  return typeof joins === 'number' ? joins : (joins[index] ?? 0)
}

/**
 * Lays the clips end to end; with a dissolve, each clip starts that many frames before the one
 * before it ends. A clip must be long enough for the dissolves at both its ends.
 */
export function sequenceTimeline(clipFrames: number[], joins: Joins): Timeline {
  if (clipFrames.length === 0) throw new Error('link at least one clip into the sequence')
  const starts: number[] = []
  let at = 0
  clipFrames.forEach((frames, index) => {
    const last = index === clipFrames.length - 1
    const fades = (index > 0 ? joinAfter(joins, index - 1) : 0) + (last ? 0 : joinAfter(joins, index))
    if (frames < fades) {
      throw new Error(`clip ${index + 1} is ${frames} frames long, too short for the crossfades at its ends (${fades} frames)`)
    }
    starts.push(at)
    at += frames - (last ? 0 : joinAfter(joins, index))
  })
  return { starts, frames: at }
}

/** One clip's part in a sequence frame: which clip, and how much of it shows (1 outside a crossfade). */
export interface Layer {
  clip: number
  weight: number
}

/**
 * The clips that show on sequence frame `frame`: one, or two during a crossfade, the incoming clip
 * rising from just above 0 to just below 1, so neither end of the fade repeats a plain frame.
 */
export function layersAt(frame: number, timeline: Timeline, clipFrames: number[], joins: Joins): Layer[] {
  const layers: Layer[] = []
  timeline.starts.forEach((start, clip) => {
    if (frame < start || frame >= start + clipFrames[clip]!) return
    const intoClip = frame - start
    const fade = clip > 0 ? joinAfter(joins, clip - 1) : 0
    layers.push({ clip, weight: intoClip < fade ? (intoClip + 1) / (fade + 1) : 1 })
  })
  if (layers.length === 2) layers[0]!.weight = 1 - layers[1]!.weight
  return layers
}

/** Samples of sound that last as long as `frames` frames at `fps`. */
export function samplesFor(frames: number, fps: number, sampleRate: number): number {
  return Math.round((frames / fps) * sampleRate)
}
