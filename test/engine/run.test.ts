import { z } from 'zod'
import { describe, expect, it, vi } from 'vitest'
import { defineNode, MemoryAssetStore, MemoryResultStore, NodeRegistry, port, ResourcePool, runPipeline, type NodeEvent } from '../../src/engine'
import { doc, fixtureRegistry, link, node } from './fixture-nodes'

function setup() {
  const calls: string[] = []
  const deps = {
    registry: fixtureRegistry(calls),
    results: new MemoryResultStore(),
    assets: new MemoryAssetStore(),
  }
  return { calls, deps }
}

const chain = doc(
  [node('a', 'number-source', { value: 2 }), node('b', 'add', { plus: 3 }), node('c', 'add', { plus: 10 })],
  [link('a.value', 'b.a'), link('b.sum', 'c.a'), link('a.value', 'c.b')],
)

describe('runPipeline', () => {
  it('runs every node in order and hands values along the links', async () => {
    const { calls, deps } = setup()
    const events: NodeEvent[] = []
    const record = await runPipeline(chain, deps, { onEvent: (event) => events.push(event) })
    expect(record.status).toBe('done')
    expect(calls).toEqual(['a', 'b', 'c'])
    const done = events.filter((event) => event.status === 'done')
    expect(done.map((event) => event.nodeId)).toEqual(['a', 'b', 'c'])
    expect(done.at(-1)).toMatchObject({ outputs: { sum: 2 + 3 + 10 + 2 } })
    expect(record.nodes.c).toMatchObject({ status: 'done', cached: false })
    expect(record.nodes.c?.cacheKey).toMatch(/^[0-9a-f]{64}$/)
  })

  it('runs nothing again when nothing changed: every node comes from the cache', async () => {
    const { calls, deps } = setup()
    await runPipeline(chain, deps)
    calls.length = 0
    const events: NodeEvent[] = []
    const record = await runPipeline(chain, deps, { onEvent: (event) => events.push(event) })
    expect(calls).toEqual([])
    expect(Object.values(record.nodes).every((entry) => entry.status === 'cached' && entry.cached)).toBe(true)
    expect(events.filter((event) => event.status === 'cached')).toHaveLength(3)
  })

  it('re-runs exactly the changed node and what depends on it', async () => {
    const { calls, deps } = setup()
    await runPipeline(chain, deps)
    calls.length = 0
    const changed = { ...chain, nodes: chain.nodes.map((n) => (n.id === 'b' ? { ...n, params: { plus: 4 } } : n)) }
    const record = await runPipeline(changed, deps)
    expect(calls).toEqual(['b', 'c'])
    expect(record.nodes.a?.status).toBe('cached')
  })

  it('skips what depends on a failure and finishes independent branches', async () => {
    const { calls, deps } = setup()
    const pipeline = doc(
      [
        node('broken', 'fail', { message: 'the provider said no' }),
        node('after', 'add'),
        node('after-after', 'add'),
        node('independent', 'number-source', { value: 1 }),
        node('independent-child', 'add'),
      ],
      [link('broken.value', 'after.a'), link('after.sum', 'after-after.a'), link('independent.value', 'independent-child.a')],
    )
    const events: NodeEvent[] = []
    const record = await runPipeline(pipeline, deps, { onEvent: (event) => events.push(event) })
    expect(record.status).toBe('error')
    expect(record.nodes.broken).toMatchObject({ status: 'error', error: 'the provider said no' })
    expect(record.nodes.after?.status).toBe('skipped')
    expect(record.nodes['after-after']?.status).toBe('skipped')
    expect(record.nodes['independent-child']?.status).toBe('done')
    expect(calls).not.toContain('after')
    expect(events).toContainEqual(expect.objectContaining({ nodeId: 'after', status: 'skipped' }))
  })

  it('records what a node warns of about its result, from the cache too, and not again on nodes it passes through', async () => {
    const { deps } = setup()
    const pipeline = doc([node('mix', 'warned', { warning: 'it stops at −16.7 LUFS, short of −14' }), node('after', 'pass-on')], [link('mix.sound', 'after.sound')])
    for (const run of [1, 2]) {
      const events: NodeEvent[] = []
      const record = await runPipeline(pipeline, deps, { onEvent: (event) => events.push(event) })
      expect(record.nodes.mix, `run ${run}`).toMatchObject({ status: run === 1 ? 'done' : 'cached', warnings: ['it stops at −16.7 LUFS, short of −14'] })
      expect(record.nodes.after?.warnings).toBeUndefined()
      expect(events.filter((event) => event.status === 'warning')).toEqual([{ nodeId: 'mix', status: 'warning', message: 'it stops at −16.7 LUFS, short of −14' }])
    }
    const quiet = await runPipeline(doc([node('mix', 'warned')]), deps)
    expect(quiet.nodes.mix?.warnings).toBeUndefined()
  })

  it('does not cache a failure: the next run tries again', async () => {
    const { calls, deps } = setup()
    const pipeline = doc([node('broken', 'fail')])
    await runPipeline(pipeline, deps)
    await runPipeline(pipeline, deps)
    expect(calls).toEqual(['broken', 'broken'])
  })

  it('stops running nodes and never starts waiting ones on Cancel', async () => {
    const { calls, deps } = setup()
    const pipeline = doc(
      [node('long', 'wait', { ms: 10_000 }), node('after', 'add'), node('quick', 'number-source')],
      [link('long.value', 'after.a')],
    )
    const controller = new AbortController()
    let longRunning = 0
    const run = runPipeline(pipeline, deps, {
      signal: controller.signal,
      onEvent: (event) => {
        // Abort once the node is inside its own wait (its first progress after starting), so the node's own signal handling is what stops it.
        if (event.nodeId === 'long' && event.status === 'running' && ++longRunning === 2) controller.abort()
      },
    })
    const record = await run
    expect(record.status).toBe('cancelled')
    expect(record.nodes.long?.status).toBe('cancelled')
    expect(record.nodes.after?.status).toBe('cancelled')
    expect(calls).not.toContain('after')
  })

  it('runs independent branches side by side within resource limits', async () => {
    const { deps } = setup()
    const pool = new ResourcePool({ cpu: 4, gpu: 2 })
    let peak = 0
    const pipeline = doc(Array.from({ length: 6 }, (_, i) => node(`w${i}`, 'wait', { ms: 15 + i })))
    vi.useFakeTimers()
    try {
      const run = runPipeline(pipeline, { ...deps, pool }, {
        onEvent: () => {
          peak = Math.max(peak, pool.inUse('gpu'))
        },
      })
      await vi.runAllTimersAsync()
      expect((await run).status).toBe('done')
    } finally {
      vi.useRealTimers()
    }
    expect(peak).toBe(2)
  })

  it('gathers a list input from several links, lists flattened, in link order', async () => {
    const { deps } = setup()
    const pipeline = doc(
      [node('x', 'number-source', { value: 1 }), node('y', 'number-source', { value: 2 }), node('t', 'total')],
      [link('y.value', 't.values'), link('x.value', 't.values'), link('y.value', 't.values')],
    )
    const events: NodeEvent[] = []
    await runPipeline(pipeline, deps, { onEvent: (event) => events.push(event) })
    expect(events).toContainEqual(expect.objectContaining({ nodeId: 't', status: 'done', outputs: { total: 5, text: '2+1+2' } }))
  })

  it('refuses an invalid document without running anything', async () => {
    const { calls, deps } = setup()
    const record = await runPipeline(doc([node('a', 'add')]), deps)
    expect(record.status).toBe('refused')
    expect(record.issues?.[0]).toMatchObject({ nodeId: 'a', message: 'input "a" needs a link' })
    expect(calls).toEqual([])
  })

  it('runs only the target and its ancestors with "Run to here"', async () => {
    const { calls, deps } = setup()
    const record = await runPipeline(chain, deps, { target: 'b' })
    expect(calls).toEqual(['a', 'b'])
    expect(Object.keys(record.nodes).sort()).toEqual(['a', 'b'])
  })

  it('reports progress as the node gives it', async () => {
    const { deps } = setup()
    const events: NodeEvent[] = []
    await runPipeline(doc([node('w', 'wait', { ms: 0 })]), deps, { onEvent: (event) => events.push(event) })
    expect(events.map((event) => event.status)).toEqual(['queued', 'running', 'running', 'done'])
    // The wait node reports 0 once it is waiting.
    expect(events[2]).toMatchObject({ nodeId: 'w', status: 'running', progress: 0 })
  })

  // 20,000 overflowed the stack when each cache hit started the next node from inside itself.
  it('runs a fully cached chain of 20,000 nodes without growing the call stack', { timeout: 60_000 }, async () => {
    const { deps } = setup()
    const count = 20_000
    const nodes = [node('n0', 'number-source', { value: 1 }), ...Array.from({ length: count - 1 }, (_, i) => node(`n${i + 1}`, 'add'))]
    const edges = Array.from({ length: count - 1 }, (_, i) => link(i === 0 ? 'n0.value' : `n${i}.sum`, `n${i + 1}.a`))
    const long = doc(nodes, edges)
    await runPipeline(long, deps)
    const record = await runPipeline(long, deps)
    expect(record.status).toBe('done')
    expect(Object.values(record.nodes).filter((entry) => entry.cached)).toHaveLength(count)
  })

  it('hands a result on before its write lands, and says so when the write fails', async () => {
    const { calls, deps } = setup()
    const full = new Error('The browser’s storage for Reelgraph is full')
    const results = { getMany: deps.results.getMany.bind(deps.results), put: () => Promise.reject(full) }
    const events: NodeEvent[] = []
    const record = await runPipeline(chain, { ...deps, results }, { onEvent: (event) => events.push(event) })
    expect(calls).toEqual(['a', 'b', 'c'])
    expect(record.status).toBe('error')
    expect(record.nodes.a).toMatchObject({ status: 'error', error: expect.stringMatching(/could not be saved: The browser’s storage/) })
    expect(events).toContainEqual(expect.objectContaining({ nodeId: 'c', status: 'done' }))
  })

  describe('parts cached on their own (takes)', () => {
    const withTakes = (takes: number, extra: Record<string, unknown> = {}) =>
      doc([node('base', 'number-source', { value: 4 }), node('gen', 'takes', { takes, ...extra })], [link('base.value', 'gen.base')])

    it('raising takes from 5 to 7 makes exactly two more and keeps the five', async () => {
      const { calls, deps } = setup()
      await runPipeline(withTakes(5), deps)
      expect(calls.filter((call) => call.startsWith('gen#'))).toHaveLength(5)
      calls.length = 0
      const events: NodeEvent[] = []
      const record = await runPipeline(withTakes(7), deps, { onEvent: (event) => events.push(event) })
      expect(calls).toEqual(['gen#5', 'gen#6'])
      expect(record.nodes.gen?.parts).toEqual({ reused: 5, made: 2 })
      expect(events).toContainEqual(expect.objectContaining({ nodeId: 'gen', status: 'done', outputs: { takes: [410, 411, 412, 413, 414, 415, 416] } }))
    })

    it('keeps the takes made before a failure, so the next run only makes the rest', async () => {
      const { calls, deps } = setup()
      const first = await runPipeline(withTakes(5, { failAt: 3 }), deps)
      expect(first.nodes.gen).toMatchObject({ status: 'error', error: 'take 3 failed', parts: { reused: 0, made: 3 } })
      calls.length = 0
      await runPipeline(withTakes(5), deps)
      expect(calls).toEqual(['gen#3', 'gen#4'])
    })

    it('records what the takes made in a run cost, and nothing for those reused', async () => {
      const { deps } = setup()
      const first = await runPipeline(withTakes(3, { priceUsd: 0.25, failAt: 2 }), deps)
      // The failed take was submitted, so it was paid for too.
      expect(first.nodes.gen).toMatchObject({ status: 'error', costUsd: 0.75 })
      const second = await runPipeline(withTakes(4, { priceUsd: 0.25 }), deps)
      expect(second.nodes.gen).toMatchObject({ status: 'done', parts: { reused: 2, made: 2 }, costUsd: 0.5 })
      expect(second.nodes.base?.costUsd).toBeUndefined()
    })

    it('makes new takes for a new seed', async () => {
      const { calls, deps } = setup()
      await runPipeline(withTakes(2), deps)
      calls.length = 0
      await runPipeline(withTakes(2, { seed: 2 }), deps)
      expect(calls).toEqual(['gen#0', 'gen#1'])
    })
  })
})

