import {
  ALL_FORMATS,
  AudioBufferSink,
  AudioSample,
  AudioSampleSource,
  BlobSource,
  BufferTarget,
  Input,
  Mp4OutputFormat,
  Output,
  QUALITY_HIGH,
  VideoSample,
  VideoSampleSink,
  VideoSampleSource,
} from 'mediabunny'
import { z } from 'zod'
import { defineNode, port, type AssetRef, type ParamUi, type RunContext } from '../../src/engine'
import { lanczosTo, type RgbaPicture } from '../../src/media/resample/lanczos'
import { probeClip, type ClipFacts } from '../../src/media/video/probe'
import { isUntagged, rgbaReader } from '../../src/media/video/rgba'
import { frameSpanOf, type FrameSpan } from '../../src/media/video/frame-span'
import { blobOfBytes } from '../../src/media/blob-of-bytes'
import { isDropFrame, TIMECODE_PATTERN, timecodeFrames, withTimecodeTrack } from '../../src/media/video/timecode-track'
import type { Cut } from './cut'
import { cutAsEdl, rateName } from './edl'
import { cutAsFcpxml } from './fcpxml'
import { fitInside } from './fit'
import { cutAsOtio } from './otio'
import { clipEditSchema, editOf, playOrder, type EditedClip } from './edit'
import { joinAfter, layersAt, pictureTimes, samplesFor, type Timeline } from './timeline'

/**
 * The sequence's sound: Opus, since this browser cannot encode AAC, at the rate and in the channels
 * Opus works in, whatever each clip brings.
 */
const SOUND_RATE = 48_000
const SOUND_CHANNELS = 2
/** Samples of sound handed to the encoder at a time. */
const SOUND_CHUNK = SOUND_RATE

