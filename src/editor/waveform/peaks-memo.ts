import type { AssetStore } from '../../storage'
import { decodeAudioFile } from '../../media/audio/decode'
import { waveformPeaks, type WaveformPeaks } from '../../media/audio/peaks'

/** Columns a waveform is measured in, once per sound; drawing fits them to the node's width. */
const COLUMNS = 1024
/** Decoding rate: a mix (48 kHz WAV) is read sample for sample, other files are resampled by the browser. */
const PEAKS_RATE = 48000
/** Sounds whose peaks are kept; each costs 8 KB. */
const KEPT = 128

/**
 * Peaks by content hash: a sound is decoded once however many nodes and previews show it. The
 * bytes behind a hash never change, so what is kept can never be out of date.
 */
const measured = new Map<string, Promise<WaveformPeaks>>()

export function soundPeaks(assets: AssetStore, hash: string): Promise<WaveformPeaks> {
  const kept = measured.get(hash)
  if (kept) {
    // Most recently asked for goes to the back, so the oldest is forgotten first.
    measured.delete(hash)
    measured.set(hash, kept)
    return kept
  }
  const peaks = measure(assets, hash)
  measured.set(hash, peaks)
  // A failure is not kept: the next look tries again (the asset may have been stored meanwhile).
  peaks.catch(() => measured.delete(hash))
  if (measured.size > KEPT) measured.delete(measured.keys().next().value!)
  return peaks
}

async function measure(assets: AssetStore, hash: string): Promise<WaveformPeaks> {
  const bytes = await (await assets.get(hash)).arrayBuffer()
  const { channels, sampleRate } = await decodeAudioFile(bytes, PEAKS_RATE)
  return waveformPeaks(channels, sampleRate, COLUMNS)
}
