import { afterEach, describe, expect, it } from 'vitest'
import {
  exposedParamIssues,
  MemoryAssetStore,
  MemoryResultStore,
  planRun,
  ResourcePool,
  runPipeline,
  withoutUnknownParams,
  type NodeEvent,
} from '../../src/engine'
import { ownValue, type PipelineNode } from '../../src/graph'
import { expectPrototypeUntouched, prototypeNames, settled } from '../prototype-names'
import { doc, fixtureRegistry, link, node } from './fixture-nodes'

const deps = () => ({ registry: fixtureRegistry(), results: new MemoryResultStore(), assets: new MemoryAssetStore() })

/** A node whose params come from JSON, so `__proto__` is an own key as a file would have it. */
function nodeWithJsonParams(id: string, type: string, json: string): PipelineNode {
  return node(id, type, JSON.parse(json) as Record<string, unknown>)
}

afterEach(expectPrototypeUntouched)

describe('node ids, ports and params named like Object.prototype members', () => {
  // constructor → __proto__ → toString → … : each adds 1 to what came before.
  const [first = '', ...rest] = prototypeNames
  const chain = doc(
    [node(first, 'number-source', { value: 1 }), ...rest.map((id) => node(id, 'add', { plus: 1 }))],
    rest.map((id, i) => link(`${i === 0 ? first : rest[i - 1]}.${i === 0 ? 'value' : 'sum'}`, `${id}.a`)),
  )

  it('run to the end, each with its own entry in the run record', async () => {
    const events: NodeEvent[] = []
    const record = await settled(runPipeline(chain, deps(), { onEvent: (event) => events.push(event) }), 'the run')
    expect(record.status).toBe('done')
    expect(Object.keys(record.nodes).sort()).toEqual([...prototypeNames].sort())
    for (const id of prototypeNames) expect(record.nodes[id]).toMatchObject({ status: 'done', cached: false })
    const last = events.find((event) => event.nodeId === rest.at(-1) && event.status === 'done')
    expect(last).toMatchObject({ outputs: { sum: prototypeNames.length } })
  })

  it('come from the cache on a second run', async () => {
    const store = deps()
    await settled(runPipeline(chain, store), 'the first run')
    const again = await settled(runPipeline(chain, store), 'the second run')
    expect(Object.values(again.nodes).map((entry) => entry.status)).toEqual(prototypeNames.map(() => 'cached'))
  })

  it('end in "cancelled" when the run is cancelled', async () => {
    const controller = new AbortController()
    const waiting = doc([node('constructor', 'wait', { ms: 60_000 }), node('__proto__', 'add')], [link('constructor.value', '__proto__.a')])
    const record = await settled(
      runPipeline(waiting, deps(), {
        signal: controller.signal,
        onEvent: (event) => event.status === 'running' && controller.abort(),
      }),
      'the cancelled run',
    )
    expect(record.status).toBe('cancelled')
    expect(ownValue(record.nodes, 'constructor')?.status).toBe('cancelled')
    expect(Object.hasOwn(record.nodes, '__proto__')).toBe(true)
  })

  it('run to here ("target") a node named like one', async () => {
    const record = await settled(runPipeline(chain, deps(), { target: 'toString' }), 'the run')
    expect(record.status).toBe('done')
    expect(Object.keys(record.nodes)).toEqual(['constructor', '__proto__', 'toString'])
  })

  it('refuse links from or to ports the node types do not have, naming the link', () => {
    for (const name of prototypeNames) {
      const pipeline = doc(
        [node('a', 'number-source'), node('b', 'add'), node('c', 'add')],
        [link(`a.${name}`, 'b.a', 'from-missing'), link('a.value', `c.${name}`, 'to-missing'), link('a.value', 'c.a', 'fine')],
      )
      const planned = planRun(pipeline, fixtureRegistry())
      expect(planned.ok, name).toBe(false)
      if (planned.ok) continue
      expect(planned.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ edgeId: 'from-missing', path: 'edges[0].from.port', message: `"number-source" has no output named "${name}"` }),
          expect.objectContaining({ edgeId: 'to-missing', path: 'edges[1].to.port', message: `"add" has no input named "${name}"` }),
        ]),
      )
    }
  })

  it('leave out params named like them when a document is imported', () => {
    const params = `{ "plus": 1, ${prototypeNames.map((name) => `"${name}": { "polluted": true }`).join(', ')} }`
    const { doc: cleaned, dropped } = withoutUnknownParams(doc([nodeWithJsonParams('b', 'add', params)]), fixtureRegistry())
    expect(Object.keys(cleaned.nodes[0]?.params ?? {})).toEqual(['plus'])
    expect(dropped.map((issue) => issue.path).sort()).toEqual(prototypeNames.map((name) => `nodes[0].params.${name}`).sort())
  })

  it('are no param a template can expose', () => {
    const pipeline = { ...doc([node('b', 'add')]), exposed: prototypeNames.map((name) => ({ node: 'b', param: name, label: name })) }
    expect(exposedParamIssues(pipeline, fixtureRegistry()).map((issue) => issue.path)).toEqual(prototypeNames.map((_, i) => `exposed[${i}].param`))
  })

  it('are resources with the one-at-a-time limit of any resource nobody set a limit for', async () => {
    const pool = new ResourcePool({ cpu: 2 })
    const first = pool.tryAcquire(['constructor'])
    expect(first).toBeDefined()
    expect(pool.tryAcquire(['constructor'])).toBeUndefined()
    first?.()
  })
})
