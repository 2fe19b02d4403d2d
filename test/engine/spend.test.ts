import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { allowanceOf, defineNode, estimateSpend, MemoryAssetStore, MemoryResultStore, NodeRegistry, offlineAccess, port, runPipeline } from '../../src/engine'
import { doc, link, node } from './fixture-nodes'

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
  return new NodeRegistry([made, typed, paid])
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
