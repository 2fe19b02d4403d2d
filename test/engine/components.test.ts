import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryResultStore, planRun, runPipeline, type NodeEvent } from '../../src/engine'
import {
  componentType,
  expandComponents,
  nestingRefusal,
  unpackInstance,
  validateDocument,
  wrapInComponent,
  type ComponentDef,
  type PipelineDoc,
} from '../../src/graph'
import { doc, fixtureRegistry, link, node } from './fixture-nodes'

function setup() {
  const calls: string[] = []
  return { calls, deps: { registry: fixtureRegistry(calls), results: new MemoryResultStore(), assets: new MemoryAssetStore() } }
}

/** source → shot chain (add → takes → total) → total: the chain is what gets wrapped. */
function film(): PipelineDoc {
  return doc(
    [
      node('source', 'number-source', { value: 2 }),
      node('brighten', 'add', { plus: 3 }),
      node('takes', 'takes', { takes: 2 }),
      node('pick', 'total'),
      node('end', 'add', { plus: 100 }),
    ],
    [link('source.value', 'brighten.a', 'l1'), link('brighten.sum', 'takes.base', 'l2'), link('takes.takes', 'pick.values', 'l3'), link('pick.total', 'end.a', 'l4'), link('source.value', 'takes.base', 'l5')].filter((edge) => edge.id !== 'l5'),
  )
}

function wrapped(source: PipelineDoc, nodeIds: string[], component = 'shot', instance = 'shot-1'): PipelineDoc {
  const result = wrapInComponent(source, nodeIds, { component, instance, name: component === 'shot' ? 'Shot' : 'Scene' })
  if (!result.ok) throw new Error(result.message)
  return { ...source, nodes: result.level.nodes, edges: result.level.edges, components: [...(source.components ?? []), result.component] }
}

function cacheKeys(pipeline: PipelineDoc): string[] {
  const planned = planRun(pipeline, fixtureRegistry())
  if (!planned.ok) throw new Error(JSON.stringify(planned.issues))
  return planned.plan.steps.map((step) => step.cacheKey).sort()
}

