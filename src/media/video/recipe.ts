/*
 * A chain of pixel nodes as a recipe over its source (docs/architecture.md, "Chains of pixel nodes"):
 * the clip it starts from and the grades and resizes in the order the nodes ask for them. A pixel
 * node hands the recipe on instead of encoding a clip; the next pixel node adds its step; whatever
 * needs the picture renders the recipe in one decode → steps → encode pass, so a grade → upscale →
 * export is one lossy generation, not three.
 *
 * The recipe is stored as a small JSON asset whose bytes are its canonical form, so the same chain
 * gives the same hash; the reference that carries it is a `video` asset whose meta holds the recipe
 * (`renderOf`) and the assets it is made from (`renderedFrom`: the engine counts those as held by the
 * result, so a recipe whose source was evicted is a cache miss, not a file that cannot be made).
 * Asking the asset store for a recipe's bytes gives its rendered clip (src/storage/assets.ts).
 */
import { ALL_FORMATS, BlobSource, Input } from 'mediabunny'
import { z } from 'zod'
import type { CdlParams } from '../color/cdl'
import { parseCube, type CubeLut } from '../color/cube'
import type { Grade } from '../color/apply'
import { probeClip } from './probe'
import { renderClip, type PictureStep, type RenderJob, type RenderedClip } from './render'

/** What a recipe's stored bytes are typed as, so the asset store knows to render them. */
export const RECIPE_MIME = 'application/vnd.reelgraph.render-recipe+json'
/** What asking for a recipe gives: the clip its pixel nodes made before they were fused. */
export const RENDERED_RECIPE_MIME = 'video/mp4'

/** An asset reference as the engine writes it (src/engine/values.ts); only what a recipe needs is checked. */
const assetSchema = z.object({
  kind: z.string(),
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'is not a SHA-256 content hash'),
  mime: z.string().max(200),
  bytes: z.number().int().nonnegative(),
  meta: z.record(z.string(), z.unknown()),
})
export type RecipeAsset = z.infer<typeof assetSchema>

const rgbSchema = z.tuple([z.number(), z.number(), z.number()])
const side = z.number().int().min(2).max(16384)

const gradeStepSchema = z.object({
  step: z.literal('grade'),
  cdl: z.object({ slope: rgbSchema, offset: rgbSchema, power: rgbSchema, saturation: z.number() }).optional(),
  /** The `.cube` file, read when the recipe is rendered; kept as the asset so the recipe stays small. */
  lut: assetSchema.optional(),
  strength: z.number().min(0).max(1),
})
const resizeStepSchema = z.object({ step: z.literal('resize'), width: side, height: side })
const recipeStepSchema = z.discriminatedUnion('step', [gradeStepSchema, resizeStepSchema])
export type RecipeStep = z.infer<typeof recipeStepSchema>

export const recipeSchema = z.object({
  format: z.literal('reelgraph-render-recipe'),
  version: z.literal(1),
  source: assetSchema,
  steps: z.array(recipeStepSchema).min(1).max(64),
})
export type Recipe = z.infer<typeof recipeSchema>

/** How a node stores a new asset: the engine's AssetAccess.put, as far as a recipe uses it. */
export type PutAsset = (data: Blob, info: { kind: 'video'; mime: string }) => Promise<RecipeAsset>

/**
 * What a recipe's reference carries in `meta.renderOf`: the recipe and the hash of the asset that
 * stores it. A node that makes a file of its own from a recipe's picture (a trim, a cut) copies the
 * meta along; the hash tells that file from the recipe.
 */
const carriedSchema = z.object({ asset: z.string(), recipe: z.unknown() })

/** The recipe a clip reference stands for, if it is one; a reference with a malformed recipe is refused. */
export function recipeOf(clip: RecipeAsset): Recipe | undefined {
  const carried = carriedSchema.safeParse(clip.meta.renderOf)
  if (!carried.success || carried.data.asset !== clip.hash) return undefined
  return parsedRecipe(carried.data.recipe)
}

function parsedRecipe(data: unknown): Recipe {
  const parsed = recipeSchema.safeParse(data)
  if (!parsed.success) throw new Error(`this clip’s render recipe cannot be read (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`)
  return parsed.data
}

/** The clip with one more step: a recipe's steps extended, or a new recipe over a plain clip. */
export function withStep(clip: RecipeAsset, step: RecipeStep): Recipe {
  const recipe = recipeOf(clip)
  if (recipe) return { ...recipe, steps: [...recipe.steps, step] }
  return { format: 'reelgraph-render-recipe', version: 1, source: clip, steps: [step] }
}

/** The grade step of a color grade: its LUT kept as the asset it was read from. */
export function gradeStep(grade: Pick<Grade, 'cdl' | 'strength'>, lut: RecipeAsset | undefined): RecipeStep {
  return { step: 'grade', ...(grade.cdl ? { cdl: copyCdl(grade.cdl) } : {}), ...(lut ? { lut } : {}), strength: grade.strength ?? 1 }
}

