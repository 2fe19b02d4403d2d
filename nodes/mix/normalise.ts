/**
 * The mix brought to a delivery loudness, its stems by the same gains so they still add up to it,
 * never past the true-peak ceiling. When gain alone would push the true peak over the ceiling, a
 * look-ahead true-peak limiter takes the peaks down, as broadcast loudness tools do, up to
 * `MAX_LIMITING_DB` of gain reduction; a target that would need more is missed, and said so as a
 * warning with the figure reached. Pure, so tests check it in Node.
 */
import { limiterGains } from '../../src/media/audio/limiter'
import { measureLoudness, normalizationGain, type LoudnessMeasurement } from '../../src/media/audio/loudness'
import { dbToGain } from '../../src/media/audio/gain'
import { applyGainDb } from './timeline'

/** EBU R128's ceiling. */
export const MAX_TRUE_PEAK_DBTP = -1
/** The most the limiter may take off the loudest peak: past this, limiting is heard as pumping. */
export const MAX_LIMITING_DB = 12
/** How close to the target counts as on it (EBU R128 allows ±0.5 LU for programmes). */
export const TARGET_TOLERANCE_LU = 0.5
/** Rounds of gain → limit → measure; each brings the loudness closer, as the limiter takes some back. */
const LIMITING_ROUNDS = 6

export interface NormalisedLevel {
  /** The mix's loudness and true peak as delivered; absent when it has no loudness to measure. */
  loudnessLufs?: number
  truePeakDbtp?: number
  /** The most the limiter took off a peak, in dB; absent when it was not needed. */
  limitedDb?: number
  /** What a filmmaker should read on the node about the level. */
  notes: string[]
  /** A target the mix does not reach, with the figure it reaches. */
  warnings: string[]
}

/** Scales `mix` and `stems` in place to `targetLufs`, or only measures when it is null. */
export function normaliseMix(
  mix: readonly Float32Array[],
  stems: readonly (readonly Float32Array[])[],
  sampleRate: number,
  targetLufs: number | null,
): NormalisedLevel {
  const measured = measureLoudness(mix, sampleRate)
  if (!Number.isFinite(measured.integratedLufs)) {
    return { notes: ['the mix is too short (under 0.4 s) or too quiet to measure its loudness; its level is left alone'], warnings: [] }
  }
  if (targetLufs === null) {
    return {
      loudnessLufs: measured.integratedLufs,
      truePeakDbtp: measured.truePeakDbtp,
      notes: [`the mix measures ${measured.integratedLufs.toFixed(1)} LUFS, true peak ${measured.truePeakDbtp.toFixed(1)} dBTP`],
      warnings: [],
    }
  }
  const { gainDb, limitedByPeak } = normalizationGain(measured, { targetLufs, maxTruePeakDbtp: MAX_TRUE_PEAK_DBTP })
  if (!limitedByPeak) {
    applyGainDb(mix, gainDb)
    for (const stem of stems) applyGainDb(stem, gainDb)
    // Gain moves loudness and true peak by exactly its dB, so there is nothing to measure again.
    const loudnessLufs = measured.integratedLufs + gainDb
    const truePeakDbtp = measured.truePeakDbtp + gainDb
    return {
      loudnessLufs,
      truePeakDbtp,
      notes: [`the mix measured ${measured.integratedLufs.toFixed(1)} LUFS; ${signed(gainDb)} dB brings it to ${loudnessLufs.toFixed(1)} LUFS, true peak ${truePeakDbtp.toFixed(1)} dBTP`],
      warnings: [],
    }
  }
  return limitToTarget(mix, stems, sampleRate, targetLufs, measured)
}

/** Gain past the ceiling, then the limiter, in rounds until the loudness is on the target or the limiting at its most. */
function limitToTarget(
  mix: readonly Float32Array[],
  stems: readonly (readonly Float32Array[])[],
  sampleRate: number,
  targetLufs: number,
  measured: LoudnessMeasurement,
): NormalisedLevel {
  const mostGainDb = MAX_TRUE_PEAK_DBTP - measured.truePeakDbtp + MAX_LIMITING_DB
  let wantedDb = targetLufs - measured.integratedLufs
  let result = limitedAt(mix, sampleRate, Math.min(wantedDb, mostGainDb))
  for (let round = 1; round < LIMITING_ROUNDS && Math.abs(targetLufs - result.loudness.integratedLufs) > 0.05; round++) {
    if (result.gainDb >= mostGainDb && result.loudness.integratedLufs < targetLufs) break
    wantedDb += targetLufs - result.loudness.integratedLufs
    result = limitedAt(mix, sampleRate, Math.min(wantedDb, mostGainDb))
  }
  const { gainDb, gains, loudness } = result
  for (const channels of [mix, ...stems]) applyGains(channels, dbToGain(gainDb), gains)
  const limitedDb = -20 * Math.log10(leastOf(gains))
  const notes = [
    `the mix measured ${measured.integratedLufs.toFixed(1)} LUFS; ${signed(gainDb)} dB and a true-peak limiter (at most ${limitedDb.toFixed(1)} dB off the peaks) bring it to ${loudness.integratedLufs.toFixed(1)} LUFS, true peak ${loudness.truePeakDbtp.toFixed(1)} dBTP`,
  ]
  const warnings =
    targetLufs - loudness.integratedLufs > TARGET_TOLERANCE_LU
      ? [
          `the mix reaches ${loudness.integratedLufs.toFixed(1)} LUFS, short of the ${targetLufs} LUFS target: getting there under the ${MAX_TRUE_PEAK_DBTP} dBTP ceiling would take more than ${MAX_LIMITING_DB} dB of limiting; tame the loudest peaks or lower the target`,
        ]
      : []
  return { loudnessLufs: loudness.integratedLufs, truePeakDbtp: loudness.truePeakDbtp, limitedDb, notes, warnings }
}

interface Limited {
  gainDb: number
  gains: Float32Array
  loudness: LoudnessMeasurement
}

/** The mix at `gainDb` through the limiter, measured; the mix itself is left as it is. */
function limitedAt(mix: readonly Float32Array[], sampleRate: number, gainDb: number): Limited {
  const gain = dbToGain(gainDb)
  const raised = mix.map((channel) => channel.map((sample) => sample * gain))
  let gains = limiterGains(raised, { sampleRate, ceilingDbtp: MAX_TRUE_PEAK_DBTP })
  applyGains(raised, 1, gains)
  let loudness = measureLoudness(raised, sampleRate)
  // The limiter works on each sample's neighbourhood; a peak its smoothing grazes is trimmed by a
  // last fixed gain, which moves loudness and peak by exactly its dB.
  const overDb = loudness.truePeakDbtp - MAX_TRUE_PEAK_DBTP
  if (overDb > 0) {
    const trim = dbToGain(-overDb)
    gains = gains.map((value) => value * trim)
    loudness = { ...loudness, integratedLufs: loudness.integratedLufs - overDb, truePeakDbtp: MAX_TRUE_PEAK_DBTP, samplePeakDbfs: loudness.samplePeakDbfs - overDb }
  }
  return { gainDb, gains, loudness }
}

function applyGains(channels: readonly Float32Array[], gain: number, gains: Float32Array): void {
  for (const channel of channels) for (let index = 0; index < channel.length; index++) channel[index]! *= gain * gains[index]!
}

function leastOf(values: Float32Array): number {
  let least = 1
  for (const value of values) least = Math.min(least, value)
  return least
}

function signed(db: number): string {
  return `${db >= 0 ? '+' : ''}${db.toFixed(1)}`
}
