/*
 * A look-ahead true-peak limiter, as broadcast loudness tools use to reach a loudness target under a
 * true-peak ceiling (EBU R128 asks for −1 dBTP): the gain it needs is worked out on the 4× oversampled
 * peaks of BS.1770-4 Annex 2, held from `lookahead` before each peak and eased in over that time, so
 * the gain is down when the peak arrives and nothing overshoots; it recovers over `release`. Offline,
 * so the look-ahead adds no delay. Pure, so tests check it in Node.
 */
import { dbToGain } from './gain'
import { truePeakEnvelope } from './loudness'

export interface LimiterSettings {
  sampleRate: number
  ceilingDbtp: number
  /** How long before a peak the gain starts to go down; 5 ms by default. */
  lookaheadS?: number
  /** How long the gain takes to come most of the way back up; 80 ms by default. */
  releaseS?: number
}

/** Samples behind each one whose peaks its gain also answers for: the interpolator's reach. */
const HOLD_BEHIND = 8

/**
 * The gain for each sample (at most 1) that keeps the true peak of `channels` under the ceiling,
 * the same for every channel so the stereo image holds.
 */
export function limiterGains(channels: readonly Float32Array[], settings: LimiterSettings): Float32Array {
  const { sampleRate, ceilingDbtp, lookaheadS = 0.005, releaseS = 0.08 } = settings
  const ceiling = dbToGain(ceilingDbtp)
  const peaks = truePeakEnvelope(channels)
  const length = peaks.length
  const needed = new Float32Array(length)
  for (let index = 0; index < length; index++) needed[index] = peaks[index]! > ceiling ? ceiling / peaks[index]! : 1
  const lookahead = Math.max(1, Math.round(lookaheadS * sampleRate))
  // Each sample's gain is the least any sample within the look-ahead after it (and a little before) needs.
  const held = windowMinimum(needed, HOLD_BEHIND, lookahead - 1)
  // Down at once, back up with the release's time constant: never above what is held.
  const recovery = 1 - Math.exp(-1 / (releaseS * sampleRate))
  let gain = 1
  for (let index = 0; index < length; index++) {
    gain = Math.min(held[index]!, gain + (1 - gain) * recovery)
    held[index] = gain
  }
  // Eased in over the look-ahead: each gain the mean of the `lookahead` before it, every one of which
  // already answers for this sample's peak, so the mean does too.
  const gains = new Float32Array(length)
  let sum = 0
  for (let index = 0; index < length; index++) {
    sum += held[index]!
    if (index >= lookahead) sum -= held[index - lookahead]!
    const count = Math.min(index + 1, lookahead)
    // Before a full window, the missing gains are taken as the first one (the programme starts held).
    gains[index] = (sum + (lookahead - count) * held[0]!) / lookahead
  }
  return gains
}

/** For each index, the minimum of `values` from `behind` before it to `ahead` after it (a monotonic queue). */
function windowMinimum(values: Float32Array, behind: number, ahead: number): Float32Array {
  const length = values.length
  const minimum = new Float32Array(length)
  const queue = new Int32Array(length)
  let head = 0
  let tail = 0
  let next = 0
  for (let index = 0; index < length; index++) {
    for (const end = Math.min(length - 1, index + ahead); next <= end; next++) {
      while (tail > head && values[queue[tail - 1]!]! >= values[next]!) tail--
      queue[tail++] = next
    }
    while (queue[head]! < index - behind) head++
    minimum[index] = values[queue[head]!]!
  }
  return minimum
}
