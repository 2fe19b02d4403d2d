import { z } from 'zod'
import { defineNode, isAssetRef, port, type ParamUi, type RunContext } from '../../src/engine'
import { clipMeta, probeClip } from '../../src/media/video/probe'
import { renderClip } from '../../src/media/video/render'
import { pictureSize, recipeOf, renderRecipe, type RecipeAsset } from '../../src/media/video/recipe'
import { isDropFrame, TIMECODE_PATTERN, timecodeFrames, withTimecodeTrack } from '../../src/media/video/timecode-track'
import { blobOfBytes } from '../../src/media/blob-of-bytes'
import { audioCodecs, containers, encodeSettings, exportName, presets, qualities, qualityForBitrate, startTimecodeFor, verticalReframe, videoCodecs } from './settings'

export default defineNode({
  type: 'export',
  // 2: `videoBitrate` became `quality`: this browser's H.264 encoder does not hold an asked bitrate,
  // so the control says what it does and the file's measured bitrate is shown after the run.
  version: 2,
  migrations: {
    1: ({ videoBitrate, ...params }) => (typeof videoBitrate === 'number' ? { ...params, quality: qualityForBitrate(videoBitrate) } : params),
  },
  title: 'Export',
  category: 'Outputs',
  description: 'Writes the finished clip as a file to download: a delivery preset (Web, Hand-off to Resolve), or MP4, MOV or WebM with the codecs and quality you choose; shows the bitrate that came out.',
  inputs: { video: port.video() },
  outputs: { file: port.file({ label: 'File' }) },
  params: z.object({
    preset: z
      .enum(presets)
      .optional()
      .meta({
        label: 'Delivery preset',
        description:
          'Web: MP4, H.264 High, ready to stream. Resolve: MOV, H.264 at its best, PCM 24-bit 48 kHz sound. Archive: MKV, near-lossless VP9, PCM sound. Vertical: the Web file centre-cropped to 9:16, 1080×1920. Empty: the settings below; a preset replaces them.',
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
    quality: z
      .enum(qualities)
      .optional()
      .meta({
        label: 'Quality',
        description: 'Empty: high for the frame size. The encoder picks the bitrate for the picture; the file’s own is shown after the run.',
      } satisfies ParamUi),
    startTimecode: z
      .string()
      .regex(TIMECODE_PATTERN, 'write the start timecode as hours:minutes:seconds:frames, e.g. 01:00:00:00 (01:00:00;00 for drop-frame at 29.97 or 59.94 fps)')
      .optional()
      .meta({
        label: 'Start timecode',
        placeholder: 'From the sequence',
        description:
          'The file’s first frame as timecode (a QuickTime timecode track, which Resolve, Premiere and Avid read), e.g. 01:00:00:00. Empty: the clip’s own (a sequence’s, so the file lines up with its EDL, or a camera file’s, from where a trim starts in it); none for a clip without one. MP4 and MOV only.',
      } satisfies ParamUi),
  }),
  async run({ inputs, params, ctx }) {
    const clip = inputs.video
    // Nothing is re-encoded that need not be: the same codec without a quality copies the packets.
    const settings = encodeSettings(params)
    const startTimecode = startTimecodeFor(params.startTimecode, clip.meta, settings.container)
    const read = (ref: RecipeAsset) => readAsset(ref, ctx)
    const size = params.preset === 'vertical' ? await pictureSize(clip, read) : undefined
    const reframe = size ? verticalReframe(size.width, size.height) : undefined
    const job = { settings, signal: ctx.signal, onProgress: (fraction: number) => ctx.progress(fraction) }
    // A chain of pixel nodes before this one is rendered from its source here, in one pass with the
    // reframe, and encoded once (docs/architecture.md, "Chains of pixel nodes").
    const recipe = recipeOf(clip)
    const rendered = recipe
      ? await renderRecipe(recipe, read, { ...job, ...(reframe ? { steps: [{ resize: reframe }] } : {}) })
      : await renderClip(await ctx.assets.get(clip), { ...job, ...(reframe ? { resize: reframe } : {}) })
    ctx.signal.throwIfAborted()
    const facts = await probeClip(rendered.blob)
    const blob =
      startTimecode
        ? blobOfBytes(withTimecodeTrack(new Uint8Array(await rendered.blob.arrayBuffer()), timecodeFrames(startTimecode, facts.fps), facts.fps, isDropFrame(startTimecode)).buffer, rendered.blob.type)
        : rendered.blob
    const videoMbps = Math.round(facts.videoBitrate / 1e4) / 100
    ctx.log(`picture ${videoMbps} Mbit/s`)
    const file = await ctx.assets.put(blob, {
      kind: 'file',
      mime: blob.type,
      meta: {
        name: exportName(clip.meta.name, settings.container),
        ...clipMeta(facts),
        // Measured from the file, since the encoder decides it (see the quality's description).
        videoMbps,
        ...(startTimecode ? { startTimecode } : {}),
      },
    })
    return { file }
  },
})

/** An asset a recipe names, read from the store. */
function readAsset(ref: RecipeAsset, ctx: RunContext): Promise<Blob> {
  if (!isAssetRef(ref)) throw new Error('the clip’s render recipe names a file it cannot read')
  return ctx.assets.get(ref)
}
