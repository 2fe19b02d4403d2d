/*
 * Renders tracks, each with one gain per sample, through an OfflineAudioContext. The gains play from
 * an AudioBufferSourceNode into a GainNode's `gain` (whose own value is 0, so the param is exactly
 * the envelope), which applies them sample-accurately; the context up- or down-mixes each track to
 * the output channels by the Web Audio "speakers" rules (mono to both sides, 5.1 to stereo).
 */

export interface GainedTrack {
  /** The track's channels already placed on the timeline: `length` samples each. */
  channels: readonly Float32Array<ArrayBuffer>[]
  /** One gain per sample of the timeline. */
  gains: Float32Array<ArrayBuffer>
}

export interface RenderShape {
  sampleRate: number
  /** Samples per channel. */
  length: number
  channelCount: number
}

/** The sum of the tracks, each times its gains, as `channelCount` channels. */
export async function renderGainedTracks(tracks: readonly GainedTrack[], shape: RenderShape): Promise<Float32Array[]> {
  const { sampleRate, length, channelCount } = shape
  const context = new OfflineAudioContext({ numberOfChannels: channelCount, length, sampleRate })
  for (const track of tracks) {
    if (track.gains.length !== length || track.channels.some((channel) => channel.length !== length)) {
      throw new RangeError(`every track and its gains must be ${length} samples long to render`)
    }
    const source = new AudioBufferSourceNode(context, { buffer: bufferOf(context, track.channels) })
    const amplifier = new GainNode(context, { gain: 0 })
    const envelope = new AudioBufferSourceNode(context, { buffer: bufferOf(context, [track.gains]) })
    source.connect(amplifier).connect(context.destination)
    envelope.connect(amplifier.gain)
    source.start(0)
    envelope.start(0)
  }
  const rendered = await context.startRendering()
  return Array.from({ length: channelCount }, (_, channel) => rendered.getChannelData(channel))
}

function bufferOf(context: BaseAudioContext, channels: readonly Float32Array<ArrayBuffer>[]): AudioBuffer {
  const buffer = new AudioBuffer({
    numberOfChannels: channels.length,
    length: channels[0]!.length,
    sampleRate: context.sampleRate,
  })
  channels.forEach((channel, index) => buffer.copyToChannel(channel, index))
  return buffer
}
