import { describe, expect, it } from 'vitest'
import { cacheKey, keyOfInputs, MemoryAssetStore, MemoryResultStore, outputKey, partKey, planRun, runPipeline, type NodeRegistry } from '../../src/engine'
import type { PipelineDoc } from '../../src/graph'
import { doc, fixtureRegistry, link, node } from './fixture-nodes'
import { registry as shippedRegistry } from './shipped-registry'

/*
 * Cache keys as they are stored in people's browsers: a result is found again only under the key it
 * was written with, so any change to how keys are made (the canonical JSON, the hash, which params
 * count, how inputs are named) loses every cached result. These were computed by the code that
 * shipped them; a faster key must give the same text, byte for byte.
 */

function planKeys(document: PipelineDoc, registry: NodeRegistry): Record<string, string> {
  const planned = planRun(document, registry)
  if (!planned.ok) throw new Error(planned.issues.map((issue) => issue.message).join('; '))
  return Object.fromEntries(planned.plan.steps.map((step) => [step.node.id, step.cacheKey]))
}

describe('known cache keys', () => {
  it('of single values, key by key', () => {
    expect({
      plain: cacheKey({ type: 'add', typeVersion: 1, params: { plus: 1 }, inputs: { a: 'k:value' } }),
      // Key order, undefined fields, -0, nesting, lists and text beyond ASCII.
      mixed: cacheKey({
        typeVersion: 3,
        type: 'grade',
        inputs: { clips: ['b:clip', 'a:clip'], look: 'c:lut' },
        params: { z: -0, a: undefined, name: 'Café “night” 🎬', nested: { y: [1, 2.5, { q: null, p: true }], x: 'a\nb\\c"d' } },
      }),
      items: keyOfInputs('prompt', 2, { subject: 'a tram', takes: 3 })({ vars: ['one:text', 'two:text'], shot: 'three:shot' }),
      part: partKey('video-gen', 1, { take: 2, seed: 77 }, { prompt: 'p:prompt' }),
      output: outputKey('f'.repeat(64), 'value'),
    }).toEqual({
      plain: 'e5b5f36a4d50afd87674a3363873264545b56c828b053ab895d830550ba7d4ad',
      mixed: '25b38c85617fe94de3ee26e098fdefa13cd9fef5a4812a283d3d18c30560d90e',
      items: '04db654cc00b316abb6daf80687cc770ad9bcc216df979dce1df472a6576adae',
      part: 'b63a0f89e8cdc67c157b62af71dd78053638eb65ac6d20a7e4c31c2546a6c042',
      output: `${'f'.repeat(64)}:value`,
    })
  })

  it('of the runner bench’s text → prompt pairs, with the shipped node types', () => {
    const pair = doc(
      [
        node('line0', 'text', { text: 'place: street 0' }),
        node('shot0', 'prompt', { subject: 'a tram', environment: '{place}' }),
        node('line1', 'text', { text: 'place: Übergang 1' }, { label: 'Another label' }),
        node('shot1', 'prompt', { subject: 'a tram', environment: '{place}', dialogue: 'MARA: Now.' }),
      ],
      [link('line0.text', 'shot0.vars'), link('line1.text', 'shot1.vars')],
    )
    expect(planKeys(pair, shippedRegistry)).toEqual({
      line0: '764664a8017e8d56f1a1e3c60487518ad8ff64751962a0458531293d6d17fb8e',
      shot0: 'bb9309b378c07ade0ac931a95c75d6d2adc6b8ccb5de23e23bec0b346ef00d79',
      line1: '9b987cf590c57b2000a599ecc1fe10f7c44f6a8e6df7fe8d68ef1be4a7cb2835',
      shot1: '150979bdc17a4036d0af7025c23f7181ce04f5ce9f663c0efa4feb5ec0b999d5',
    })
  })

  it('of steps with notes, list inputs in link order, and per-item steps with their items', async () => {
    const registry = fixtureRegistry()
    const graph = doc(
      [
        node('two', 'number-source', { value: 2 }),
        node('three', 'number-source', { value: 3 }),
        node('sum', 'add', { plus: 1, remark: 'a note is not in the key' }),
        node('both', 'total'),
        node('list', 'number-list', { values: [3, 1, 2] }),
        node('plus', 'add', { plus: 10 }),
        node('gathered', 'total'),
      ],
      [
        link('two.value', 'sum.a'),
        link('three.value', 'sum.b'),
        link('three.value', 'both.values'),
        link('two.value', 'both.values'),
        link('list.values', 'plus.a'),
        link('plus.sum', 'gathered.values'),
      ],
    )
    expect(planKeys(graph, registry)).toEqual({
      two: '1e58b3673d67bc1fad69cdf011e88c4a46e96d82263ed8d30e3a4064b5a616a7',
      three: 'da660b7f925f6d36403124dc965b35a96f80fd8315f139a6675176bb43f6c351',
      sum: '0f5de24fe0f8e2ada83b772332fe7e8f1a2138e8fec60d72928b35a761ddfe76',
      both: 'cb560cd74160595dbaaeef924256b59788fc348f838b289f5ffc6b319bdd80c5',
      list: '393ee1cabbbb6e04fc2de941963e8eb46a168716bf4c93d3bb3f3eefb3b86220',
      // A per-item step's plan key stands for its shape; its items are keyed as they run.
      plus: '10280d4c94a7c8172124b446f55e7cb699627c88ea0bb55e3e3e2deb892c27e6',
      gathered: 'bc4fee3f6ef8f9d6167044b128f83adf37452b1f815bcc5c81348580fa67a563',
    })
    const record = await runPipeline(graph, { registry, results: new MemoryResultStore(), assets: new MemoryAssetStore() })
    // As run: the per-item step's items, and the keys of it and what gathers it from its items' keys.
    expect(record.nodes.plus?.cacheKey).toBe('e9fd38fc78c87b7ad027ee4023b9498dc54872a4f329031feda2dc3d414000c5')
    expect(Object.fromEntries(Object.entries(record.nodes.plus?.items ?? {}).map(([item, cell]) => [item, cell.cacheKey]))).toEqual({
      1: '51aab6ca11eb9fdb4adacb2522f99e6f2456c0ca78d36c0b479a32a3854280f4',
      2: '489028368b45f95a18acf985ee7dcd23f5274425be556bf280c405b6127225fd',
      3: '04d3f6e50756cce672c02c8d892be8f3d90dea082d0e785dd2bc96db72ddc3dd',
    })
    expect(record.nodes.gathered?.cacheKey).toBe('4e84629864226c932661d9e3736bec4b45fa7c76fffda1475419e61266bc757b')
    expect(record.nodes.sum?.cacheKey).toBe('0f5de24fe0f8e2ada83b772332fe7e8f1a2138e8fec60d72928b35a761ddfe76')
  })
})
