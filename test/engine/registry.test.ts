import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { defineNode, loadPipeline, NodeRegistry, port, registryFromModules } from '../../src/engine'
import { serializePipeline } from '../../src/graph'
import { doc, node } from './fixture-nodes'

const make = (type: string, version = 1, migrations?: Record<number, (p: Record<string, unknown>) => Record<string, unknown>>) =>
  defineNode({
    type,
    version,
    title: type,
    category: 'Test',
    inputs: {},
    outputs: { out: port.number() },
    params: z.object({ gain: z.number().default(1) }),
    ...(migrations ? { migrations } : {}),
    async run({ params }) {
      return { out: params.gain }
    },
  })

describe('NodeRegistry', () => {
  it('throws on a second node type with the same type', () => {
    const registry = new NodeRegistry([make('gain')])
    expect(() => registry.register(make('gain'))).toThrow('node type "gain" is defined twice')
  })

  it('refuses a type that is not kebab-case', () => {
    expect(() => make('ColorGrade')).toThrow(/kebab-case/)
  })

  it('builds itself from the modules of nodes/<type>/node.ts and checks folder names', () => {
    const registry = registryFromModules({ '../../nodes/gain/node.ts': { default: make('gain') } })
    expect(registry.list().map((definition) => definition.type)).toEqual(['gain'])
    expect(() => registryFromModules({ '../../nodes/volume/node.ts': { default: make('gain') } })).toThrow(/folder is named for its type/)
  })

  it('parses a params object once and hands out that parse frozen, so no run can change what the next one reads', () => {
    const registry = new NodeRegistry([
      defineNode({
        type: 'cue',
        version: 1,
        title: 'cue',
        category: 'Test',
        inputs: {},
        outputs: { out: port.number() },
        params: z.object({ marks: z.array(z.object({ at: z.number() })).default([]) }),
        async run({ params }) {
          return { out: params.marks.length }
        },
      }),
    ])
    const params = { marks: [{ at: 2 }, { at: 1 }] }
    const first = registry.parseParams('cue', params)
    expect(registry.parseParams('cue', params)).toBe(first)
    if (!first?.ok) throw new Error('the params should parse')
    const marks = first.params.marks as { at: number }[]
    expect(() => marks.sort((a, b) => a.at - b.at)).toThrow(TypeError)
    expect(() => {
      marks[0]!.at = 5
    }).toThrow(TypeError)
    expect(registry.parseParams('cue', { marks: [] })).not.toBe(first)
  })

  it('finds every node type shipped in nodes/', async () => {
    const { registry } = await import('./shipped-registry')
    expect(registry.list().map((definition) => definition.type)).toEqual(
      expect.arrayContaining(['image-input', 'text', 'image-adjust', 'preview']),
    )
  })
})

describe('loadPipeline', () => {
  it('upgrades a node’s params through its type’s migrations', () => {
    const registry = new NodeRegistry([make('gain', 2, { 1: (params) => ({ gain: Number(params.level ?? 1) * 2 }) })])
    const text = serializePipeline(doc([node('g', 'gain', { level: 3 })]))
    const result = loadPipeline(text, registry)
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(result.doc.nodes[0]).toMatchObject({ typeVersion: 2, params: { gain: 6 } })
    expect(result.issues).toEqual([])
  })

  it('keeps a node whose params cannot be upgraded as it was, and says which', () => {
    const registry = new NodeRegistry([make('gain', 3, { 2: (params) => params })])
    const result = loadPipeline(serializePipeline(doc([node('g', 'gain', { gain: 2 })])), registry)
    if (!result.ok) throw new Error('refused')
    expect(result.doc.nodes[0]).toMatchObject({ typeVersion: 1, params: { gain: 2 } })
    expect(result.notUpgraded).toEqual([
      { nodeId: 'g', path: 'nodes[0].typeVersion', message: '"gain" has no param migration from version 1' },
    ])
    expect(result.issues).toContainEqual(result.notUpgraded[0])
  })

  it('opens a document with graph problems, listing them, and keeps unknown nodes', () => {
    const registry = new NodeRegistry([make('gain')])
    const result = loadPipeline(serializePipeline(doc([node('x', 'warp-drive', { factor: 9 })])), registry)
    if (!result.ok) throw new Error('refused')
    expect(result.doc.nodes[0]).toMatchObject({ type: 'warp-drive', params: { factor: 9 } })
    expect(result.issues).toEqual([expect.objectContaining({ nodeId: 'x', message: expect.stringMatching(/missing node/) })])
  })

  it('refuses a document it cannot read, with the path', () => {
    const result = loadPipeline('{"format":"reelgraph","version":1,"id":"d","name":"n","description":"","nodes":[{}],"edges":[]}', new NodeRegistry())
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues[0]?.path).toBe('nodes[0].id')
  })
})
