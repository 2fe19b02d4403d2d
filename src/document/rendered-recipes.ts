/**
 * A chain of pixel nodes kept as a recipe (docs/architecture.md, "Chains of pixel nodes") becomes a
 * file when something asks for its picture: a preview, a download, the runner's output, a node that is
 * not a pixel node. The file is rendered once, in one pass from the source, and cached as a derived
 * result under the recipe's hash; two asks at once wait for the same render.
 */
import { isAssetRef, type AssetRef } from '../engine'
import { RECIPE_MIME, recipeOf, renderStoredRecipe } from '../media/video/recipe'
import type { Storage } from '../storage'

/** Where the rendered file of a recipe is cached: the results table, under a key no node's cache key can take. */
export function renderedRecipeKey(recipeHash: string): string {
  return `rendered-recipe:${recipeHash}`
}

/** A clip as a file: a recipe's rendered clip (rendered now if it has not been), any other asset as it is. */
export type RenderedFileOf = (clip: AssetRef) => Promise<AssetRef>

/**
 * From now on, asking `storage.assets` for a recipe gives its rendered clip. Returns what gives the
 * rendered file's own reference (its hash and size), for a caller that copies the file out.
 */
export function renderRecipesOnDemand(storage: Pick<Storage, 'assets' | 'results'>): RenderedFileOf {
  const rendering = new Map<string, Promise<AssetRef>>()
  const renderedRef = (recipe: Blob, hash: string): Promise<AssetRef> => {
    const started = rendering.get(hash)
    if (started) return started
    const made = renderedFile(storage, recipe, hash).finally(() => rendering.delete(hash))
    rendering.set(hash, made)
    return made
  }
  storage.assets.makeOnDemand({ mime: RECIPE_MIME, make: async (recipe, hash) => storage.assets.getStored(await renderedRef(recipe, hash)) })
  return async (clip) => {
    if (!recipeOf(clip)) return clip
    const { renderOf: _recipe, renderedFrom: _from, ...meta } = clip.meta
    const file = await renderedRef(await storage.assets.getStored(clip), clip.hash)
    return { ...file, meta: { ...meta, ...file.meta } }
  }
}

async function renderedFile(storage: Pick<Storage, 'assets' | 'results'>, recipe: Blob, hash: string): Promise<AssetRef> {
  const key = renderedRecipeKey(hash)
  const [cached] = await storage.results.getMany([key])
  const file = cached?.file
  if (isAssetRef(file)) return file
  const started = performance.now()
  const blob = await renderStoredRecipe(recipe, (source) => storage.assets.get(source))
  const ref = await storage.assets.put(blob, { kind: 'video', mime: blob.type })
  // Held with the recipe itself, so the file goes when the recipe or its source does.
  const recipeRef = { kind: 'file' as const, hash, mime: RECIPE_MIME, bytes: recipe.size, meta: {} }
  await storage.results.put(key, { outputs: { file: ref, recipe: recipeRef }, nodeType: 'rendered-recipe', durationMs: performance.now() - started })
  return ref
}