export default defineNode({
  type: 'sequence',
  // 2: the `edl` output, the cut as a CMX 3600 EDL; params unchanged.
  // 3: the EDL names the frames of each clip's own file at its own rate; `otio` and `fcpxml` outputs.
  // 4: `clips`, the timeline's edit: each clip's place, in and out points and dissolve.
  version: 4,
  migrations: { 1: (params) => params, 2: (params) => params, 3: (params) => params },
  title: 'Sequence',
  category: 'Edit',
  description: 'Joins clips into one, in link order or as placed on its timeline, each trimmed there, at the first clip’s size and frame rate, with their sound; dissolves between them.',
  inputs: { clips: port.list('video', { label: 'Clips' }) },
  // The edit lists come from here, where the cut is known: a clip that reaches the export node has
  // been graded, upscaled, re-encoded on its way, and carries no list of its cuts.
  outputs: {
    video: port.video(),
    edl: port.file({ label: 'Cut as EDL' }),
    otio: port.file({ label: 'Cut as OpenTimelineIO' }),
    fcpxml: port.file({ label: 'Cut as FCPXML' }),
  },
  params: z.object({
    crossfadeS: z
      .number()
      .min(0)
      .max(10)
      .default(0)
      .meta({ ui: 'number', step: 0.05, unit: 's', label: 'Crossfade', description: 'At every join without a dissolve of its own; 0 cuts straight from one clip to the next.' } satisfies ParamUi),
    clips: z
      .array(clipEditSchema)
      .max(1000)
      .default([])
      .meta({ label: 'Clips', description: 'One entry per linked clip, in link order: what the timeline sets.', perLink: 'clips' } satisfies ParamUi),
    startTimecode: z
      .string()
      .regex(TIMECODE_PATTERN, 'write the start timecode as hours:minutes:seconds:frames, e.g. 01:00:00:00 (01:00:00;00 for drop-frame at 29.97 or 59.94 fps)')
      .default('01:00:00:00')
      .meta({
        label: 'Start timecode',
        description: 'Where the cut starts in the EDL, .otio and .fcpxml, and the timecode an export of it carries. 01:00:00:00 is where Resolve and Avid timelines start.',
      } satisfies ParamUi),
  }),
  async run({ inputs, params, ctx }) {
    const clips = await Promise.all(inputs.clips.map(async (ref) => ({ ref, file: await ctx.assets.get(ref) })))
    const shots = await Promise.all(clips.map(async ({ ref, file }) => ({ ref, file, facts: await probeClip(file) })))
    if (shots.length === 0) throw new Error('link at least one clip into the sequence')
    // The first clip in the cut sets the sequence's rate and size.
    const fpsOfFirst = shots[playOrder(shots.length, params.clips)[0]!]!.facts.fps
    const edit = editOf(
      shots.map(({ facts }) => facts),
      params.clips,
      params.crossfadeS,
      fpsOfFirst,
    )
    // Read before any frame is joined: a frame count the rate does not have is said at once.
    const startFrame = timecodeFrames(params.startTimecode, fpsOfFirst)
    const placed = edit.clips.map((clip) => ({ ...shots[clip.link]!, headS: clip.first / shots[clip.link]!.facts.fps, edited: clip }))
    const first = placed[0]!
    const fps = first.facts.fps
    const clipFrames = edit.clips.map(({ frames }) => frames)
    const { joins: crossfadeFrames, timeline } = edit
    ctx.log(`${shots.length} clips, ${timeline.frames} frames at ${first.facts.width}×${first.facts.height}, ${fps.toFixed(3)} fps`)
    // The cut carries its start timecode as a QuickTime timecode track, as an editor's render does,
    // so a player or a finishing suite given the file itself reads where it sits on the timeline.
    const cutFile = await joinClips(placed, { fps, clipFrames, crossfadeFrames, timeline }, ctx)
    ctx.signal.throwIfAborted()
    const joined = blobOfBytes(withTimecodeTrack(new Uint8Array(await cutFile.arrayBuffer()), startFrame, fps, isDropFrame(params.startTimecode)).buffer, cutFile.type)
    const facts = await probeClip(joined)
    const meta = {
      width: facts.width,
      height: facts.height,
      fps,
      durationS: facts.durationS,
      frameCount: facts.frameCount,
      hasAudio: facts.sound !== undefined,
      videoCodec: facts.videoCodecString,
      // What `export` writes as the file's timecode track, so the file lines up with the edit lists.
      startTimecode: params.startTimecode,
    }
    const cut: Cut = {
      title: 'Reelgraph sequence',
      fps,
      width: first.facts.width,
      height: first.facts.height,
      clips: placed.map(({ ref, facts, edited }) => ({
        name: ref.meta.name ?? `clip ${edited.link + 1}`,
        source: trimmedSpan(frameSpanOf(ref.meta, facts), edited),
        ...ownTimecode(ref.meta.startTimecode, facts.fps),
        width: facts.width,
        height: facts.height,
        frames: edited.frames,
        ...(facts.sound ? { sound: { channels: facts.sound.channels, sampleRate: facts.sound.sampleRate } } : {}),
      })),
      crossfadeFrames,
      timeline,
      startFrame,
      dropFrame: isDropFrame(params.startTimecode),
    }
    const edl = cutAsEdl(cut)
    const warnings = edl.approximate.length === 0 ? [] : [approximateWarning(cut, edl.approximate)]
    for (const warning of warnings) ctx.log(warning)
    const file = (text: string, mime: string, name: string, extra: Record<string, unknown> = {}) =>
      ctx.assets.put(new Blob([text], { type: mime }), { kind: 'file', mime, meta: { name, ...extra } })
    return {
      video: await ctx.assets.put(joined, { kind: 'video', mime: joined.type, meta }),
      edl: await file(edl.text, 'text/x-edl', 'sequence.edl', warnings.length > 0 ? { warnings } : {}),
      otio: await file(cutAsOtio(cut), 'application/x-otio+json', 'sequence.otio'),
      fcpxml: await file(cutAsFcpxml(cut), 'application/x-fcpxml', 'sequence.fcpxml'),
    }
  },
})

