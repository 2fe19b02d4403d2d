import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { allowanceOf, defineNode, estimateSpend, MemoryAssetStore, MemoryResultStore, NodeRegistry, offlineAccess, port, ResourcePool, runPipeline } from '../../src/engine'
import { doc, fixtureRegistry, link, node } from './fixture-nodes'

/**
 * A number made slowly (not pure: its value is known only once it has run), a pure one, and a paid
 * node priced at a dollar a unit of its input, which records each submit it makes.
 */
function paidRegistry(submits: string[]) {
  const made = defineNode({
    type: 'made-number',
    version: 1,
    title: 'Made number',
    category: 'Test',
    inputs: {},
    outputs: { value: port.number() },
    params: z.object({ value: z.number().default(1) }),
    run: async ({ params }) => ({ value: params.value }),
  })
  const typed = defineNode({ ...made, type: 'typed-number', title: 'Typed number', pure: true })
  const paid = defineNode({
    type: 'paid',
    version: 1,
    title: 'Paid',
    category: 'Test',
    inputs: { units: port.number() },
    outputs: { done: port.number() },
    params: z.object({ approval: z.string().optional() }),
    async estimate({ inputs, pending, params }) {
      const about = { provider: 'stand-in', name: 'Stand-in' }
      const approval = params.approval ? { approval: { id: params.approval, title: 'A workflow', details: [] } } : {}
      if (pending.has('units')) return { kind: 'unpriced', ...about, why: 'its units are made during the run', ...approval }
      return { kind: 'priced', ...about, usd: inputs.units ?? 0, units: inputs.units ?? 0, unit: 'unit', basis: '$1 a unit', ...approval }
    },
    async run({ inputs, ctx }) {
      submits.push(ctx.nodeId)
      ctx.spend(inputs.units)
      return { done: inputs.units }
    },
  })
  // A list of numbers as typed (pure, so known before the run), or made only by the run.
  const typedList = defineNode({
    type: 'typed-list',
    version: 1,
    title: 'Typed list',
    category: 'Test',
    pure: true,
    inputs: {},
    outputs: { values: port.list('number') },
    params: z.object({ values: z.array(z.number()).default([]) }),
    listSizes: (params) => ({ values: params.values.length }),
    run: async ({ params }) => ({ values: params.values }),
  })
  const madeList = defineNode({ ...typedList, type: 'made-list', title: 'Made list', pure: false })
  // One per item, made only by the run: its values are not known before it, its keys are.
  const doubled = defineNode({
    type: 'doubled',
    version: 1,
    title: 'Doubled',
    category: 'Test',
    inputs: { value: port.number() },
    outputs: { value: port.number() },
    params: z.object({}),
    run: async ({ inputs }) => ({ value: inputs.value * 2 }),
  })
  return new NodeRegistry([made, typed, paid, typedList, madeList, doubled])
}

const deps = (registry: NodeRegistry) => ({ registry, results: new MemoryResultStore(), assets: new MemoryAssetStore(), remote: offlineAccess() })

describe('what a run would spend, and what it may', () => {
  it('prices a paid node on what a pure node before it makes, as the run will make it', async () => {
    const registry = paidRegistry([])
    const plan = await estimateSpend(doc([node('n', 'typed-number', { value: 3 }), node('p', 'paid')], [link('n.value', 'p.units')]), deps(registry))
    expect(plan.nodes.map((entry) => entry.estimate)).toMatchObject([{ kind: 'priced', usd: 3 }])
    expect(plan.totalUsd).toBe(3)
  })

  it('does not guess a value made during the run: the node is unpriced, allowed nothing, and stops before it sends anything', async () => {
    const submits: string[] = []
    const registry = paidRegistry(submits)
    const pipeline = doc([node('n', 'made-number', { value: 4 }), node('p', 'paid')], [link('n.value', 'p.units')])
    const plan = await estimateSpend(pipeline, deps(registry))
    expect(plan.nodes.map((entry) => entry.estimate.kind)).toEqual(['unpriced'])
    const record = await runPipeline(pipeline, deps(registry), { spend: { allowance: allowanceOf(plan), approved: new Set() } })
    expect(record.nodes.p?.error).toMatch(/would spend \$4\.00 here, more than the \$0\.00 agreed.*nothing was sent/)
    expect(submits).toEqual([])
    expect(record.nodes.p?.costUsd).toBeUndefined()
  })

  it('runs a node its allowance covers, and records what it spent', async () => {
    const submits: string[] = []
    const registry = paidRegistry(submits)
    const pipeline = doc([node('n', 'typed-number', { value: 2 }), node('p', 'paid')], [link('n.value', 'p.units')])
    const plan = await estimateSpend(pipeline, deps(registry))
    const record = await runPipeline(pipeline, deps(registry), { spend: { allowance: allowanceOf(plan), approved: new Set() } })
    expect(submits).toEqual(['p'])
    expect(record.nodes.p).toMatchObject({ status: 'done', costUsd: 2 })
  })

  it('refuses to send what needs an approval not given, whatever it costs', async () => {
    const submits: string[] = []
    const registry = paidRegistry(submits)
    const pipeline = doc([node('n', 'typed-number', { value: 0 }), node('p', 'paid', { approval: 'workflow:abc' })], [link('n.value', 'p.units')])
    const refused = await runPipeline(pipeline, deps(registry), { spend: { allowance: new Map(), approved: new Set() } })
    expect(refused.nodes.p?.error).toContain('was not agreed to before this run')
    const agreed = await runPipeline(pipeline, deps(registry), { spend: { allowance: new Map(), approved: new Set(['workflow:abc']) } })
    expect(agreed.nodes.p?.status).toBe('done')
    expect(submits).toEqual(['p'])
  })
})

