/**
 * A chain of pixel nodes kept as a recipe (docs/architecture.md, "Chains of pixel nodes") becomes a
 * file when something asks for its picture: a preview, a download, the runner's output, a node that is
 * not a pixel node. The file is rendered once, in one pass from the source, and cached as a derived
 * result under the recipe's hash; two asks at once wait for the same render. Each ask hears the
 * render's progress and may give up (a run's Cancel); the render stops once every ask has given up,
 * and nothing half made is stored.
 */
import { assetsIn, isAssetRef, type AssetReadOptions, type AssetRef } from '../engine'
import { describeRecipe, readRecipe, RECIPE_MIME, recipeOf, renderRecipeFile, type Recipe } from '../media/video/recipe'
import type { Storage } from '../storage'

/** Where the rendered file of a recipe is cached: the results table, under a key no node's cache key can take. */
export function renderedRecipeKey(recipeHash: string): string {
  return `rendered-recipe:${recipeHash}`
}

/** The maker the results table names a rendered copy by, as the Storage panel counts it. */
export const RENDERED_RECIPE_MAKER = 'rendered-recipe'

/**
 * The size of each recipe's rendered copy that is stored now, by the recipe's hash; a recipe whose
 * copy was never made or was evicted is absent (asked for, it is rendered again).
 */
export async function renderedCopies(storage: Pick<Storage, 'assets' | 'results'>, recipeHashes: readonly string[]): Promise<Map<string, number>> {
  const cached = await storage.results.getMany(recipeHashes.map(renderedRecipeKey))
  const files = new Map<string, AssetRef>()
  cached.forEach((outputs, index) => {
    if (isAssetRef(outputs?.file)) files.set(recipeHashes[index]!, outputs.file)
  })
  const stored = new Set((await storage.assets.facts([...files.values()].map((file) => file.hash))).map((facts) => facts.hash))
  return new Map([...files].filter(([, file]) => stored.has(file.hash)).map(([recipe, file]) => [recipe, file.bytes]))
}

/**
 * Pins a clip for good; a recipe with what it is made from (its source and LUTs), so the pinned
 * recipe can always be rendered. Its rendered copy stays unpinned: evicted, it is made again.
 */
export async function pinClip(assets: Pick<Storage['assets'], 'pin'>, clip: AssetRef): Promise<void> {
  for (const held of assetsIn(clip)) await assets.pin(held.hash)
}

/** A clip as a file: a recipe's rendered clip (rendered now if it has not been), any other asset as it is. */
export type RenderedFileOf = (clip: AssetRef, options?: AssetReadOptions) => Promise<AssetRef>

/** Renders a recipe to its clip: `renderRecipeFile`; a test gives a render it controls. */
export type RenderRecipeFile = (recipe: Recipe, read: (hash: string) => Promise<Blob>, options: { signal: AbortSignal; onProgress: (fraction: number) => void }) => Promise<Blob>

/** One render under way and those waiting for it. */
interface Rendering {
  made: Promise<AssetRef>
  stop: AbortController
  /** What each waiting ask is told of the render's progress, one entry per ask. */
  waiting: Set<(fraction: number) => void>
  settled: boolean
}

/**
 * From now on, asking `storage.assets` for a recipe gives its rendered clip. Returns what gives the
 * rendered file's own reference (its hash and size), for a caller that copies the file out.
 */
export function renderRecipesOnDemand(storage: Pick<Storage, 'assets' | 'results'>, render: RenderRecipeFile = renderRecipeFile): RenderedFileOf {
  const renderings = new Map<string, Rendering>()

  const start = (recipe: Recipe, hash: string, recipeBytes: number): Rendering => {
    const stop = new AbortController()
    const waiting = new Set<(fraction: number) => void>()
    const read = (asset: string) => storage.assets.get(asset)
    const made = renderedFile(storage, { hash, bytes: recipeBytes }, (options) => render(recipe, read, options), {
      signal: stop.signal,
      onProgress: (fraction) => {
        for (const tell of waiting) tell(fraction)
      },
    })
    const rendering: Rendering = { made, stop, waiting, settled: false }
    const settle = () => {
      rendering.settled = true
      if (renderings.get(hash) === rendering) renderings.delete(hash)
    }
    made.then(settle, settle)
    renderings.set(hash, rendering)
    return rendering
  }

  const ask = async (stored: Blob, hash: string, options: AssetReadOptions): Promise<AssetRef> => {
    options.signal?.throwIfAborted()
    const recipe = await readRecipe(stored)
    const rendering = renderings.get(hash) ?? start(recipe, hash, stored.size)
    return waitFor(rendering, describeRecipe(recipe), options, () => {
      // Nobody waits any more: the render stops, and a later ask starts afresh.
      if (renderings.get(hash) === rendering) renderings.delete(hash)
      rendering.stop.abort(new DOMException('Every ask for the rendered clip gave up', 'AbortError'))
    })
  }

  storage.assets.makeOnDemand({ mime: RECIPE_MIME, make: async (stored, hash, options) => storage.assets.getStored(await ask(stored, hash, options)) })
  return async (clip, options = {}) => {
    if (!recipeOf(clip)) return clip
    const { renderOf: _recipe, renderedFrom: _from, ...meta } = clip.meta
    const file = await ask(await storage.assets.getStored(clip), clip.hash, options)
    return { ...file, meta: { ...meta, ...file.meta } }
  }
}

/** One ask's wait for a render: told its progress as `doing`, giving up when its signal aborts. */
function waitFor(rendering: Rendering, doing: string, { signal, progress }: AssetReadOptions, abandoned: () => void): Promise<AssetRef> {
  const tell = (fraction: number) => progress?.(fraction, `Rendering ${doing}`)
  return new Promise<AssetRef>((resolve, reject) => {
    const leave = () => {
      signal?.removeEventListener('abort', giveUp)
      rendering.waiting.delete(tell)
      if (rendering.waiting.size === 0 && !rendering.settled) abandoned()
    }
    const giveUp = () => {
      leave()
      reject(signal?.reason)
    }
    rendering.waiting.add(tell)
    tell(0)
    signal?.addEventListener('abort', giveUp, { once: true })
    rendering.made.then(
      (file) => {
        leave()
        resolve(file)
      },
      (error: unknown) => {
        leave()
        reject(error)
      },
    )
  })
}

async function renderedFile(
  storage: Pick<Storage, 'assets' | 'results'>,
  recipe: { hash: string; bytes: number },
  render: (options: { signal: AbortSignal; onProgress: (fraction: number) => void }) => Promise<Blob>,
  options: { signal: AbortSignal; onProgress: (fraction: number) => void },
): Promise<AssetRef> {
  const key = renderedRecipeKey(recipe.hash)
  const [cached] = await storage.results.getMany([key])
  const file = cached?.file
  if (isAssetRef(file)) return file
  const started = performance.now()
  const blob = await render(options)
  // A render stopped as it finished is not kept: nobody asked for it any more.
  options.signal.throwIfAborted()
  const ref = await storage.assets.put(blob, { kind: 'video', mime: blob.type })
  // Held with the recipe itself, so the file goes when the recipe or its source does.
  const recipeRef = { kind: 'file' as const, hash: recipe.hash, mime: RECIPE_MIME, bytes: recipe.bytes, meta: {} }
  await storage.results.put(key, { outputs: { file: ref, recipe: recipeRef }, nodeType: RENDERED_RECIPE_MAKER, durationMs: performance.now() - started })
  return ref
}
