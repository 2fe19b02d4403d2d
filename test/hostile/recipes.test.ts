/**
 * The hostile recipe corpus: every file in test/hostile/recipes/ is one render recipe a shared
 * bundle could carry (docs/architecture.md, "Chains of pixel nodes"), over a source clip the case
 * describes. A recipe that would render more than RENDER_LIMITS is refused with the case's message
 * on the node that asked for the clip and by export's render, before a frame is decoded, and
 * nothing is stored; a control case passes the check. The source is a real container whose
 * packets are not pictures: it is demuxed, never decoded, and a render that got as far as decoding
 * would fail here with another message (there is no decoder under Node).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BufferTarget, EncodedPacket, EncodedVideoPacketSource, Output, WebMOutputFormat } from 'mediabunny'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { renderRecipesOnDemand } from '../../src/document/rendered-recipes'
import { defineNode, NodeRegistry, offlineAccess, port, runPipeline, type AssetRef, type NodeEvent } from '../../src/engine'
import { checkRenderSize, clipExtent, recipeSchema, renderRecipe, storeRecipe, type Recipe } from '../../src/media/video/recipe'
import type { Storage } from '../../src/storage'
import { doc, link, node, readClipNode } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'

const folder = join(import.meta.dirname, 'recipes')

const caseSchema = z.object({
  title: z.string(),
  /** What the source's container says: its frame size, and its length at its rate. */
  source: z.object({ width: z.number().int().positive(), height: z.number().int().positive(), fps: z.number().positive(), seconds: z.number().positive() }),
  steps: recipeSchema.shape.steps,
  expect: z.union([z.object({ refused: z.string() }), z.object({ within: z.literal(true) })]),
})
type RecipeCase = z.infer<typeof caseSchema>

const cases = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name, hostile: caseSchema.parse(JSON.parse(readFileSync(join(folder, name), 'utf8'))) }))

/** How many packets the source carries at its rate before its last one, at `seconds`: enough to read the rate from. */
const RATE_PACKETS = 120

/** A WebM whose track says the case's size and whose packets run at its rate and end at its length; their bytes are no picture. */
async function sourceFile({ width, height, fps, seconds }: RecipeCase['source']): Promise<Blob> {
  const output = new Output({ format: new WebMOutputFormat(), target: new BufferTarget() })
  const picture = new EncodedVideoPacketSource('vp9')
  output.addVideoTrack(picture, { frameRate: fps })
  await output.start()
  const frame = 1 / fps
  const times = [...Array.from({ length: Math.min(RATE_PACKETS, Math.round(seconds * fps)) }, (_, at) => at * frame), seconds - frame]
  for (const [at, time] of [...new Set(times)].entries()) {
    const packet = new EncodedPacket(new Uint8Array([at % 256]), at === 0 ? 'key' : 'delta', time, frame)
    await picture.add(packet, at === 0 ? { decoderConfig: { codec: 'vp09.00.10.08', codedWidth: width, codedHeight: height } } : undefined)
  }
  await output.finalize()
  const { buffer } = output.target as BufferTarget
  if (!buffer) throw new Error('the source was not written')
  return new Blob([buffer], { type: 'video/webm' })
}

const opened: Storage[] = []
afterEach(() => {
  for (const storage of opened.splice(0)) storage.close()
})

async function stored(hostile: RecipeCase) {
  const storage = freshStorage()
  opened.push(storage)
  const file = await sourceFile(hostile.source)
  const source = await storage.assets.put(file, { kind: 'video', meta: { name: 'clip.webm' } })
  const recipe: Recipe = { format: 'reelgraph-render-recipe', version: 1, source, steps: hostile.steps }
  const clip = (await storeRecipe(recipe, (data, info) => storage.assets.put(data, info))) as AssetRef
  return { storage, file, recipe, clip }
}

describe('hostile render recipes', () => {
  it.each(cases)('$name: $hostile.title', async ({ hostile }) => {
    const { storage, file, recipe, clip } = await stored(hostile)
    if ('within' in hostile.expect) {
      expect(() => checkRenderSize(recipe)).not.toThrow()
      const extent = await clipExtent(file)
      expect(() => checkRenderSize(recipe, extent)).not.toThrow()
      return
    }
    const { refused } = hostile.expect
    const storedBefore = (await storage.db.assets.toArray()).map((row) => row.hash).sort()

    // On the node that asked for the clip as a file.
    const handOn = defineNode({
      type: 'bundled-clip',
      version: 1,
      title: 'Bundled clip',
      category: 'Post',
      inputs: {},
      outputs: { clip: port.video() },
      params: z.object({}),
      run: async () => ({ clip }),
    })
    renderRecipesOnDemand(storage)
    const events: NodeEvent[] = []
    await runPipeline(
      doc([node('bundled', 'bundled-clip'), node('trim', 'read-clip')], [link('bundled.clip', 'trim.clip')]),
      { registry: new NodeRegistry([handOn, readClipNode]), results: storage.results, assets: storage.assets, remote: offlineAccess() },
      { onEvent: (event) => events.push(event) },
    )
    expect(events.find((event) => event.nodeId === 'trim' && event.status === 'error')).toEqual({ nodeId: 'trim', status: 'error', message: refused })

    // And by export's render of the recipe.
    await expect(renderRecipe(recipe, (ref) => storage.assets.get(ref.hash), { settings: { container: 'mp4' } })).rejects.toThrow(refused)

    expect((await storage.db.assets.toArray()).map((row) => row.hash).sort()).toEqual(storedBefore)
  })
})
