/** Sound brought to the clip's length: cut at the clip's end, or padded with silence after it. */
export interface FittedSound {
  channels: Float32Array<ArrayBuffer>[]
  /** What was done, in the filmmaker's words; undefined when the lengths already matched. */
  note?: string
}

export function fitToClip(channels: readonly Float32Array[], frames: number, sampleRate: number): FittedSound {
  const had = channels[0]?.length ?? 0
  const fitted = channels.map((channel) => {
    const out = new Float32Array(frames)
    out.set(channel.subarray(0, frames))
    return out
  })
  const seconds = (count: number) => `${(count / sampleRate).toFixed(2)} s`
  if (had > frames) return { channels: fitted, note: `the sound is ${seconds(had)}: cut to the clip’s ${seconds(frames)}` }
  if (had < frames) return { channels: fitted, note: `the sound is ${seconds(had)}: ${seconds(frames - had)} of silence added to fill the clip’s ${seconds(frames)}` }
  return { channels: fitted }
}