/** Which EDL events are approximate and why, in the words the node shows. */
function approximateWarning(cut: Cut, events: number[]): string {
  const rates = [...new Set(events.map((event) => rateName(cut.clips[event - 1]!.source.fps)))].join(', ')
  const which = events.length === 1 ? `event ${events[0]}` : `events ${events.join(', ')}`
  return `the EDL's ${which} ${events.length === 1 ? 'is' : 'are'} approximate: the source runs at ${rates} fps in a ${rateName(cut.fps)} fps sequence, which CMX 3600 cannot hold; the .otio and .fcpxml give the exact cut`
}

/** The frames of the file a clip shows once the timeline's in and out points are applied. */
/**
 * A clip's own start timecode, as `export` and `sequence` record it in its meta. One that is not a
 * timecode at the clip's rate (a bundle can carry any meta) is not used: its source counts from 0.
 */
function ownTimecode(startTimecode: unknown, fps: number): { sourceTimecode?: { startFrame: number; dropFrame: boolean } } {
  if (typeof startTimecode !== 'string' || !TIMECODE_PATTERN.test(startTimecode)) return {}
  try {
    return { sourceTimecode: { startFrame: timecodeFrames(startTimecode, fps), dropFrame: isDropFrame(startTimecode) } }
  } catch {
    return {}
  }
}

function trimmedSpan(span: FrameSpan, edited: EditedClip): FrameSpan {
  return { ...span, first: span.first + edited.first, frames: edited.sourceFrames }
}

interface Shot {
  ref: AssetRef
  file: Blob
  facts: ClipFacts
  /** Where its part of the cut starts, in seconds from the clip's first frame. */
  headS: number
}

interface Plan {
  fps: number
  clipFrames: number[]
  crossfadeFrames: readonly number[]
  timeline: Timeline
}

/** Encodes the sequence frame by frame, holding at most one frame of each of two clips at a time. */
async function joinClips(shots: Shot[], plan: Plan, ctx: RunContext): Promise<Blob> {
  const { width, height } = shots[0]!.facts
  const target = new BufferTarget()
  const output = new Output({ format: new Mp4OutputFormat({ fastStart: 'in-memory' }), target })
  const picture = new VideoSampleSource({ codec: 'avc', bitrate: QUALITY_HIGH })
  output.addVideoTrack(picture, { frameRate: plan.fps })
  // A sequence where no clip has sound stays silent rather than carrying a track of silence.
  const sound = shots.some(({ facts }) => facts.sound) ? new AudioSampleSource({ codec: 'opus', bitrate: QUALITY_HIGH }) : undefined
  if (sound) output.addAudioTrack(sound)
  await output.start()
  const pictures = new Map<number, AsyncGenerator<Uint8Array>>()
  const soundtrack = sound ? soundWriter(sound, plan) : undefined
  const frame = new Uint8Array(width * height * 4)
  try {
    for (let index = 0; index < plan.timeline.frames; index++) {
      ctx.signal.throwIfAborted()
      const layers = layersAt(index, plan.timeline, plan.clipFrames, plan.crossfadeFrames)
      const shown: Uint8Array[] = []
      for (const { clip } of layers) {
        let frames = pictures.get(clip)
        if (!frames) {
          frames = clipPictures(shots[clip]!, plan.clipFrames[clip]!, plan.fps, { width, height })
          pictures.set(clip, frames)
          await soundtrack?.add(await clipSound(shots[clip]!, plan.clipFrames[clip]!, plan.fps), clip)
        }
        const next = await frames.next()
        if (next.done) throw new Error(`clip ${clip + 1} ran out of frames before its place in the sequence ended`)
        shown.push(next.value)
      }
      if (shown.length === 1) frame.set(shown[0]!)
      else dissolve(frame, shown[0]!, shown[1]!, layers[1]!.weight)
      await closeFinished(pictures, index, plan)
      const sample = new VideoSample(frame, { format: 'RGBA', codedWidth: width, codedHeight: height, timestamp: index / plan.fps, duration: 1 / plan.fps })
      try {
        await picture.add(sample)
      } finally {
        sample.close()
      }
      ctx.progress((index + 1) / plan.timeline.frames)
    }
    await output.finalize()
  } catch (error) {
    await output.cancel()
    throw error
  } finally {
    await Promise.all([...pictures.values()].map((frames) => frames.return(undefined)))
  }
  if (!target.buffer) throw new Error('the encoder finished without writing a file')
  return new Blob([target.buffer], { type: 'video/mp4' })
}

