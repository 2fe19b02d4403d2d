import { z } from 'zod'
import { defineNode, port, type ParamUi } from '../../src/engine'
import { clipMeta, probeClip } from '../../src/media/video/probe'
import { renderClip } from '../../src/media/video/render'
import { audioCodecs, containers, encodeSettings, exportName, presets, videoCodecs } from './settings'

export default defineNode({
  type: 'export',
  version: 1,
  title: 'Export',
  category: 'Outputs',
  description: 'Writes the finished clip as a file to download: a delivery preset (Web, Hand-off to Resolve), or MP4, MOV or WebM with the codecs and bitrate you choose.',
  inputs: { video: port.video() },
  outputs: { file: port.file({ label: 'File' }) },
  params: z.object({
    preset: z
      .enum(presets)
      .optional()
      .meta({
        label: 'Delivery preset',
        description: 'Web: MP4, H.264 High, ready to stream. Resolve: MOV, H.264 at its best, PCM 24-bit 48 kHz sound. Empty: the settings below; a preset replaces them.',
      } satisfies ParamUi),
    container: z.enum(containers).default('mp4').meta({ label: 'Container' } satisfies ParamUi),
    videoCodec: z
      .enum(videoCodecs)
      .optional()
      .meta({ label: 'Video codec', description: 'Empty: H.264 in MP4, VP9 in WebM.' } satisfies ParamUi),
    audioCodec: z
      .enum(audioCodecs)
      .optional()
      .meta({ label: 'Audio codec', description: 'Empty: the clip’s sound as it is when the container takes it, else Opus.' } satisfies ParamUi),
    videoBitrate: z
      .number()
      .min(0.1)
      .max(200)
      .optional()
      .meta({ ui: 'number', step: 0.5, unit: 'Mbit/s', label: 'Video bitrate', placeholder: 'Auto', description: 'Empty: high quality for the frame size.' } satisfies ParamUi),
  }),
  async run({ inputs, params, ctx }) {
    const clip = inputs.video
    // Nothing is re-encoded that need not be: the same codec without a bitrate copies the packets.
    const settings = encodeSettings(params)
    const rendered = await renderClip(await ctx.assets.get(clip), {
      settings,
      signal: ctx.signal,
      onProgress: (fraction) => ctx.progress(fraction),
    })
    ctx.signal.throwIfAborted()
    const facts = await probeClip(rendered.blob)
    const file = await ctx.assets.put(rendered.blob, {
      kind: 'file',
      mime: rendered.blob.type,
      meta: {
        name: exportName(clip.meta.name, settings.container),
        ...clipMeta(facts),
      },
    })
    return { file }
  },
})
