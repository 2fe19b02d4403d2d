import { describe, expect, it, vi } from 'vitest'
import { MemoryAssetStore, MemoryResultStore, planRun, runPipeline } from '../../src/engine'
import { wrapInComponent } from '../../src/graph'
import { doc, fixtureRegistry, link, node } from './fixture-nodes'

const registry = fixtureRegistry()

function stepIds(result: ReturnType<typeof planRun>): string[] {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.issues)}`)
  return result.plan.steps.map((step) => step.node.id)
}

describe('planRun', () => {
  // c is listed first in the document, but depends on a and b.
  const diamond = doc(
    [node('c', 'add'), node('a', 'number-source'), node('b', 'add'), node('side', 'number-source')],
    [link('a.value', 'b.a'), link('b.sum', 'c.a'), link('a.value', 'c.b')],
  )

  it('orders every step after the steps it depends on', () => {
    expect(stepIds(planRun(diamond, registry))).toEqual(['a', 'side', 'b', 'c'])
  })

  it('plans one node and its ancestors for "Run to here"', () => {
    expect(stepIds(planRun(diamond, registry, 'b'))).toEqual(['a', 'b'])
  })

  it('records where each input comes from and what each step waits for', () => {
    const result = planRun(diamond, registry)
    if (!result.ok) throw new Error('refused')
    const c = result.plan.steps.find((step) => step.node.id === 'c')
    expect(c?.inputs).toEqual({ a: [{ node: 'b', port: 'sum', reach: 'whole', depth: 0 }], b: [{ node: 'a', port: 'value', reach: 'whole', depth: 0 }] })
    expect(c?.dependsOn.sort()).toEqual(['a', 'b'])
    expect(c?.params).toEqual({ plus: 0, remark: '' })
  })

  it('refuses an invalid graph before anything runs, with the offending nodes', () => {
    const broken = doc([node('a', 'number-source'), node('b', 'add', { plus: 'lots' })], [link('a.value', 'b.a')])
    const result = planRun(broken, registry)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues).toEqual([expect.objectContaining({ nodeId: 'b', path: 'nodes[1].params.plus' })])
  })

  it('ignores problems outside the part asked for by "Run to here"', () => {
    const partlyBroken = doc([node('a', 'number-source'), node('lonely', 'add')])
    expect(planRun(partlyBroken, registry).ok).toBe(false)
    expect(stepIds(planRun(partlyBroken, registry, 'a'))).toEqual(['a'])
  })

  // Validation looks up each node's shape in the registry; planning itself reads definitions.
  it('does not validate again a document its caller has just validated (the runner does, with its options applied)', async () => {
    const counted = fixtureRegistry()
    const shapes = vi.spyOn(counted, 'shape')
    expect(stepIds(planRun(diamond, counted, undefined, { validated: true }))).toEqual(['a', 'side', 'b', 'c'])
    const record = await runPipeline(diamond, { registry: counted, results: new MemoryResultStore(), assets: new MemoryAssetStore() }, { validated: true })
    expect(record.status).toBe('done')
    expect(shapes).not.toHaveBeenCalled()

    planRun(diamond, counted)
    expect(shapes).toHaveBeenCalled()
  })

  it('still checks the inner nodes of components in a document its caller validated', () => {
    const wrapped = wrapInComponent(diamond, ['b', 'c'], { component: 'pair', instance: 'pair-1', name: 'Pair' })
    if (!wrapped.ok) throw new Error(wrapped.message)
    const component = { ...wrapped.component, nodes: wrapped.component.nodes.map((inner) => (inner.id === 'b' ? { ...inner, params: { plus: 'lots' } } : inner)) }
    const placed = { ...diamond, nodes: wrapped.level.nodes, edges: wrapped.level.edges, components: [component] }
    const result = planRun(placed, registry, undefined, { validated: true })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues).toEqual([expect.objectContaining({ nodeId: 'pair-1', path: 'pair-1/b.params.plus' })])
  })

  it('refuses a target that is not in the pipeline', () => {
    const result = planRun(diamond, registry, 'nope')
    expect(result.ok).toBe(false)
  })

  it('keys a list input by its links in order', () => {
    const keysFor = (order: [string, string]) => {
      const result = planRun(
        doc(
          [node('x', 'number-source', { value: 1 }), node('y', 'number-source', { value: 2 }), node('t', 'total')],
          [link(`${order[0]}.value`, 't.values'), link(`${order[1]}.value`, 't.values')],
        ),
        registry,
      )
      if (!result.ok) throw new Error('refused')
      return result.plan.steps.find((step) => step.node.id === 't')?.cacheKey
    }
    expect(keysFor(['x', 'y'])).not.toBe(keysFor(['y', 'x']))
  })

  it('leaves a node type’s notes out of its cache key, and so out of every key below it', () => {
    const keys = (add: Record<string, unknown>) => {
      const result = planRun(doc([node('a', 'number-source'), node('b', 'add', add), node('t', 'total')], [link('a.value', 'b.a'), link('b.sum', 't.values')]), registry)
      if (!result.ok) throw new Error('refused')
      return result.plan.steps.map((step) => step.cacheKey)
    }
    expect(keys({ plus: 1, remark: 'too bright' })).toEqual(keys({ plus: 1 }))
    expect(keys({ plus: 2, remark: 'too bright' })).not.toEqual(keys({ plus: 1, remark: 'too bright' }))
  })
})
