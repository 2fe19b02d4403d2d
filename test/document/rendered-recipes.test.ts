import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { pinClip, renderedCopies, renderedRecipeKey, renderRecipesOnDemand, type RenderRecipeFile } from '../../src/document/rendered-recipes'
import { defineNode, NodeRegistry, offlineAccess, port, runPipeline, type AssetRef, type NodeEvent } from '../../src/engine'
import { RECIPE_MIME, storeRecipe, withStep } from '../../src/media/video/recipe'
import type { Storage } from '../../src/storage'
import { doc, link, node, readClipNode } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'

const opened: Storage[] = []
afterEach(() => {
  for (const storage of opened.splice(0)) storage.close()
})

/**
 * A render the test drives: it says 40 % and then waits for `finish`, or stops when its signal
 * aborts, as mediabunny's conversion does on `cancel()`.
 */
function heldRender() {
  const seen: { signal?: AbortSignal; renders: number } = { renders: 0 }
  let finish: () => void = () => {}
  const finished = new Promise<void>((resolve) => (finish = resolve))
  const render: RenderRecipeFile = async (_recipe, _read, { signal, onProgress }) => {
    seen.renders++
    seen.signal = signal
    onProgress(0.4)
    await new Promise<void>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true })
      void finished.then(resolve)
    })
    onProgress(1)
    return new Blob(['the graded clip'], { type: 'video/mp4' })
  }
  return { render, seen, finish }
}

async function gradedClip() {
  const storage = freshStorage()
  opened.push(storage)
  const source = await storage.assets.put(new Blob(['the camera original'], { type: 'video/mp4' }), { kind: 'video', meta: { name: 'clip.mp4' } })
  const graded = await storeRecipe(withStep(source, { step: 'grade', strength: 1 }), (data, info) => storage.assets.put(data, info))
  return { storage, source, graded: graded as AssetRef }
}

/** Resolves once `condition` holds, checking at each turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 0))
}

describe('a recipe rendered when asked for', () => {
  it('tells the asker what is being made and how far it is', async () => {
    const { storage, graded } = await gradedClip()
    const held = heldRender()
    renderRecipesOnDemand(storage, held.render)
    const heard: [number, string][] = []
    const file = storage.assets.get(graded, { progress: (fraction, doing) => heard.push([fraction, doing]) })
    await until(() => heard.length >= 2)
    held.finish()
    expect(await (await file).text()).toBe('the graded clip')
    expect(heard).toEqual([
      [0, 'Rendering graded clip'],
      [0.4, 'Rendering graded clip'],
      [1, 'Rendering graded clip'],
    ])
  })

  it('stops at once on Cancel, stores nothing and keeps the recipe', async () => {
    const { storage, graded, source } = await gradedClip()
    const held = heldRender()
    renderRecipesOnDemand(storage, held.render)
    const cancel = new AbortController()
    const heard: number[] = []
    const file = storage.assets.get(graded, { signal: cancel.signal, progress: (fraction) => heard.push(fraction) })
    await until(() => heard.includes(0.4))
    cancel.abort(new DOMException('Cancelled', 'AbortError'))

    await expect(file).rejects.toMatchObject({ name: 'AbortError' })
    expect(held.seen.signal?.aborted).toBe(true)
    expect((await storage.db.assets.toArray()).map((row) => row.hash).sort()).toEqual([graded.hash, source.hash].sort())
    expect(await storage.results.getMany([renderedRecipeKey(graded.hash)])).toEqual([undefined])

    // The recipe is intact: asked again, it renders afresh and the file is kept this time.
    const again = storage.assets.get(graded)
    await until(() => held.seen.renders === 2)
    held.finish()
    expect(await (await again).text()).toBe('the graded clip')
    const [kept] = await storage.results.getMany([renderedRecipeKey(graded.hash)])
    expect(kept?.recipe).toMatchObject({ hash: graded.hash })
  })

  it('goes on for one asker when another gives up, rendering once', async () => {
    const { storage, graded } = await gradedClip()
    const held = heldRender()
    renderRecipesOnDemand(storage, held.render)
    const cancel = new AbortController()
    const givingUp = storage.assets.get(graded, { signal: cancel.signal })
    const staying = storage.assets.get(graded, { signal: new AbortController().signal })
    await until(() => held.seen.renders === 1)
    cancel.abort(new DOMException('Cancelled', 'AbortError'))
    await expect(givingUp).rejects.toMatchObject({ name: 'AbortError' })
    expect(held.seen.signal?.aborted).toBe(false)
    held.finish()
    expect(await (await staying).text()).toBe('the graded clip')
    expect(held.seen.renders).toBe(1)
  })
})

describe('a recipe rendered inside a run, for a node that needs a file', () => {
  /** The grade's recipe handed on, and a node that reads it as a file (a trim, an ESRGAN upscale). */
  function chain(graded: AssetRef) {
    const grade = defineNode({
      type: 'graded-clip',
      version: 1,
      title: 'Graded clip',
      category: 'Post',
      inputs: {},
      outputs: { clip: port.video() },
      params: z.object({}),
      run: async () => ({ clip: graded }),
    })
    return { registry: new NodeRegistry([grade, readClipNode]), pipeline: doc([node('grade', 'graded-clip'), node('trim', 'read-clip')], [link('grade.clip', 'trim.clip')]) }
  }

  it('is the progress of the node that asked, and stops with the run on Cancel', async () => {
    const { storage, graded, source } = await gradedClip()
    const held = heldRender()
    renderRecipesOnDemand(storage, held.render)
    const { registry, pipeline } = chain(graded)
    const cancel = new AbortController()
    const events: NodeEvent[] = []
    const run = runPipeline(
      pipeline,
      { registry, results: storage.results, assets: storage.assets, remote: offlineAccess() },
      {
        signal: cancel.signal,
        onEvent: (event) => {
          events.push(event)
          if (event.status === 'running' && event.progress === 0.4) cancel.abort(new DOMException('Cancelled', 'AbortError'))
        },
      },
    )
    await run
    const ticks = events.filter((event) => event.nodeId === 'trim' && event.status === 'running')
    expect(ticks).toContainEqual({ nodeId: 'trim', status: 'running', progress: 0.4, doing: 'Rendering graded clip' })
    expect(events.filter((event) => event.nodeId === 'trim').at(-1)?.status).toBe('cancelled')
    expect(held.seen.signal?.aborted).toBe(true)
    expect((await storage.db.assets.toArray()).map((row) => row.hash).sort()).toEqual([graded.hash, source.hash].sort())
    expect(await storage.results.getMany([renderedRecipeKey(graded.hash)])).toEqual([undefined])
  })
})

