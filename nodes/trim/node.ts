import { z } from 'zod'
import { defineNode, port, type ParamUi } from '../../src/engine'
import { probeClip } from '../../src/media/video/probe'
import { renderClip } from '../../src/media/video/render'
import { trimRange } from './range'

export default defineNode({
  type: 'trim',
  version: 1,
  title: 'Trim',
  category: 'Edit',
  description: 'Keeps the clip between an in point and an out point, exact to the frame; the sound is copied.',
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
    const range = trimRange(params.startS, params.endS, clip.meta.durationS)
    // The picture is re-encoded over the range, so the cut falls on the exact frame and not on the
    // nearest key frame; the sound's packets are copied.
    const trimmed = await renderClip(await ctx.assets.get(clip), {
      settings: { container: 'mp4' },
      range,
      signal: ctx.signal,
      onProgress: (fraction) => ctx.progress(fraction),
    })
    ctx.signal.throwIfAborted()
    const facts = await probeClip(trimmed.blob)
    const meta = { ...clip.meta, durationS: facts.durationS, frameCount: facts.frameCount, videoCodec: facts.videoCodecString }
    return { video: await ctx.assets.put(trimmed.blob, { kind: 'video', mime: trimmed.blob.type, meta }) }
  },
})
