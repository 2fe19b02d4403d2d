/**
 * A planned track's samples on the mix's timeline, and its gain for every sample of it: level,
 * fades and ducking in one envelope. Pure, so tests check them to the sample in Node.
 */
import { dbToGain, fadeCurve } from '../../src/media/audio/gain'
import type { PlannedTrack } from './mix-plan'

/** The track's channels trimmed, offset and (when it loops) repeated over `frames` samples. */
export function placeOnTimeline(
  channels: readonly Float32Array[],
  track: PlannedTrack,
  frames: number,
): Float32Array<ArrayBuffer>[] {
  const { startFrame, sourceStartFrame, sourceFrames } = track
  const end = Math.min(track.endFrame, frames)
  return channels.map((channel) => {
    const placed = new Float32Array(frames)
    const pass = channel.subarray(sourceStartFrame, sourceStartFrame + sourceFrames)
    for (let at = startFrame; at < end && sourceFrames > 0; at += sourceFrames) {
      placed.set(pass.subarray(0, Math.min(sourceFrames, end - at)), at)
    }
    return placed
  })
}

/**
 * The track's gain for each of `frames` samples: its level, its linear fade-in from where it starts
 * and fade-out to where it stops (gains as ffmpeg's `afade` gives them), times `duck` when given.
 * Zero where the track is silent or not heard, so a muted track adds nothing.
 */
export function trackGains(track: PlannedTrack, frames: number, duck?: Float32Array): Float32Array<ArrayBuffer> {
  const gains = new Float32Array(frames)
  if (!track.audible) return gains
  const start = Math.min(track.startFrame, frames)
  const end = Math.min(track.endFrame, frames)
  gains.fill(track.gain, start, end)
  const length = track.endFrame - track.startFrame
  const fadeIn = fadeCurve(Math.min(length, track.fadeInFrames), { direction: 'in', curve: 'linear' })
  for (let index = 0; index < fadeIn.length && start + index < end; index++) gains[start + index]! *= fadeIn[index]!
  const fadeOut = fadeCurve(Math.min(length, track.fadeOutFrames), { direction: 'out', curve: 'linear' })
  const fadeOutStart = track.endFrame - fadeOut.length
  for (let index = 0; index < fadeOut.length && fadeOutStart + index < end; index++) gains[fadeOutStart + index]! *= fadeOut[index]!
  if (duck) for (let index = start; index < end; index++) gains[index]! *= duck[index]!
  return gains
}

export interface HeardTrack {
  channels: readonly Float32Array[]
  gains: Float32Array
}

/**
 * The dialogue as the audience hears it (after its own gains and fades), folded to mono by the mean
 * of its channels, which is what the ducking detector listens to.
 */
export function dialogueSidechain(dialogue: readonly HeardTrack[], frames: number): Float32Array {
  const sidechain = new Float32Array(frames)
  for (const { channels, gains } of dialogue) {
    const share = 1 / channels.length
    for (const channel of channels) {
      for (let index = 0; index < frames; index++) sidechain[index]! += channel[index]! * gains[index]! * share
    }
  }
  return sidechain
}

/** Multiplies every channel by `gainDb`, in place. */
export function applyGainDb(channels: readonly Float32Array[], gainDb: number): void {
  const gain = dbToGain(gainDb)
  for (const channel of channels) for (let index = 0; index < channel.length; index++) channel[index]! *= gain
}

/** The sum of several renders of the same shape, as new channels. */
export function sumChannels(renders: readonly (readonly Float32Array[])[], channelCount: number, frames: number): Float32Array[] {
  const sum = Array.from({ length: channelCount }, () => new Float32Array(frames))
  for (const render of renders) {
    render.forEach((channel, index) => {
      const target = sum[index]!
      for (let frame = 0; frame < frames; frame++) target[frame]! += channel[frame]!
    })
  }
  return sum
}