describe('a recipe and its rendered copy in the store', () => {
  /** The grade's result holding the recipe, and the recipe rendered once, as a preview asks for it. */
  async function renderedOnce() {
    const made = await gradedClip()
    const held = heldRender()
    renderRecipesOnDemand(made.storage, held.render)
    await made.storage.results.put('grade-key', { outputs: { clip: made.graded }, nodeType: 'color-grade', durationMs: 1 })
    const file = made.storage.assets.get(made.graded)
    held.finish()
    await file
    return { ...made, held }
  }

  it('lets the rendered copy go when the recipe is pinned, and renders it again from the recipe', async () => {
    const { storage, graded, source, held } = await renderedOnce()
    expect([...(await renderedCopies(storage, [graded.hash])).values()]).toEqual(['the graded clip'.length])

    await pinClip(storage.assets, graded)
    const evicted = await storage.results.evictUnpinned()
    expect(evicted.freedBytes).toBe('the graded clip'.length)
    expect(await renderedCopies(storage, [graded.hash])).toEqual(new Map())
    // Pinning the recipe pinned its source: the grade's result stays, and can still be rendered.
    expect((await storage.assets.facts([graded.hash, source.hash])).map((facts) => facts.pinned)).toEqual([1, 1])
    expect(await storage.results.getMany(['grade-key'])).toEqual([{ clip: graded }])
    const again = storage.assets.get(graded)
    await until(() => held.seen.renders === 2)
    held.finish()
    expect(await (await again).text()).toBe('the graded clip')
  })

  it('goes with its copy when nothing is pinned: the grade is then a miss and runs again', async () => {
    const { storage, graded } = await renderedOnce()
    await storage.results.evictUnpinned()
    expect(await storage.db.assets.count()).toBe(0)
    expect(await storage.results.getMany(['grade-key', renderedRecipeKey(graded.hash)])).toEqual([undefined, undefined])
  })
})

describe('a stored recipe that cannot be read', () => {
  it('is refused with the reason, and nothing is rendered', async () => {
    const storage = freshStorage()
    opened.push(storage)
    const held = heldRender()
    renderRecipesOnDemand(storage, held.render)
    const garbled = await storage.assets.put(new Blob(['{"format":"reelgraph-render-recipe"'], { type: RECIPE_MIME }), { kind: 'video', mime: RECIPE_MIME })
    await expect(storage.assets.get(garbled)).rejects.toThrow('this clip’s render recipe cannot be read (it is not JSON)')
    const wrong = await storage.assets.put(new Blob([JSON.stringify({ format: 'reelgraph-render-recipe', version: 1, steps: [] })], { type: RECIPE_MIME }), { kind: 'video', mime: RECIPE_MIME })
    await expect(storage.assets.get(wrong)).rejects.toThrow(/^this clip’s render recipe cannot be read \(source: /)
    expect(held.seen.renders).toBe(0)
  })
})
