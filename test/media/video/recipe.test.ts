import { describe, expect, it } from 'vitest'
import { assetsIn, defineNode, type AssetAccess, isAssetRef, MemoryAssetStore, MemoryResultStore, NodeRegistry, port, runPipeline, type AssetRef, type NodeEvent } from '../../../src/engine'
import { CURRENT_DOC_VERSION, type PipelineDoc } from '../../../src/graph'
import { canonicalRecipe, pictureSize, RECIPE_MIME, recipeOf, storeRecipe, withStep, type Recipe } from '../../../src/media/video/recipe'
import colorGrade from '../../../nodes/color-grade/node'
import upscale from '../../../nodes/upscale/node'
import { z } from 'zod'

const identityCube = 'LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n'
/** The identity with red and blue crossed: a look that changes every colour. */
const crossedCube = 'LUT_3D_SIZE 2\n0 0 0\n0 0 1\n0 1 0\n0 1 1\n1 0 0\n1 0 1\n1 1 0\n1 1 1\n'

async function sourceClip(assets: Pick<AssetAccess, 'put'>): Promise<AssetRef> {
  // Bytes no decoder would take: a recipe is made without reading the picture.
  return assets.put(new Blob(['not really a clip'], { type: 'video/mp4' }), { kind: 'video', meta: { name: 'shot-12.mp4', width: 640, height: 360, fps: 24, durationS: 1, videoCodec: 'avc1.64001e' } })
}