function copyCdl(cdl: CdlParams): NonNullable<Extract<RecipeStep, { step: 'grade' }>['cdl']> {
  const rgb = (values: readonly [number, number, number]): [number, number, number] => [values[0], values[1], values[2]]
  return { slope: rgb(cdl.slope), offset: rgb(cdl.offset), power: rgb(cdl.power), saturation: cdl.saturation }
}

/**
 * The recipe stored as an asset and the reference that carries it. `meta` describes the picture the
 * recipe makes (its size after the last resize); the rest is the source's.
 */
export async function storeRecipe(recipe: Recipe, put: PutAsset, meta: Record<string, unknown> = {}): Promise<RecipeAsset> {
  // The codec is the render's, not the source's; recipe fields are the recipe's own.
  const sourceMeta = Object.fromEntries(Object.entries(recipe.source.meta).filter(([key]) => !['renderOf', 'renderedFrom', 'videoCodec'].includes(key)))
  const size = recipeSize(recipe)
  const stored = await put(new Blob([canonicalRecipe(recipe)], { type: RECIPE_MIME }), { kind: 'video', mime: RECIPE_MIME })
  return {
    ...stored,
    kind: 'video',
    mime: RENDERED_RECIPE_MIME,
    meta: { ...sourceMeta, ...(size ?? {}), ...meta, renderOf: { asset: stored.hash, recipe }, renderedFrom: madeFrom(recipe) },
  }
}

/** The frame size after the recipe's last resize; none when it keeps the source's. */
export function recipeSize(recipe: Recipe): { width: number; height: number } | undefined {
  const resize = recipe.steps.filter((step) => step.step === 'resize').at(-1)
  return resize ? { width: resize.width, height: resize.height } : undefined
}

/**
 * The frame size of a clip or of the picture a recipe makes: from the reference when it says, else
 * read from the source file (never by rendering the recipe).
 */
export async function pictureSize(clip: RecipeAsset, read: ReadAsset): Promise<{ width: number; height: number }> {
  const recipe = recipeOf(clip)
  const resized = recipe ? recipeSize(recipe) : undefined
  if (resized) return resized
  const { width, height } = clip.meta
  if (typeof width === 'number' && typeof height === 'number') return { width, height }
  const facts = await probeClip(await read(recipe?.source ?? clip))
  return { width: facts.width, height: facts.height }
}

/** The assets the recipe is rendered from: its source and each LUT, once. */
function madeFrom(recipe: Recipe): RecipeAsset[] {
  const byHash = new Map<string, RecipeAsset>([[recipe.source.hash, recipe.source]])
  for (const step of recipe.steps) if (step.step === 'grade' && step.lut) byHash.set(step.lut.hash, step.lut)
  return [...byHash.values()]
}

/** JSON with object keys sorted, so equal recipes are equal bytes and so the same asset. */
export function canonicalRecipe(recipe: Recipe): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted)
    if (value === null || typeof value !== 'object') return value
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
    )
  }
  return JSON.stringify(sorted(recipe))
}

/** Reads an asset's bytes by its reference: the asset store's `get`. */
export type ReadAsset = (ref: RecipeAsset) => Promise<Blob>

/** The source clip's bytes and the recipe's steps as the render takes them, each LUT read and parsed once. */
export async function picturePlan(recipe: Recipe, read: ReadAsset): Promise<{ source: Blob; steps: PictureStep[] }> {
  const luts = new Map<string, CubeLut>()
  const steps: PictureStep[] = []
  for (const step of recipe.steps) {
    if (step.step === 'resize') {
      steps.push({ resize: { width: step.width, height: step.height } })
      continue
    }
    let lut = step.lut ? luts.get(step.lut.hash) : undefined
    if (step.lut && !lut) {
      lut = parseCube(await (await read(step.lut)).text())
      luts.set(step.lut.hash, lut)
    }
    steps.push({ grade: { ...(step.cdl ? { cdl: step.cdl } : {}), ...(lut ? { lut } : {}), strength: step.strength } })
  }
  return { source: await read(recipe.source), steps }
}

/**
 * The most a render may make. A recipe is data a shared bundle can carry, and its schema allows
 * sides of 16384 so an honest chain is never cut short; these bound the work one render may ask of
 * the machine: no frame larger than 8K UHD, and no more pixels in all than an hour of 4K at 30 fps.
 */
export const RENDER_LIMITS = {
  framePixels: 7680 * 4320,
  totalPixels: 3840 * 2160 * 30 * 3600,
} as const

/** The size and length of a clip as its container says, read without decoding a frame. */
export interface ClipExtent {
  width: number
  height: number
  frames: number
}

