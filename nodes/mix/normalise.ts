/**
 * The mix brought to a delivery loudness, its stems by the same gain so they still add up to it,
 * never past the true-peak ceiling (there is no limiter: a mix that cannot get there stops short).
 * Pure, so tests check it in Node.
 */
import { measureLoudness, normalizationGain } from '../../src/media/audio/loudness'
import { applyGainDb } from './timeline'

/** EBU R128's ceiling. */
export const MAX_TRUE_PEAK_DBTP = -1

export interface NormalisedLevel {
  /** The mix's loudness and true peak as delivered; absent when it has no loudness to measure. */
  loudnessLufs?: number
  truePeakDbtp?: number
  /** What a filmmaker should read on the node about the level. */
  notes: string[]
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
    return { notes: ['the mix is too short (under 0.4 s) or too quiet to measure its loudness; its level is left alone'] }
  }
  if (targetLufs === null) {
    return {
      loudnessLufs: measured.integratedLufs,
      truePeakDbtp: measured.truePeakDbtp,
      notes: [`the mix measures ${measured.integratedLufs.toFixed(1)} LUFS, true peak ${measured.truePeakDbtp.toFixed(1)} dBTP`],
    }
  }
  const { gainDb, limitedByPeak } = normalizationGain(measured, { targetLufs, maxTruePeakDbtp: MAX_TRUE_PEAK_DBTP })
  applyGainDb(mix, gainDb)
  for (const stem of stems) applyGainDb(stem, gainDb)
  // Gain moves loudness and true peak by exactly its dB, so there is nothing to measure again.
  const loudnessLufs = measured.integratedLufs + gainDb
  const truePeakDbtp = measured.truePeakDbtp + gainDb
  const notes = [
    `the mix measured ${measured.integratedLufs.toFixed(1)} LUFS; ${gainDb >= 0 ? '+' : ''}${gainDb.toFixed(1)} dB brings it to ${loudnessLufs.toFixed(1)} LUFS, true peak ${truePeakDbtp.toFixed(1)} dBTP`,
  ]
  if (limitedByPeak) {
    notes.push(
      `it stops short of ${targetLufs} LUFS: more gain would push the true peak over ${MAX_TRUE_PEAK_DBTP} dBTP; tame the loudest peaks or lower the target`,
    )
  }
  return { loudnessLufs, truePeakDbtp, notes }
}
