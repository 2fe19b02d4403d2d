/** The lowest and highest sample in each column of a waveform, full scale ±1. */
export interface Peaks {
  min: Float32Array
  max: Float32Array
}

/**
 * Folds a sound into `columns` min/max pairs, every channel together, so each column of the drawing
 * covers its stretch of samples and no peak between two columns is lost.
 */
export function waveformPeaks(channels: readonly Float32Array[], columns: number): Peaks {
  const min = new Float32Array(columns)
  const max = new Float32Array(columns)
  const length = channels[0]?.length ?? 0
  if (length === 0) return { min, max }
  for (let column = 0; column < columns; column++) {
    const start = Math.floor((column * length) / columns)
    const end = Math.max(start + 1, Math.floor(((column + 1) * length) / columns))
    let low = Infinity
    let high = -Infinity
    for (const samples of channels) {
      for (let i = start; i < end && i < length; i++) {
        const sample = samples[i] as number
        if (sample < low) low = sample
        if (sample > high) high = sample
      }
    }
    min[column] = low === Infinity ? 0 : low
    max[column] = high === -Infinity ? 0 : high
  }
  return { min, max }
}