describe('a long run', () => {
  // A node that keeps the thread for a while, as a thousand quick nodes together do.
  const busy = defineNode({
    type: 'busy',
    version: 1,
    title: 'Busy',
    category: 'Test',
    inputs: { value: port.number({ optional: true }) },
    outputs: { value: port.number() },
    params: z.object({ ms: z.number().default(2) }),
    async run({ inputs, params }) {
      const until = performance.now() + params.ms
      while (performance.now() < until) {
        // Holding the thread on purpose.
      }
      return { value: (inputs.value ?? 0) + 1 }
    },
  })

  it('lets other work in as it goes (the cache writes finished steps while later ones run), and finishes the same', async () => {
    const nodes = Array.from({ length: 30 }, (_, i) => node(`b${i}`, 'busy'))
    const edges = nodes.slice(1).map((_, i) => link(`b${i}.value`, `b${i + 1}.value`))
    let settled = 0
    let settledWhenOtherWorkRan: number | undefined
    setTimeout(() => (settledWhenOtherWorkRan = settled), 0)

    const record = await runPipeline(doc(nodes, edges), { registry: new NodeRegistry([busy]), results: new MemoryResultStore(), assets: new MemoryAssetStore() }, {
      onEvent: (event) => {
        if (event.status === 'done') settled++
      },
    })

    expect(record.status).toBe('done')
    expect(settled).toBe(30)
    expect(settledWhenOtherWorkRan).toBeLessThan(30)
  })
})