/** One frame of a crossfade: the incoming picture over the outgoing one, `weight` of the way in. */
function dissolve(frame: Uint8Array, outgoing: Uint8Array, incoming: Uint8Array, weight: number): void {
  for (let index = 0; index < frame.length; index++) {
    frame[index] = Math.round(outgoing[index]! + (incoming[index]! - outgoing[index]!) * weight)
  }
}

/** Ends the frame readers of clips whose place in the sequence is over, so their decoders go. */
async function closeFinished(pictures: Map<number, AsyncGenerator<Uint8Array>>, index: number, plan: Plan): Promise<void> {
  for (const [clip, frames] of pictures) {
    if (index + 1 < plan.timeline.starts[clip]! + plan.clipFrames[clip]!) continue
    await frames.return(undefined)
    pictures.delete(clip)
  }
}

/**
 * A clip's `frames` frames at the sequence's rate and size: frames dropped or repeated to meet the
 * rate, Lanczos-scaled to fit when the size differs. Each buffer is reused for the next frame.
 */
async function* clipPictures(shot: Shot, frames: number, fps: number, size: { width: number; height: number }): AsyncGenerator<Uint8Array> {
  const input = new Input({ source: new BlobSource(shot.file), formats: ALL_FORMATS })
  try {
    const track = await input.getPrimaryVideoTrack()
    if (!track) throw new Error(`“${nameOf(shot)}” has no picture (no video track)`)
    const read = rgbaReader(await isUntagged(track))
    const fit = shot.facts.width === size.width && shot.facts.height === size.height ? undefined : fitter(shot.facts, size)
    const times = pictureTimes(frames, fps, (await track.getFirstTimestamp()) + shot.headS)
    let last: Uint8Array | undefined
    for await (const sample of new VideoSampleSink(track).samplesAtTimestamps(times)) {
      // Past a clip's last frame (its length rounded up to the sequence's rate), the last one holds.
      if (sample) {
        try {
          const frame = await read(sample)
          last = fit ? fit(frame) : frame.pixels
        } finally {
          sample.close()
        }
      }
      if (!last) throw new Error(`“${nameOf(shot)}” gave no picture at its start`)
      yield last
    }
  } finally {
    input.dispose()
  }
}

/** Scales a clip's frames into the sequence's frame, letterboxed or pillarboxed when the shape differs. */
function fitter(source: { width: number; height: number }, size: { width: number; height: number }): (frame: RgbaPicture) => Uint8Array {
  const place = fitInside(source, size)
  const resample = lanczosTo(place.width, place.height)
  if (place.width === size.width && place.height === size.height) return resample
  // Opaque black once; the bars are never written again, only the picture between them.
  const boxed = new Uint8Array(size.width * size.height * 4)
  for (let alpha = 3; alpha < boxed.length; alpha += 4) boxed[alpha] = 255
  return (frame) => {
    const pixels = resample(frame)
    const rowBytes = place.width * 4
    for (let row = 0; row < place.height; row++) {
      boxed.set(pixels.subarray(row * rowBytes, (row + 1) * rowBytes), ((place.y + row) * size.width + place.x) * 4)
    }
    return boxed
  }
}

/**
 * A clip's sound over the length of its picture in the sequence, at the sequence's rate and
 * channels, one plane per channel; silence where the clip has none, so the soundtrack runs on.
 * One clip's sound is held whole: a minute of it is 23 MB.
 */
