/*
 * A sound's waveform as a person sees it on a node: for each of a fixed number of columns, the
 * lowest and highest sample of any channel in that stretch of time. Pure, so it is tested in Node.
 */

export interface WaveformPeaks {
  /** Seconds the columns span. */
  durationS: number
  /** Lowest sample per column, −1 to 1. */
  min: Float32Array
  /** Highest sample per column, −1 to 1. */
  max: Float32Array
}

/**
 * The waveform of `channels` in `columns` columns. Every sample lands in exactly one column, so a
 * click one sample long still shows; a sound shorter than `columns` samples gets one column each.
 */
export function waveformPeaks(channels: readonly Float32Array[], sampleRate: number, columns: number): WaveformPeaks {
  const frames = channels[0]?.length ?? 0
  const count = Math.max(0, Math.min(Math.floor(columns), frames))
  const min = new Float32Array(count)
  const max = new Float32Array(count)
  for (let column = 0; column < count; column++) {
    const start = Math.floor((column * frames) / count)
    const end = Math.floor(((column + 1) * frames) / count)
    let low = Infinity
    let high = -Infinity
    for (const channel of channels) {
      for (let frame = start; frame < end; frame++) {
        const sample = channel[frame]!
        if (sample < low) low = sample
        if (sample > high) high = sample
      }
    }
    min[column] = low
    max[column] = high
  }
  return { durationS: frames / sampleRate, min, max }
}
