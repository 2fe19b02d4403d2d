/*
 * Level, fades and ducking as pure functions over Float32Array samples. The mix renders through an
 * OfflineAudioContext; these give it fades and ducking as one gain per sample (an
 * AudioBufferSourceNode playing them into a GainNode's `gain` applies them sample-accurately), and
 * give tests the same numbers without a browser.
 */

export function dbToGain(db: number): number {
  return 10 ** (db / 20)
}

/** −Infinity for silence. */
export function gainToDb(gain: number): number {
  return 20 * Math.log10(Math.abs(gain))
}

/** RMS level in dBFS (a full-scale sine reads −3.01) of `samples[start, end)`; −Infinity for silence. */
export function rmsDb(samples: Float32Array, start = 0, end = samples.length): number {
  if (start < 0 || end > samples.length || end <= start) {
    throw new RangeError(`rmsDb needs a non-empty range within the ${samples.length} samples, not [${start}, ${end})`)
  }
  let sumOfSquares = 0
  for (let index = start; index < end; index++) sumOfSquares += samples[index]! ** 2
  return 10 * Math.log10(sumOfSquares / (end - start))
}

/**
 * `linear` fades amplitude in a straight line: right for a fade to or from silence.
 * `equal-power` follows a quarter sine, so a fade-out overlapping a fade-in keeps their summed power
 * constant: right for crossfades between uncorrelated material.
 */
export type FadeCurve = 'linear' | 'equal-power'

export interface FadeShape {
  direction: 'in' | 'out'
  curve: FadeCurve
}

/** The gain of a fade `progress` of the way through (0 = start, 1 = end). */
export function fadeGain(progress: number, { direction, curve }: FadeShape): number {
  const clamped = Math.min(1, Math.max(0, progress))
  const rising = direction === 'in' ? clamped : 1 - clamped
  return curve === 'linear' ? rising : Math.sin((rising * Math.PI) / 2)
}

/**
 * A fade as `length` gains, one a sample, sample i at progress i/length, as ffmpeg's `afade` does: a
 * fade-in starts at exactly 0 and reaches 1 on the sample after it; a fade-out starts at exactly 1
 * and reaches 0 on the sample after it.
 */
export function fadeCurve(length: number, shape: FadeShape): Float32Array {
  const curve = new Float32Array(length)
  for (let index = 0; index < length; index++) curve[index] = fadeGain(index / length, shape)
  return curve
}

export interface Fades {
  fadeInS: number
  fadeOutS: number
  curve: FadeCurve
}

/**
 * A copy of `samples` with a fade-in over the first `fadeInS` and a fade-out over the last
 * `fadeOutS`, each rounded to whole samples. Where the two overlap (a clip shorter than both), the
 * gains multiply.
 */
export function applyFades(
  samples: Float32Array,
  sampleRate: number,
  { fadeInS, fadeOutS, curve }: Fades,
): Float32Array {
  const faded = Float32Array.from(samples)
  const fadeInLength = Math.min(samples.length, Math.round(fadeInS * sampleRate))
  const fadeIn = fadeCurve(fadeInLength, { direction: 'in', curve })
  for (let index = 0; index < fadeInLength; index++) faded[index]! *= fadeIn[index]!
  const fadeOutLength = Math.min(samples.length, Math.round(fadeOutS * sampleRate))
  const fadeOut = fadeCurve(fadeOutLength, { direction: 'out', curve })
  const fadeOutStart = samples.length - fadeOutLength
  for (let index = 0; index < fadeOutLength; index++) faded[fadeOutStart + index]! *= fadeOut[index]!
  return faded
}

export interface DuckingSettings {
  /** Sidechain RMS level (dBFS, over the detector window) above which the track is ducked. */
  thresholdDb: number
  /** How far the track goes down while the sidechain is above the threshold (positive dB). */
  amountDb: number
  /** Time to go all the way down. */
  attackMs: number
  /** Time to come all the way back up once the sidechain has fallen below the threshold. */
  releaseMs: number
  /**
   * How long the track stays down after the sidechain drops below the threshold, so the score does
   * not swell in the short gaps between words. Default 100 ms.
   */
  holdMs?: number
}

/**
 * The sidechain level is the RMS of its last 20 ms: long enough to ride over the cycles of a low
 * voice (80 Hz is 12.5 ms), short enough to catch the start of a word.
 */
const DETECTOR_WINDOW_S = 0.02
const DEFAULT_HOLD_MS = 100

/**
 * The gain, one value a sample, that ducks a track (score, ambience) under `sidechain` (the
 * dialogue): 1 while the sidechain is quiet, `−amountDb` while it is above `thresholdDb`. The gain
 * moves in a straight line in dB, so `attackMs` and `releaseMs` are the times a full move takes,
 * which is what a filmmaker setting them expects, rather than exponential time constants.
 */
export function duckingEnvelope(
  sidechain: Float32Array,
  sampleRate: number,
  settings: DuckingSettings,
): Float32Array {
  const { thresholdDb, amountDb, attackMs, releaseMs, holdMs = DEFAULT_HOLD_MS } = settings
  if (amountDb < 0) throw new RangeError(`amountDb is how far to duck, a positive number of dB, not ${amountDb}`)
  if (attackMs < 0 || releaseMs < 0 || holdMs < 0) {
    throw new RangeError('attack, release and hold times cannot be negative')
  }
  const windowLength = Math.max(1, Math.round(DETECTOR_WINDOW_S * sampleRate))
  const thresholdPower = 10 ** (thresholdDb / 10)
  const holdLength = Math.round((holdMs / 1000) * sampleRate)
  // Per-sample dB steps; a zero time means an immediate move.
  const attackStepDb = amountDb / ((attackMs / 1000) * sampleRate)
  const releaseStepDb = amountDb / ((releaseMs / 1000) * sampleRate)
  const envelope = new Float32Array(sidechain.length)
  let windowSumOfSquares = 0
  let samplesSinceAbove = Infinity
  let gainDb = 0
  let gain = 1 // dbToGain(gainDb), recomputed only while the gain moves
  for (let index = 0; index < sidechain.length; index++) {
    windowSumOfSquares += sidechain[index]! ** 2
    if (index >= windowLength) windowSumOfSquares -= sidechain[index - windowLength]! ** 2
    // Clamped because subtracting squares in floating point can leave a tiny negative residue.
    const windowPower = Math.max(0, windowSumOfSquares) / windowLength
    samplesSinceAbove = windowPower >= thresholdPower ? 0 : samplesSinceAbove + 1
    const targetDb = samplesSinceAbove <= holdLength ? -amountDb : 0
    if (targetDb !== gainDb) {
      gainDb =
        targetDb < gainDb ? Math.max(targetDb, gainDb - attackStepDb) : Math.min(targetDb, gainDb + releaseStepDb)
      gain = dbToGain(gainDb)
    }
    envelope[index] = gain
  }
  return envelope
}
