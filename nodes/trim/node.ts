import { z } from 'zod'
import { defineNode, port, type ParamUi } from '../../src/engine'
import { FRAME_SPAN_KEY, frameSpanOf, frameTimestamps, keptFrames, type FrameSpan } from '../../src/media/video/frame-span'
import { probeClip } from '../../src/media/video/probe'
import { renderClip } from '../../src/media/video/render'
import { trimRange } from './range'

export default defineNode({
  type: 'trim',
  // 2: in and out snap to the clip's frame boundaries (whole frames only), and the result records
  // which frames of the original file it holds (`frameSpan`), for the sequence's edit lists.
  version: 2,
  migrations: { 1: (params) => params },
  title: 'Trim',
  category: 'Edit',
  description: 'Keeps the clip between an in point and an out point, each on the nearest frame boundary; the sound is copied.',
  inputs: { video: port.video() },
  outputs: { video: port.video() },
  params: z.object({
    startS: z.number().min(0).default(0).meta({ ui: 'number', step: 0.01, unit: 's', label: 'In' } satisfies ParamUi),
    endS: z
      .number()
      .positive()
      .optional()
      .meta({ ui: 'number', step: 0.01, unit: 's', label: 'Out', description: 'Empty: to the end of the clip.' } satisfies ParamUi),
  }),
  async run({ inputs, params, ctx }) {
    const clip = inputs.video
    const source = await ctx.assets.get(clip)
    const { timestamps, endS } = await frameTimestamps(source)
    const range = trimRange(params.startS, params.endS, endS - timestamps[0]!)
    const kept = keptFrames(timestamps, endS, range)
    ctx.log(`keeps frames ${kept.first} to ${kept.first + kept.count - 1} (${kept.count} frames)`)
    // The picture is re-encoded over the range, so the cut falls on the exact frame and not on the
    // nearest key frame; the sound's packets are copied.
    const trimmed = await renderClip(source, {
      settings: { container: 'mp4' },
      range: { startS: kept.startS, endS: kept.endS },
      signal: ctx.signal,
      onProgress: (fraction) => ctx.progress(fraction),
    })
    ctx.signal.throwIfAborted()
    const facts = await probeClip(trimmed.blob)
    const before = frameSpanOf(clip.meta, { fps: clip.meta.fps ?? timestamps.length / (endS - timestamps[0]!), frameCount: timestamps.length })
    const span: FrameSpan = { ...before, first: before.first + kept.first, frames: kept.count }
    const meta = { ...clip.meta, durationS: facts.durationS, frameCount: facts.frameCount, videoCodec: facts.videoCodecString, [FRAME_SPAN_KEY]: span }
    return { video: await ctx.assets.put(trimmed.blob, { kind: 'video', mime: trimmed.blob.type, meta }) }
  },
})
