/**
 * Matching a shot to a reference: per channel, the shot's mean and spread are moved onto the
 * reference's (Reinhard et al., "Color Transfer between Images", 2001, here on the encoded RGB
 * values). That is a gain and a lift per channel, so it is written as a CDL slope and offset and
 * laid under the colorist's own CDL: the match balances the shot, the CDL and the LUT then grade
 * it like every other shot.
 */
import type { Rgb } from '../../src/media/color/rgb'

/** Running sums of 8-bit values per channel. */
export interface ChannelStats {
  count: number
  sum: [number, number, number]
  sumOfSquares: [number, number, number]
}

export function emptyStats(): ChannelStats {
  return { count: 0, sum: [0, 0, 0], sumOfSquares: [0, 0, 0] }
}

/** Adds every `stride`-th pixel of RGBA pixels: statistics need a sample, not every pixel. */
export function addPixels(stats: ChannelStats, pixels: Uint8Array | Uint8ClampedArray, stride = 1): void {
  const { sum, sumOfSquares } = stats
  for (let index = 0; index + 3 < pixels.length; index += 4 * stride) {
    for (const channel of [0, 1, 2] as const) {
      const value = pixels[index + channel]! / 255
      sum[channel] += value
      sumOfSquares[channel] += value * value
    }
    stats.count++
  }
}

export interface Balance {
  slope: Rgb
  offset: Rgb
}

type Channel = 0 | 1 | 2

function perChannel(value: (channel: Channel) => number): Rgb {
  return [value(0), value(1), value(2)]
}

/** The slope and offset per channel that give the shot the reference's mean and spread. */
export function balanceToMatch(shot: ChannelStats, reference: ChannelStats): Balance {
  if (shot.count === 0 || reference.count === 0) throw new Error('there are no pixels to match')
  const shotMean = perChannel((c) => shot.sum[c] / shot.count)
  const referenceMean = perChannel((c) => reference.sum[c] / reference.count)
  const slope = perChannel((c) => {
    const shotSpread = spread(shot, c, shotMean[c])
    // A flat channel (one value everywhere) has no spread to scale; only its level moves.
    return shotSpread > 1e-6 ? spread(reference, c, referenceMean[c]) / shotSpread : 1
  })
  return { slope, offset: perChannel((c) => referenceMean[c] - slope[c] * shotMean[c]) }
}

function spread(stats: ChannelStats, channel: Channel, mean: number): number {
  return Math.sqrt(Math.max(0, stats.sumOfSquares[channel] / stats.count - mean * mean))
}

/** The balance under a CDL's slope and offset: CDL(balance(x)) as one slope and offset. */
export function underCdl(balance: Balance, cdl: Balance): Balance {
  return {
    slope: perChannel((c) => cdl.slope[c] * balance.slope[c]),
    offset: perChannel((c) => cdl.slope[c] * balance.offset[c] + cdl.offset[c]),
  }
}