async function clipSound(shot: Shot, frames: number, fps: number): Promise<Float32Array[]> {
  const length = samplesFor(frames, fps, SOUND_RATE)
  if (!shot.facts.sound) return Array.from({ length: SOUND_CHANNELS }, () => new Float32Array(length))
  if (!shot.facts.sound.decodable) throw new Error(`this browser cannot decode the sound of “${nameOf(shot)}” (${shot.facts.sound.codec})`)
  const input = new Input({ source: new BlobSource(shot.file), formats: ALL_FORMATS })
  try {
    const [picture, track] = await Promise.all([input.getPrimaryVideoTrack(), input.getPrimaryAudioTrack()])
    if (!picture || !track) throw new Error(`“${nameOf(shot)}” lost a track while it was read`)
    const start = (await picture.getFirstTimestamp()) + shot.headS
    const end = start + frames / fps
    const source = new AudioBuffer({ length: Math.ceil((end - start) * track.sampleRate), numberOfChannels: track.numberOfChannels, sampleRate: track.sampleRate })
    // The decoded chunks laid into one buffer at the clip's own rate, so the resampling below runs
    // over the whole sound at once and leaves no seams between chunks.
    for await (const { buffer, timestamp } of new AudioBufferSink(track).buffers(start, end)) {
      const offset = Math.round((timestamp - start) * track.sampleRate)
      if (offset >= source.length) break
      for (let channel = 0; channel < buffer.numberOfChannels; channel++) {
        const samples = buffer.getChannelData(channel)
        const skip = Math.max(0, -offset)
        source.copyToChannel(samples.subarray(skip, Math.max(skip, source.length - offset)), channel, Math.max(0, offset))
      }
    }
    const context = new OfflineAudioContext(SOUND_CHANNELS, length, SOUND_RATE)
    const player = context.createBufferSource()
    player.buffer = source
    player.connect(context.destination)
    player.start()
    const rendered = await context.startRendering()
    return Array.from({ length: SOUND_CHANNELS }, (_, channel) => rendered.getChannelData(channel))
  } finally {
    input.dispose()
  }
}

/**
 * Writes the clips' sound one after another: during a crossfade the outgoing clip's tail fades out
 * under the incoming clip's head, so the sound lasts exactly as long as the picture.
 */
function soundWriter(sound: AudioSampleSource, plan: Plan): { add(planes: Float32Array[], clip: number): Promise<void> } {
  let tail: Float32Array[] | undefined
  let written = 0
  const write = async (planes: Float32Array[]) => {
    const length = planes[0]!.length
    for (let start = 0; start < length; start += SOUND_CHUNK) {
      const end = Math.min(length, start + SOUND_CHUNK)
      const data = new Float32Array((end - start) * SOUND_CHANNELS)
      planes.forEach((plane, channel) => data.set(plane.subarray(start, end), channel * (end - start)))
      const sample = new AudioSample({ data, format: 'f32-planar', numberOfChannels: SOUND_CHANNELS, sampleRate: SOUND_RATE, timestamp: written / SOUND_RATE })
      try {
        await sound.add(sample)
      } finally {
        sample.close()
      }
      written += end - start
    }
  }
  return {
    async add(planes, clip) {
      const last = clip === plan.clipFrames.length - 1
      if (tail) {
        for (let channel = 0; channel < SOUND_CHANNELS; channel++) {
          const head = planes[channel]!
          const fading = tail[channel]!
          for (let index = 0; index < fading.length; index++) {
            const rise = (index + 1) / (fading.length + 1)
            head[index] = fading[index]! * (1 - rise) + head[index]! * rise
          }
        }
      }
      const keep = last ? planes[0]!.length : planes[0]!.length - samplesFor(joinAfter(plan.crossfadeFrames, clip), plan.fps, SOUND_RATE)
      await write(planes.map((plane) => plane.subarray(0, keep)))
      tail = last ? undefined : planes.map((plane) => plane.slice(keep))
    },
  }
}

function nameOf(shot: Shot): string {
  return shot.ref.meta.name ?? 'a clip'
}