describe('a paid node that runs per item, some of its items cached', () => {
  const perItem = (values: number[], between = false) =>
    doc(
      [node('shots', 'typed-list', { values }), ...(between ? [node('d', 'doubled')] : []), node('p', 'paid')],
      between ? [link('shots.values', 'd.value'), link('d.value', 'p.units')] : [link('shots.values', 'p.units')],
    )

  it('asks nothing for a list whose every item is cached', async () => {
    const submits: string[] = []
    // One store for the runs and estimates: what a run caches, the next estimate finds.
    const stores = deps(paidRegistry(submits))
    const before = await estimateSpend(perItem([2, 3]), stores)
    expect(before.totalUsd).toBe(5)
    expect(before.nodes[0]?.items).toEqual([
      { item: '1', estimate: expect.objectContaining({ kind: 'priced', usd: 2 }) },
      { item: '2', estimate: expect.objectContaining({ kind: 'priced', usd: 3 }) },
    ])
    await runPipeline(perItem([2, 3]), stores, { spend: { allowance: allowanceOf(before), approved: new Set() } })
    expect(submits).toEqual(['p', 'p'])
    const after = await estimateSpend(perItem([2, 3]), stores)
    expect(after).toEqual({ nodes: [], totalUsd: 0 })
  })

  it('prices only the items not in the cache, and lists the cached ones as free', async () => {
    const submits: string[] = []
    // One store for the runs and estimates: what a run caches, the next estimate finds.
    const stores = deps(paidRegistry(submits))
    await runPipeline(perItem([2, 3]), stores)
    const plan = await estimateSpend(perItem([2, 3, 4]), stores)
    expect(plan.totalUsd).toBe(4)
    expect(plan.nodes[0]?.items).toEqual([{ item: '1' }, { item: '2' }, { item: '3', estimate: expect.objectContaining({ kind: 'priced', usd: 4 }) }])
    // The run is held to that: the new item is agreed, and it runs.
    const record = await runPipeline(perItem([2, 3, 4]), stores, { spend: { allowance: allowanceOf(plan), approved: new Set() } })
    expect(record.nodes.p?.items?.['3']).toMatchObject({ status: 'done', costUsd: 4 })
    expect(submits).toEqual(['p', 'p', 'p'])
  })

  it('finds cached items behind a node whose values only the run makes: their keys are known before it', async () => {
    // One store for the runs and estimates: what a run caches, the next estimate finds.
    const stores = deps(paidRegistry([]))
    await runPipeline(perItem([2, 3], true), stores)
    expect(await estimateSpend(perItem([2, 3], true), stores)).toEqual({ nodes: [], totalUsd: 0 })
    // A new item's value is made during the run: it is not guessed, and the cached ones stay free.
    const grown = await estimateSpend(perItem([2, 3, 4], true), stores)
    expect(grown.nodes[0]?.estimate.kind).toBe('unpriced')
    expect(grown.nodes[0]?.items?.map((entry) => entry.estimate?.kind)).toEqual([undefined, undefined, 'unpriced'])
  })

  it('counts every item as not cached when which items there are is known only in the run', async () => {
    // One store for the runs and estimates: what a run caches, the next estimate finds.
    const stores = deps(paidRegistry([]))
    const pipeline = doc([node('shots', 'made-list', { values: [2, 3] }), node('p', 'paid')], [link('shots.values', 'p.units')])
    await runPipeline(pipeline, stores)
    // The list is cached now, so its items and their results are found.
    expect(await estimateSpend(pipeline, stores)).toEqual({ nodes: [], totalUsd: 0 })
    const edited = doc([node('shots', 'made-list', { values: [2, 3, 5] }), node('p', 'paid')], [link('shots.values', 'p.units')])
    const plan = await estimateSpend(edited, stores)
    expect(plan.nodes[0]).toMatchObject({ nodeId: 'p', estimate: { kind: 'unpriced' } })
    expect(plan.nodes[0]?.items).toBeUndefined()
  })
})

