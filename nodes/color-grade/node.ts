import { z } from 'zod'
import { assetParam, defineNode, imageOrClip, isAssetRef, port, type AssetRef, type ParamUi, type RunContext } from '../../src/engine'
import { gradeRgbaDirect, type Grade } from '../../src/media/color/apply'
import { gradeAsCube } from '../../src/media/color/cube-export'
import { lookAtFrames } from '../../src/media/video/frames'
import { readStill, writePng } from '../../src/media/image/still'
import { gradeStep, storeRecipe, withStep } from '../../src/media/video/recipe'
import { gradeOf, leavesPixelsAlone, readLut } from './grade'
import { addPixels, balanceToMatch, emptyStats, type Balance } from './match'

/** Pixels of a still graded between checks for Cancel and progress reports. */
const SLICE_PIXELS = 1 << 18
/** Frames of a clip, spread over its length, whose colors are matched to the reference. */
const MATCH_FRAMES = 5
/** Every how many pixels one goes into the color statistics. */
const MATCH_STRIDE = 7

/** Red, green and blue values of one CDL function; the inspector shows a control for each. */
function rgb(label: string, fallback: number, min: number, max: number, description: string) {
  const channel = (name: string) => z.number().min(min).max(max).meta({ label: name, step: 0.01 } satisfies ParamUi)
  return z
    .tuple([channel('red'), channel('green'), channel('blue')])
    .default([fallback, fallback, fallback])
    .meta({ label, description } satisfies ParamUi)
}

export default defineNode({
  type: 'color-grade',
  // 2: the `cube` output, the grade as a .cube file; params unchanged.
  version: 2,
  migrations: { 1: (params) => params },
  title: 'Color grade',
  category: 'Post',
  description: 'ASC CDL balance and a .cube LUT look, mixed by strength, on an image or a clip.',
  inputs: { media: port.either('image', 'video', { label: 'Image or clip' }), reference: port.image({ optional: true, label: 'Match to' }) },
  // The grade travels as a file beside the picture: cached with it, offered as a download on the
  // node and written to disk by the headless runner, for a colorist to load in Resolve.
  outputs: { media: port.either('image', 'video', { label: 'Graded' }), cube: port.file({ label: 'Grade as .cube' }) },
  params: z.object({
    lut: assetParam('lut', '.cube').optional().meta({ label: 'LUT (.cube)' }),
    strength: z.number().min(0).max(1).default(1).meta({ ui: 'slider', step: 0.01, label: 'Strength' } satisfies ParamUi),
    slope: rgb('Slope', 1, 0, 4, 'Gain per channel (red, green, blue).'),
    offset: rgb('Offset', 0, -1, 1, 'Lift per channel (red, green, blue).'),
    power: rgb('Power', 1, 0.1, 4, 'Gamma per channel (red, green, blue).'),
    saturation: z.number().min(0).max(2).default(1).meta({ ui: 'slider', step: 0.01, label: 'Saturation' } satisfies ParamUi),
  }),
  async run({ inputs, params, ctx }) {
    const media = imageOrClip(inputs.media, 'Color grade')
    const lut = params.lut ? readLut(await (await ctx.assets.get(params.lut)).text(), params.lut.meta.name ?? 'LUT') : undefined
    const match = inputs.reference ? await matchTo(inputs.reference, media, ctx) : undefined
    const grade = gradeOf(params, lut, match)
    const cube = await exportCube(grade, media, params.lut?.meta.name, ctx)
    // Nothing to change: pass the original on rather than re-encode it.
    if (leavesPixelsAlone(grade)) return { media, cube }
    return { media: media.kind === 'video' ? await gradeClip(media, grade, params.lut, ctx) : await gradeStill(media, grade, ctx), cube }
  },
})

/** The grade baked into a 33³ `.cube`, named for the shot it was made on. */
async function exportCube(grade: Grade, shot: AssetRef, lutName: string | undefined, ctx: RunContext): Promise<AssetRef> {
  const stem = (shot.meta.name ?? 'shot').replace(/\.[^./\\]+$/, '') || 'shot'
  const { cdl, strength = 1 } = grade
  const notes = [
    'Made by Reelgraph: the whole grade in one 3D LUT, input and output on [0, 1].',
    ...(cdl ? [`ASC CDL slope ${cdl.slope.join(' ')} offset ${cdl.offset.join(' ')} power ${cdl.power.join(' ')} saturation ${cdl.saturation}`] : []),
    ...(lutName ? [`then the LUT ${lutName}`] : []),
    `strength ${strength}`,
  ]
  const text = gradeAsCube(grade, { title: `${stem} grade`, notes })
  return ctx.assets.put(new Blob([text], { type: 'text/x-cube' }), { kind: 'file', mime: 'text/x-cube', meta: { name: `${stem}-grade.cube` } })
}

/**
 * A clip's grade is a step of its render recipe, not a new encode (docs/architecture.md, "Chains of
 * pixel nodes"): the next pixel node adds to it, and the picture is rendered in one pass from the
 * source when a preview, an export or another node asks for it.
 */
async function gradeClip(clip: AssetRef, grade: Grade, lutFile: AssetRef | undefined, ctx: RunContext): Promise<AssetRef> {
  const recipe = withStep(clip, gradeStep(grade, lutFile))
  const graded = await storeRecipe(recipe, (bytes, info) => ctx.assets.put(bytes, info))
  if (!isAssetRef(graded)) throw new Error('the graded clip’s recipe could not be stored')
  ctx.log(`kept as step ${recipe.steps.length} of a render over the source clip, made in one pass when its picture is needed`)
  return graded
}

/** The balance that gives the shot the reference's colors, from a few of its frames or the still. */
async function matchTo(reference: AssetRef, shot: AssetRef, ctx: RunContext): Promise<Balance> {
  if (reference.kind !== 'image') throw new Error('the reference to match must be an image')
  const source = await ctx.assets.get(shot)
  const referenceStats = emptyStats()
  addPixels(referenceStats, (await readStill(await ctx.assets.get(reference), reference.mime)).pixels, MATCH_STRIDE)
  const shotStats = emptyStats()
  if (shot.kind === 'video') {
    await lookAtFrames(source, MATCH_FRAMES, ({ pixels }) => addPixels(shotStats, pixels, MATCH_STRIDE), ctx.signal)
  } else {
    addPixels(shotStats, (await readStill(source, shot.mime)).pixels, MATCH_STRIDE)
  }
  return balanceToMatch(shotStats, referenceStats)
}

async function gradeStill(image: AssetRef, grade: Grade, ctx: RunContext): Promise<AssetRef> {
  const still = await readStill(await ctx.assets.get(image), image.mime)
  const { width, height } = still
  const total = width * height
  for (let start = 0; start < total; start += SLICE_PIXELS) {
    ctx.signal.throwIfAborted()
    // A still is graded in floating point per pixel: a table pays off only over many frames.
    gradeRgbaDirect(still.pixels.subarray(start * 4, Math.min(total, start + SLICE_PIXELS) * 4), grade)
    ctx.progress((start + SLICE_PIXELS) / total)
    // Let the page breathe: a Cancel click or a repaint gets its turn between slices.
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  const png = await writePng(still)
  ctx.signal.throwIfAborted()
  return ctx.assets.put(png, { kind: 'image', mime: 'image/png', meta: { ...image.meta, width, height } })
}