/** How many packets are read to learn the frame rate: enough for a steady figure, far fewer than a long clip has. */
const RATE_SAMPLE_PACKETS = 120

export async function clipExtent(file: Blob): Promise<ClipExtent> {
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS })
  try {
    const picture = await input.getPrimaryVideoTrack()
    if (!picture) throw new Error('the recipe’s source has no picture (no video track)')
    const [durationS, stats] = await Promise.all([input.computeDuration(), picture.computePacketStats(RATE_SAMPLE_PACKETS)])
    return { width: picture.displayWidth, height: picture.displayHeight, frames: Math.ceil(durationS * stats.averagePacketRate) }
  } finally {
    input.dispose()
  }
}

/**
 * Refuses a render larger than RENDER_LIMITS before anything is decoded: each resize's size from the
 * recipe itself, and with the source's extent (`source`, read from its container), its own size and
 * the pixels of all its frames at the largest size the chain reaches.
 */
export function checkRenderSize(recipe: Recipe, source?: ClipExtent): void {
  const limit = RENDER_LIMITS.framePixels
  const pixels = (size: { width: number; height: number }) => size.width * size.height
  const resizes = recipe.steps.flatMap((step) => (step.step === 'resize' ? [{ width: step.width, height: step.height }] : []))
  const tooLarge = resizes.find((size) => pixels(size) > limit)
  if (tooLarge) {
    throw new Error(`this chain would resize the picture to ${sizeWords(tooLarge)}, larger than 8K (7680 × 4320); nothing was rendered — make the resize smaller`)
  }
  if (!source) return
  if (pixels(source) > limit) {
    throw new Error(`this clip’s picture is ${sizeWords(source)}, larger than 8K (7680 × 4320), the most a chain renders; nothing was rendered`)
  }
  const largest = [source, ...resizes].reduce((most, size) => (pixels(size) > pixels(most) ? size : most))
  if (pixels(largest) * source.frames > RENDER_LIMITS.totalPixels) {
    throw new Error(
      `this chain would render about ${Number(source.frames.toPrecision(3)).toLocaleString('en')} frames of ${largest.width} × ${largest.height}, more pixels than an hour of 4K at 30 fps; nothing was rendered — trim the clip first or render it smaller`,
    )
  }
}

/** "16384 × 16384 (268.4 million pixels)" */
function sizeWords(size: { width: number; height: number }): string {
  return `${size.width} × ${size.height} (${millions(size.width * size.height)} million pixels)`
}

function millions(pixels: number): string {
  return (pixels / 1e6).toFixed(1)
}

/**
 * Renders a recipe in one pass, with whatever else the job asks for (a container, a quality, a
 * reframe after the recipe's steps). Refused before any decode when it is larger than RENDER_LIMITS.
 */
export async function renderRecipe(recipe: Recipe, read: ReadAsset, job: Omit<RenderJob, 'grade' | 'resize'>): Promise<RenderedClip> {
  checkRenderSize(recipe)
  const plan = await picturePlan(recipe, read)
  checkRenderSize(recipe, await clipExtent(plan.source))
  return renderClip(plan.source, { ...job, steps: [...plan.steps, ...(job.steps ?? [])] })
}

/** A stored recipe's bytes read back, checked as any data that comes in. */
export async function readRecipe(recipeBytes: Blob): Promise<Recipe> {
  let data: unknown
  try {
    data = JSON.parse(await recipeBytes.text())
  } catch (error) {
    throw new Error('this clip’s render recipe cannot be read (it is not JSON)', { cause: error })
  }
  return parsedRecipe(data)
}

/** What a recipe makes, in the filmmaker's words: "graded clip", "resized clip", "graded and resized clip". */
export function describeRecipe(recipe: Recipe): string {
  const graded = recipe.steps.some((step) => step.step === 'grade')
  const resized = recipe.steps.some((step) => step.step === 'resize')
  if (graded && resized) return 'graded and resized clip'
  return graded ? 'graded clip' : 'resized clip'
}

/** A recipe as the Storage panel names it: "Graded clip — a recipe over clip.mp4, renders when needed". */
export function recipeSummary(recipe: Recipe): string {
  const what = describeRecipe(recipe)
  const source = typeof recipe.source.meta.name === 'string' ? recipe.source.meta.name : 'its source clip'
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} — a recipe over ${source}, renders when needed`
}

/**
 * The clip a recipe stands for, as the pixel nodes used to encode it between them (MP4, the
 * encoder's high quality): what a preview, a download or a node that is not a pixel node gets.
 */
export async function renderRecipeFile(
  recipe: Recipe,
  read: (hash: string) => Promise<Blob>,
  options: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<Blob> {
  const rendered = await renderRecipe(recipe, (ref) => read(ref.hash), { settings: { container: 'mp4' }, ...options })
  return rendered.blob
}