describe('render recipes', () => {
  it('start over a plain clip and grow by one step per pixel node, the source kept', async () => {
    const assets = new MemoryAssetStore()
    const clip = await sourceClip(assets)
    const graded = await storeRecipe(withStep(clip, { step: 'grade', strength: 1 }), (bytes, info) => assets.put(bytes, info))
    const upscaled = await storeRecipe(withStep(graded, { step: 'resize', width: 1280, height: 720 }), (bytes, info) => assets.put(bytes, info))

    const recipe = recipeOf(upscaled)
    expect(recipe?.source).toEqual(clip)
    expect(recipe?.steps.map((step) => step.step)).toEqual(['grade', 'resize'])
    expect(recipeOf(clip)).toBeUndefined()
    // What the recipe makes: the source's facts at the new size, as the MP4 a preview gets; the stored bytes are the recipe.
    expect(upscaled).toMatchObject({ kind: 'video', mime: 'video/mp4', meta: { name: 'shot-12.mp4', width: 1280, height: 720, fps: 24 } })
    expect(upscaled.meta.videoCodec).toBeUndefined()
    const stored = await assets.get(upscaled as AssetRef)
    expect(stored.type).toBe(RECIPE_MIME)
    expect(JSON.parse(await stored.text())).toEqual(recipe)
    expect(stored.size).toBeLessThan(2000)
  })

  it('are the same asset for the same chain, and another for another LUT or size', async () => {
    const assets = new MemoryAssetStore()
    const clip = await sourceClip(assets)
    const lutA = await assets.put(new Blob([identityCube]), { kind: 'lut' })
    const lutB = await assets.put(new Blob([crossedCube]), { kind: 'lut' })
    const make = (lut: AssetRef, width: number) =>
      storeRecipe(withStep(clip, { step: 'grade', lut, strength: 1 }), (bytes, info) => assets.put(bytes, info)).then((graded) =>
        storeRecipe(withStep(graded, { step: 'resize', width, height: 720 }), (bytes, info) => assets.put(bytes, info)),
      )
    const first = await make(lutA, 1280)
    expect((await make(lutA, 1280)).hash).toBe(first.hash)
    expect((await make(lutB, 1280)).hash).not.toBe(first.hash)
    expect((await make(lutA, 1920)).hash).not.toBe(first.hash)
  })

  it('are written the same whatever order their keys were set in', () => {
    const source = { kind: 'video', hash: 'a'.repeat(64), mime: 'video/mp4', bytes: 1, meta: {} }
    const one: Recipe = { format: 'reelgraph-render-recipe', version: 1, source, steps: [{ step: 'resize', width: 2, height: 4 }] }
    const other = { steps: [{ height: 4, width: 2, step: 'resize' as const }], version: 1 as const, source, format: 'reelgraph-render-recipe' as const }
    expect(canonicalRecipe(other)).toBe(canonicalRecipe(one))
  })

  it('hold their source and LUTs, so a cached recipe is a miss once either is evicted', async () => {
    const assets = new MemoryAssetStore()
    const clip = await sourceClip(assets)
    const lut = await assets.put(new Blob([identityCube]), { kind: 'lut' })
    const graded = await storeRecipe(withStep(clip, { step: 'grade', lut, strength: 1 }), (bytes, info) => assets.put(bytes, info))
    expect(isAssetRef(graded)).toBe(true)
    expect(assetsIn(graded as AssetRef).map((ref) => ref.hash)).toEqual([graded.hash, clip.hash, lut.hash])
  })

  it('give their frame size without rendering: the last resize, else the source’s', async () => {
    const assets = new MemoryAssetStore()
    const clip = await sourceClip(assets)
    const read = () => Promise.reject(new Error('nothing should be read'))
    const graded = await storeRecipe(withStep(clip, { step: 'grade', strength: 0.5 }), (bytes, info) => assets.put(bytes, info))
    expect(await pictureSize(graded, read)).toEqual({ width: 640, height: 360 })
    const upscaled = await storeRecipe(withStep(graded, { step: 'resize', width: 1280, height: 720 }), (bytes, info) => assets.put(bytes, info))
    expect(await pictureSize(upscaled, read)).toEqual({ width: 1280, height: 720 })
  })

  it('refuse a malformed recipe with where it is wrong', () => {
    const hash = 'b'.repeat(64)
    const broken = { kind: 'video', hash, mime: 'video/mp4', bytes: 1, meta: { renderOf: { asset: hash, recipe: { format: 'reelgraph-render-recipe', version: 1, steps: [] } } } }
    expect(() => recipeOf(broken)).toThrow(/render recipe cannot be read \(source: /)
  })

  it('are not read into a file another node made from their picture with their meta copied (a trim)', async () => {
    const assets = new MemoryAssetStore()
    const graded = await storeRecipe(withStep(await sourceClip(assets), { step: 'grade', strength: 1 }), (bytes, info) => assets.put(bytes, info))
    const trimmed = await assets.put(new Blob(['the trimmed picture']), { kind: 'video', meta: { ...(graded as AssetRef).meta, durationS: 0.5 } })
    expect(recipeOf(graded)).toBeDefined()
    expect(recipeOf(trimmed)).toBeUndefined()
  })
})

/** A clip as a video-input node gives it, without a decoder in Node. */
const clipSource = defineNode({
  type: 'test-clip',
  version: 1,
  title: 'Test clip',
  category: 'Inputs',
  inputs: {},
  outputs: { video: port.video() },
  params: z.object({}),
  async run({ ctx }) {
    return { video: await sourceClip(ctx.assets) }
  },
})

function chain(lut: AssetRef): PipelineDoc {
  const at = { x: 0, y: 0 }
  return {
    format: 'reelgraph',
    version: CURRENT_DOC_VERSION,
    id: 'chain',
    name: 'Chain',
    description: '',
    nodes: [
      { id: 'shot', type: 'test-clip', typeVersion: 1, position: at, params: {} },
      { id: 'grade', type: 'color-grade', typeVersion: 2, position: at, params: { lut } },
      { id: 'up', type: 'upscale', typeVersion: 1, position: at, params: { scale: 2 } },
    ],
    edges: [
      { id: 'e1', from: { node: 'shot', port: 'video' }, to: { node: 'grade', port: 'media' } },
      { id: 'e2', from: { node: 'grade', port: 'media' }, to: { node: 'up', port: 'media' } },
    ],
  }
}

describe('a grade → Lanczos upscale chain', () => {
  it('hands one recipe over the source down the chain, is cached whole on a re-run and re-made for another LUT', async () => {
    const assets = new MemoryAssetStore()
    const deps = { registry: new NodeRegistry([clipSource, colorGrade, upscale]), results: new MemoryResultStore(), assets }
    const lutA = await assets.put(new Blob([crossedCube], { type: 'text/x-cube' }), { kind: 'lut', meta: { name: 'a.cube' } })
    const lutB = await assets.put(new Blob([crossedCube.replace('0 0 1\n', '0 0 0.9\n')], { type: 'text/x-cube' }), { kind: 'lut', meta: { name: 'b.cube' } })
    const outputs = async (lut: AssetRef) => {
      const events: NodeEvent[] = []
      const record = await runPipeline(chain(lut), deps, { onEvent: (event) => events.push(event) })
      expect(record.status).toBe('done')
      const up = events.find((event) => event.nodeId === 'up' && (event.status === 'done' || event.status === 'cached'))
      return { up: up && 'outputs' in up ? (up.outputs?.media as AssetRef) : undefined, statuses: Object.fromEntries(Object.entries(record.nodes).map(([id, entry]) => [id, entry.status])) }
    }

    const first = await outputs(lutA)
    const recipe = first.up && recipeOf(first.up)
    expect(recipe?.steps).toEqual([
      expect.objectContaining({ step: 'grade', lut: expect.objectContaining({ hash: lutA.hash }) }),
      { step: 'resize', width: 1280, height: 720 },
    ])
    expect(recipe?.source.meta.name).toBe('shot-12.mp4')

    const again = await outputs(lutA)
    expect(again.statuses).toEqual({ shot: 'cached', grade: 'cached', up: 'cached' })
    expect(again.up?.hash).toBe(first.up?.hash)

    const other = await outputs(lutB)
    expect(other.statuses).toMatchObject({ shot: 'cached', grade: 'done', up: 'done' })
    expect(other.up?.hash).not.toBe(first.up?.hash)
  })
})
