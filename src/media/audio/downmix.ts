/*
 * 5.1 to stereo with the ITU-R BS.775 downmix: Lo = L + 0.7071·C + 0.7071·Ls, Ro likewise, the LFE
 * left out, each side's gains scaled to sum to 1 so that no programme can overload, which is what
 * ffmpeg's `-ac 2` does. The Web Audio "speakers" rule sums the same gains unscaled: 7.7 dB louder
 * than ffmpeg's downmix of the same file, and over full scale on a loud one.
 */

/** BS.775's gain for the centre and the surround on each side. */
const SIDE_GAIN = Math.SQRT1_2
const NORMALISE = 1 / (1 + 2 * SIDE_GAIN)

/**
 * Stereo from six channels in the order WAV and the browser's decoder give them (L R C LFE Ls Rs);
 * any other channel count is returned as it is.
 */
export function downmixFiveOne(channels: Float32Array[]): Float32Array[] {
  if (channels.length !== 6) return channels
  const [left, right, centre, , leftSurround, rightSurround] = channels as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array]
  const length = left.length
  const outLeft = new Float32Array(length)
  const outRight = new Float32Array(length)
  for (let index = 0; index < length; index++) {
    const middle = SIDE_GAIN * centre[index]!
    outLeft[index] = NORMALISE * (left[index]! + middle + SIDE_GAIN * leftSurround[index]!)
    outRight[index] = NORMALISE * (right[index]! + middle + SIDE_GAIN * rightSurround[index]!)
  }
  return [outLeft, outRight]
}