describe('making a component', () => {
  it('turns the selection into one node whose ports are the links that crossed its edge, named after the inner ports', () => {
    const made = wrapped(film(), ['brighten', 'takes', 'pick'])
    expect(made.nodes.map((n) => n.id)).toEqual(['source', 'shot-1', 'end'])
    const instance = made.nodes[1]
    expect(instance).toMatchObject({ type: componentType('shot'), label: 'Shot', params: {} })
    const component = made.components?.[0] as ComponentDef
    expect(component.inputs).toEqual([{ name: 'a', to: [{ node: 'brighten', port: 'a' }] }])
    expect(component.outputs).toEqual([{ name: 'total', from: { node: 'pick', port: 'total' } }])
    expect(made.edges).toEqual([
      { id: 'l1', from: { node: 'source', port: 'value' }, to: { node: 'shot-1', port: 'a' } },
      { id: 'l4', from: { node: 'shot-1', port: 'total' }, to: { node: 'end', port: 'a' } },
    ])
    // The ports are typed as the inner ports they stand for.
    expect(validateDocument(made, fixtureRegistry())).toEqual([])
  })

  it('changes no cache key: wrapping, then unpacking, keep every step’s key', () => {
    const flat = film()
    const made = wrapped(flat, ['brighten', 'takes', 'pick'])
    expect(cacheKeys(made)).toEqual(cacheKeys(flat))
    const unpacked = unpackInstance(made, 'shot-1', made.components?.[0] as ComponentDef)
    expect(cacheKeys({ ...made, ...unpacked })).toEqual(cacheKeys(flat))
  })

  it('re-runs nothing: run, wrap, run again → all cached; unpack → all cached', async () => {
    const { calls, deps } = setup()
    const flat = film()
    expect((await runPipeline(flat, deps)).status).toBe('done')
    calls.length = 0
    const made = wrapped(flat, ['brighten', 'takes', 'pick'])
    const again = await runPipeline(made, deps)
    expect(calls).toEqual([])
    expect(Object.values(again.nodes).map((entry) => entry.status)).toEqual(['cached', 'cached', 'cached', 'cached', 'cached'])
    const back = { ...made, ...unpackInstance(made, 'shot-1', made.components?.[0] as ComponentDef), components: [] }
    const third = await runPipeline(back, deps)
    expect(calls).toEqual([])
    expect(Object.values(third.nodes).every((entry) => entry.status === 'cached')).toBe(true)
  })

  it('unpacks to exactly the nodes, links and params it was made of', () => {
    const flat = film()
    const made = wrapped(flat, ['brighten', 'takes', 'pick'])
    const unpacked = unpackInstance(made, 'shot-1', made.components?.[0] as ComponentDef)
    expect(new Set(unpacked.nodes.map((n) => JSON.stringify(n)))).toEqual(new Set(flat.nodes.map((n) => JSON.stringify(n))))
    expect(new Set(unpacked.edges.map((e) => JSON.stringify(e)))).toEqual(new Set(flat.edges.map((e) => JSON.stringify(e))))
  })

  it('makes one input of an outside source that fed two inner nodes, and keeps the template inputs of wrapped nodes', () => {
    const flat = doc(
      [node('source', 'number-source', { value: 1 }), node('x', 'add'), node('y', 'add'), node('sum', 'add')],
      [link('source.value', 'x.a', 'a1'), link('source.value', 'y.a', 'a2'), link('x.sum', 'sum.a', 'a3'), link('y.sum', 'sum.b', 'a4')],
    )
    const withInput = { ...flat, exposed: [{ node: 'x', param: 'plus', label: 'Lift' }] }
    const result = wrapInComponent(withInput, ['x', 'y', 'sum'], { component: 'pair', instance: 'pair-1', name: 'Pair' })
    if (!result.ok) throw new Error(result.message)
    expect(result.component.inputs).toEqual([{ name: 'a', to: [{ node: 'x', port: 'a' }, { node: 'y', port: 'a' }] }])
    expect(result.level.edges).toHaveLength(1)
    expect(result.component.exposed).toEqual([{ node: 'x', param: 'plus', label: 'Lift' }])
    expect(result.level.exposed).toEqual([{ node: 'pair-1', param: 'Lift', label: 'Lift' }])
    const back = unpackInstance(result.level, 'pair-1', result.component)
    expect(back.exposed).toEqual(withInput.exposed)
    // The two links from the source come back (the second under a new id).
    const ends = (edges: PipelineDoc['edges']) => edges.map((e) => `${e.from.node}.${e.from.port}→${e.to.node}.${e.to.port}`).sort()
    expect(ends(back.edges)).toEqual(ends(flat.edges))
  })
})

