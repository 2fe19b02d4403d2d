/*
 * The ESRGAN models the upscale node runs: the ones UpscalerJS ships in its npm packages, copied into
 * the build by vite.config.ts and served from our own origin, so nothing is fetched from elsewhere.
 *
 * ESRGAN Slim (an RDN of 2 dense blocks 4 channels deep, 888 KB of weights) rather than Medium
 * (10 blocks 64 deep, 2.7 MB): by their layer sizes Medium does about three times the arithmetic
 * per pixel, and on a 2-core CPU through the WASM backend Slim alone is near the goal of 1.5 s a
 * 256×256 tile (`npm run bench` prints it), so Medium would be far past it.
 */

import folders from './models.json'

export type EsrganScale = 2 | 4

export interface EsrganModel {
  /** Where the model's files are inside node_modules. */
  packageFolder: string
  /** Where the build serves them, below the app's base URL; model.json names its weights beside it. */
  servedFolder: string
}

/** In a JSON file, so the build (scripts/model-files.mjs) copies the same folders the app asks for. */
export const ESRGAN_MODELS: Readonly<Record<EsrganScale, EsrganModel>> = folders

/** The scale of model to run for a picture that must grow by `factor`: the least that reaches it. */
export function esrganScaleFor(factor: number): EsrganScale {
  return factor <= 2 ? 2 : 4
}

/** Source pixels a side of one tile: the size the bench times, and the step progress moves in. */
export const ESRGAN_TILE_SIZE = 256
/**
 * Pixels of the neighbours read around each tile. ESRGAN Slim's receptive field is well inside
 * this, so a tile's own part of the result is what the whole picture would have given.
 */
export const ESRGAN_TILE_MARGIN = 12
