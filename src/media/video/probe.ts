/*
 * What a clip is, read from its container and checked against what this browser can decode, so a
 * clip that cannot be worked on is refused when it comes in, with the reason in the filmmaker's words.
 */
import { ALL_FORMATS, BlobSource, Input, UnsupportedInputFormatError, type InputAudioTrack, type InputVideoTrack } from 'mediabunny'
import { readStartTimecode, startTimecodeAt } from './timecode-reader'

export interface ClipSound {
  /** mediabunny's codec name: `aac`, `opus`, `mp3`, … */
  codec: string
  sampleRate: number
  channels: number
  /** False when this browser cannot decode it: it can still be copied, but not mixed or re-encoded. */
  decodable: boolean
}

export interface ClipFacts {
  width: number
  height: number
  /** Average frames per second over the whole clip. */
  fps: number
  frameCount: number
  durationS: number
  /** mediabunny's codec name (`avc`, `vp9`, `av1`, …) and the full codec string (`avc1.64001f`). */
  videoCodec: string
  videoCodecString: string
  /** The picture's bits per second over the clip, from the size of its packets as stored. */
  videoBitrate: number
  /** The container's media type, with its codecs. */
  mime: string
  sound?: ClipSound
  /**
   * The file's own start timecode (a QuickTime timecode track, as cameras write it), at the picture's
   * rate: "01:00:00:00", “;” before the frames when drop-frame.
   */
  startTimecode?: string
  /** Why the file's timecode track could not be read, when it has one that cannot. */
  timecodeUnreadable?: string
}

/** Container-level names people know codecs by; `hvc1` is what Apple and most tools call HEVC. */
const CODEC_NAMES: Record<string, string> = {
  avc: 'H.264',
  hevc: 'HEVC',
  vp8: 'VP8',
  vp9: 'VP9',
  av1: 'AV1',
  prores: 'ProRes',
}

export async function probeClip(file: Blob): Promise<ClipFacts> {
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS })
  try {
    const picture = await readPicture(input)
    const [videoCodecString, stats, durationS, mime] = await Promise.all([
      picture.getCodecParameterString(),
      picture.computePacketStats(),
      input.computeDuration(),
      input.getMimeType(),
    ])
    const audio = await input.getPrimaryAudioTrack()
    const facts: ClipFacts = {
      width: picture.displayWidth,
      height: picture.displayHeight,
      fps: stats.averagePacketRate,
      frameCount: stats.packetCount,
      durationS,
      videoCodec: picture.codec ?? 'unknown',
      videoCodecString: videoCodecString ?? picture.codec ?? 'unknown',
      videoBitrate: stats.averageBitrate,
      mime,
    }
    if (audio) facts.sound = await describeSound(audio)
    Object.assign(facts, await ownTimecode(file, mime, facts.fps))
    return facts
  } finally {
    input.dispose()
  }
}

/** Only MP4 and MOV hold a QuickTime timecode track; other containers are not read for one. */
async function ownTimecode(file: Blob, mime: string, fps: number): Promise<Pick<ClipFacts, 'startTimecode' | 'timecodeUnreadable'>> {
  if (!/^video\/(mp4|quicktime)\b/.test(mime)) return {}
  const reading = await readStartTimecode(file)
  if ('startTimecode' in reading) return { startTimecode: startTimecodeAt(reading.startTimecode, fps) }
  return 'unreadable' in reading ? { timecodeUnreadable: reading.unreadable } : {}
}

async function readPicture(input: Input): Promise<InputVideoTrack> {
  const picture = await input.getPrimaryVideoTrack().catch((error: unknown) => {
    if (error instanceof UnsupportedInputFormatError) {
      throw new Error('this file is not a clip this app can read; use MP4, MOV, WebM or MKV')
    }
    throw new Error(`this clip cannot be read: ${error instanceof Error ? error.message : String(error)}`)
  })
  if (!picture) throw new Error('this file has no picture (no video track)')
  if (await picture.canDecode()) return picture
  // The container's own tag (`hvc1`, `hev1`) is what a person sees in their export settings.
  const tag = typeof picture.internalCodecId === 'string' ? picture.internalCodecId : await picture.getCodecParameterString()
  throw new Error(undecodableMessage(picture.codec, tag))
}

function undecodableMessage(codec: string | null, tag: string | null): string {
  if (!codec) return `this clip’s video codec (${tag ?? 'unknown'}) is not one this app knows; re-export it as H.264`
  const name = CODEC_NAMES[codec] ?? codec
  return `this clip is ${name} (${tag?.split('.')[0] ?? codec}), which this browser cannot decode; re-export it as H.264`
}

async function describeSound(audio: InputAudioTrack): Promise<ClipSound> {
  return {
    codec: audio.codec ?? 'unknown',
    sampleRate: audio.sampleRate,
    channels: audio.numberOfChannels,
    decodable: await audio.canDecode(),
  }
}

/** A clip's facts as asset meta: what downstream nodes and the canvas read about it. */
export function clipMeta(facts: ClipFacts) {
  return {
    width: facts.width,
    height: facts.height,
    fps: facts.fps,
    durationS: facts.durationS,
    frameCount: facts.frameCount,
    hasAudio: facts.sound !== undefined,
    videoCodec: facts.videoCodecString,
    ...(facts.sound ? { audioCodec: facts.sound.codec } : {}),
    ...(facts.startTimecode ? { startTimecode: facts.startTimecode } : {}),
  }
}