describe('instances', () => {
  it('run their inner chain, namespaced per instance, and the instance reports done with its outputs', async () => {
    const { calls, deps } = setup()
    const made = wrapped(film(), ['brighten', 'takes', 'pick'])
    const events: NodeEvent[] = []
    const record = await runPipeline(made, deps, { onEvent: (event) => events.push(event) })
    expect(record.status).toBe('done')
    expect(Object.keys(record.nodes)).toEqual(['source', 'shot-1/brighten', 'shot-1/takes', 'shot-1/pick', 'end'])
    expect(calls).toContain('shot-1/brighten')
    const instanceEvents = events.filter((event) => event.nodeId === 'shot-1').map((event) => event.status)
    expect(instanceEvents[0]).toBe('queued')
    expect(instanceEvents.at(-1)).toBe('done')
    // 2+3 = 5 → takes 5·100 + seed 1·10 + take: 510, 511 → total 1021
    expect(events.find((event) => event.nodeId === 'shot-1' && event.status === 'done')).toMatchObject({ outputs: { total: 1021 } })
  })

  it('take their own values of the component’s inputs; a second instance runs its own chain', async () => {
    const { calls, deps } = setup()
    const made = wrapped(film(), ['brighten', 'takes', 'pick'])
    const component = { ...(made.components?.[0] as ComponentDef), exposed: [{ node: 'takes', param: 'takes', label: 'takes' }] }
    const second = node('shot-2', componentType('shot'), { takes: 3 })
    const pipeline: PipelineDoc = {
      ...made,
      components: [component],
      nodes: [...made.nodes, second, node('end-2', 'add')],
      edges: [...made.edges, link('source.value', 'shot-2.a', 'm1'), link('shot-2.total', 'end-2.a', 'm2')],
    }
    const events: NodeEvent[] = []
    const record = await runPipeline(pipeline, deps, { onEvent: (event) => events.push(event) })
    // The same input value and params give the same keys: the two instances share takes 0 and 1,
    // made once by whichever asked first, even while both run at once; only the second makes take 2.
    const takesMade = calls.filter((call) => call.includes('/takes#')).map((call) => call.split('#')[1])
    expect(takesMade.sort()).toEqual(['0', '1', '2'])
    const parts = [record.nodes['shot-1/takes']?.parts, record.nodes['shot-2/takes']?.parts]
    expect(parts.reduce((sum, part) => sum + (part?.made ?? 0), 0)).toBe(3)
    expect(parts.reduce((sum, part) => sum + (part?.reused ?? 0), 0)).toBe(2)
    expect(events.find((event) => event.nodeId === 'shot-2' && event.status === 'done')).toMatchObject({ outputs: { total: 510 + 511 + 512 } })
  })

  it('pays once for a paid take two instances ask for at the same time', async () => {
    const { calls, deps } = setup()
    const made = wrapped(film(), ['brighten', 'takes', 'pick'])
    const component = { ...(made.components?.[0] as ComponentDef), exposed: [{ node: 'takes', param: 'takes', label: 'takes' }] }
    const paid = { ...component, nodes: component.nodes.map((n) => (n.id === 'takes' ? { ...n, params: { ...n.params, priceUsd: 0.5 } } : n)) }
    const pipeline: PipelineDoc = {
      ...made,
      components: [paid],
      nodes: [...made.nodes, node('shot-2', componentType('shot'), { takes: 2 }), node('end-2', 'add')],
      edges: [...made.edges, link('source.value', 'shot-2.a', 'm1'), link('shot-2.total', 'end-2.a', 'm2')],
    }
    const record = await runPipeline(pipeline, deps)
    expect(record.status).toBe('done')
    expect(calls.filter((call) => call.includes('/takes#'))).toHaveLength(2)
    const spent = (record.nodes['shot-1/takes']?.costUsd ?? 0) + (record.nodes['shot-2/takes']?.costUsd ?? 0)
    expect(spent).toBe(1)
  })

  it('refuses a param the component does not show, saying which it shows', () => {
    const made = wrapped(film(), ['brighten', 'takes', 'pick'])
    const bad = { ...made, nodes: made.nodes.map((n) => (n.id === 'shot-1' ? { ...n, params: { seed: 4 } } : n)) }
    expect(validateDocument(bad, fixtureRegistry())).toEqual([
      expect.objectContaining({ nodeId: 'shot-1', path: 'nodes[1].params.seed', message: expect.stringMatching(/has no input param “seed”/) }),
    ])
  })

  it('nest: a shot component inside a scene component runs the shot chain inside the scene', async () => {
    const { calls, deps } = setup()
    const flat = { ...film(), nodes: [...film().nodes, node('after', 'add')], edges: [...film().edges, link('end.sum', 'after.a', 'l9')] }
    const shot = wrapped(flat, ['brighten', 'takes', 'pick'])
    const scene = wrapped(shot, ['shot-1', 'end'], 'scene', 'scene-1')
    expect(scene.nodes.map((n) => n.id)).toEqual(['source', 'scene-1', 'after'])
    expect(cacheKeys(scene)).toEqual(cacheKeys(flat))
    const expanded = expandComponents(scene)
    expect(expanded.doc.nodes.map((n) => n.id)).toEqual(['source', 'scene-1/shot-1/brighten', 'scene-1/shot-1/takes', 'scene-1/shot-1/pick', 'scene-1/end', 'after'])
    expect(expanded.owners.get('scene-1/shot-1/pick')).toBe('scene-1')
    const events: NodeEvent[] = []
    const record = await runPipeline(scene, deps, { onEvent: (event) => events.push(event) })
    expect(record.status).toBe('done')
    expect(calls).toContain('scene-1/shot-1/pick')
    expect(events.find((event) => event.nodeId === 'scene-1' && event.status === 'done')).toMatchObject({ outputs: { sum: 1121 } })
  })

  it('refuse a component that contains itself, directly or through another, with a message', async () => {
    const shot = wrapped(film(), ['brighten', 'takes', 'pick'])
    const scene = wrapped(shot, ['shot-1', 'end'], 'scene', 'scene-1')
    // Someone puts a scene inside the shot: shot → scene → shot.
    const looped: PipelineDoc = {
      ...scene,
      components: (scene.components ?? []).map((c) => (c.id === 'shot' ? { ...c, nodes: [...c.nodes, node('inner-scene', componentType('scene'))] } : c)),
    }
    expect(nestingRefusal(scene.components ?? [], 'shot', 'scene')).toBe('a component cannot contain itself (“Shot” → “Scene” → “Shot”)')
    expect(nestingRefusal(scene.components ?? [], 'shot', 'shot')).toMatch(/cannot contain itself/)
    expect(nestingRefusal(scene.components ?? [], 'scene', 'shot')).toBeUndefined()
    const issues = validateDocument(looped, fixtureRegistry())
    expect(issues).toEqual([expect.objectContaining({ nodeId: 'scene-1', message: "the component “Scene” contains itself (“Scene” → “Shot” → “Scene”); it cannot run" })])
    const { deps } = setup()
    const record = await runPipeline(looped, deps)
    expect(record.status).toBe('refused')
    expect(record.issues?.[0]).toMatchObject({ nodeId: 'scene-1', message: expect.stringMatching(/contains itself/) })
  })

  it('whose component is missing is a missing component, its params and links kept, refused with a message', () => {
    const made = wrapped(film(), ['brighten', 'takes', 'pick'])
    const lost = { ...made, components: [] }
    const issues = validateDocument(lost, fixtureRegistry())
    expect(issues[0]).toMatchObject({ nodeId: 'shot-1', path: 'nodes[1].type', message: 'the component "shot" is not in this pipeline (missing component)' })
    expect(expandComponents(lost).doc).toBe(lost)
    const planned = planRun(lost, fixtureRegistry())
    expect(planned.ok).toBe(false)
  })

  it('"Run to here" on an instance runs what feeds its outputs and no more', async () => {
    const { calls, deps } = setup()
    const made = wrapped(film(), ['brighten', 'takes', 'pick'])
    const record = await runPipeline(made, deps, { target: 'shot-1' })
    expect(record.status).toBe('done')
    expect(Object.keys(record.nodes)).toEqual(['source', 'shot-1/brighten', 'shot-1/takes', 'shot-1/pick'])
    expect(calls).not.toContain('end')
  })

  it('name the inner node that failed on the instance', async () => {
    const { deps } = setup()
    const pipeline = wrapped(
      doc([node('source', 'number-source'), node('boom', 'fail', { message: 'no signal' }), node('after', 'add')], [link('source.value', 'boom.value'), link('boom.value', 'after.a')]),
      ['boom'],
      'broken',
      'broken-1',
    )
    const events: NodeEvent[] = []
    await runPipeline(pipeline, deps, { onEvent: (event) => events.push(event) })
    expect(events.find((event) => event.nodeId === 'broken-1' && event.status === 'error')).toMatchObject({ message: '“boom” inside failed: no signal' })
  })
})
