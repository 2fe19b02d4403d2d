import { z } from 'zod'
import { assetParam, defineNode, port } from '../../src/engine'
import { clipMeta, probeClip } from '../../src/media/video/probe'

export const acceptedClipTypes = 'video/mp4,video/quicktime,video/webm,video/x-matroska'

export default defineNode({
  type: 'video-input',
  // 2: the file's own start timecode (`startTimecode` in the clip's meta), read from its timecode track.
  version: 2,
  migrations: { 1: (params) => params },
  title: 'Clip',
  category: 'Inputs',
  description: 'A clip from your computer (MP4, MOV, WebM, MKV), checked for size, frame rate, length and sound; a camera file’s own start timecode is read.',
  inputs: {},
  outputs: { video: port.video() },
  params: z.object({
    file: assetParam('video', acceptedClipTypes).optional().meta({ label: 'Clip file' }),
  }),
  pure: true,
  async run({ params, ctx }) {
    if (!params.file) throw new Error('No clip yet: upload an MP4, MOV, WebM or MKV file.')
    const name = params.file.meta.name ?? 'this file'
    const facts = await probeClip(await ctx.assets.get(params.file)).catch((error: unknown) => {
      throw new Error(`“${name}”: ${error instanceof Error ? error.message : String(error)}`)
    })
    // A timecode track that cannot be read costs the clip nothing: its frames count from 00:00:00:00,
    // and the node says so, since a conform would then land elsewhere than the camera's timecode.
    const warnings = facts.timecodeUnreadable
      ? [`“${name}” has a start timecode that cannot be read (${facts.timecodeUnreadable}); the EDL, .otio and .fcpxml count its frames from 00:00:00:00`]
      : []
    // The bytes are already stored (pinned, as the person's own input); only the facts are new.
    return { video: { ...params.file, meta: { ...params.file.meta, ...clipMeta(facts), ...(warnings.length > 0 ? { warnings } : {}) } } }
  },
})