describe('takes already in the cache inside a per-item node', () => {
  // Two shots, each with its takes, a dollar a take; the person asks for a third take of each.
  const shots = (takes: number) =>
    doc([node('shots', 'number-list', { values: [1, 2] }), node('gen', 'takes', { takes, priceUsd: 1 })], [link('shots.values', 'gen.base')])

  it('prices only the takes not made yet, and the run spends what was agreed', async () => {
    const calls: string[] = []
    const stores = { ...deps(fixtureRegistry(calls)) }
    await runPipeline(shots(2), stores)
    expect(calls.filter((call) => call.startsWith('gen#')).sort()).toEqual(['gen#0', 'gen#0', 'gen#1', 'gen#1'])
    const plan = await estimateSpend(shots(3), stores)
    // Each shot's item is new (its params changed), but its first two takes are cached: one take a shot.
    expect(plan.totalUsd).toBe(2)
    expect(plan.nodes[0]?.items?.map((item) => item.estimate)).toMatchObject([{ usd: 1, units: 1 }, { usd: 1, units: 1 }])
    calls.length = 0
    const record = await runPipeline(shots(3), stores, { spend: { allowance: allowanceOf(plan), approved: new Set() } })
    expect(calls).toEqual(['gen#2', 'gen#2'])
    expect(record.nodes.gen).toMatchObject({ status: 'done', costUsd: 2 })
  })

  it('asks nothing when every take of every shot is cached', async () => {
    const stores = { ...deps(fixtureRegistry()) }
    await runPipeline(shots(3), stores)
    expect(await estimateSpend(shots(2), stores)).toEqual({ nodes: [], totalUsd: 0 })
  })
})

describe('a budget for the pipeline', () => {
  const shotList = (values: number[]) => doc([node('shots', 'typed-list', { values }), node('p', 'paid')], [link('shots.values', 'p.units')])
  // One paid item at a time, as one provider account with one job at once.
  const oneAtATime = (registry: NodeRegistry) => ({ ...deps(registry), pool: new ResourcePool({ cpu: 1 }) })

  it('starts no paid item the budget has no room left for; those sent finish and are kept, the rest say why', async () => {
    const submits: string[] = []
    const stores = oneAtATime(paidRegistry(submits))
    const record = await runPipeline(shotList([2, 3, 4]), stores, { budget: { leftUsd: () => 5.5 } })
    expect(submits).toEqual(['p', 'p'])
    expect(record.nodes.p?.items?.['1']).toMatchObject({ status: 'done', costUsd: 2 })
    expect(record.nodes.p?.items?.['2']).toMatchObject({ status: 'done', costUsd: 3 })
    expect(record.nodes.p?.items?.['3']?.error).toBe(
      "Budget reached: Stand-in would spend $4.00 here and the pipeline's budget has $0.50 left; nothing was sent (raise the pipeline's budget to go on: File → Budget… in the editor, --budget for the runner)",
    )
    expect(record.nodes.p?.costUsd).toBe(5)
    // What was made is cached: raising the budget runs only the shot that was stopped.
    const next = await runPipeline(shotList([2, 3, 4]), stores, { budget: { leftUsd: () => 4 } })
    expect(submits).toEqual(['p', 'p', 'p'])
    expect(next.nodes.p?.items?.['3']).toMatchObject({ status: 'done', costUsd: 4 })
  })

  it('holds from the moment it is lowered during the run', async () => {
    const submits: string[] = []
    const stores = oneAtATime(paidRegistry(submits))
    // Lowered to what was spent once the first shot has been sent.
    const record = await runPipeline(shotList([2, 3, 4]), stores, { budget: { leftUsd: () => (submits.length === 0 ? 100 : 2) } })
    expect(submits).toEqual(['p'])
    expect(record.nodes.p?.items?.['1']).toMatchObject({ status: 'done', costUsd: 2 })
    expect(record.nodes.p?.items?.['2']?.error).toMatch(/^Budget reached: .* \$0\.00 left/)
    expect(record.nodes.p?.items?.['3']?.error).toMatch(/^Budget reached/)
  })

  it('spends up to the budget exactly, a free item holding nothing of it', async () => {
    const submits: string[] = []
    const stores = oneAtATime(paidRegistry(submits))
    const record = await runPipeline(shotList([0, 3, 3]), stores, { budget: { leftUsd: () => 6 } })
    expect(submits).toEqual(['p', 'p', 'p'])
    expect(record.nodes.p?.costUsd).toBe(6)
  })
})
