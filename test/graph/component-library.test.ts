import { describe, expect, it } from 'vitest'
import {
  componentDocument,
  componentInDocument,
  componentType,
  mergeComponents,
  parsePipelineJson,
  serializePipeline,
  type ComponentDef,
  type PipelineDoc,
  type PipelineNode,
} from '../../src/graph'

function inner(id: string, type: string, params: Record<string, unknown> = {}): PipelineNode {
  return { id, type, typeVersion: 1, position: { x: 0, y: 0 }, params }
}

function definition(id: string, nodes: PipelineNode[], name = id): ComponentDef {
  return { id, name, nodes, edges: [], inputs: [], outputs: [] }
}

const shot = definition('shot', [inner('grade', 'color-grade', { exposure: 0.5 })], 'Shot')
const scene = definition('scene', [inner('shot-a', componentType('shot')), inner('shot-b', componentType('shot'))], 'Scene')
const unrelated = definition('titles', [inner('text', 'text')], 'Titles')

function pipeline(components: ComponentDef[], nodes: PipelineNode[] = []): PipelineDoc {
  return { format: 'reelgraph', version: 2, id: 'p', name: 'Film', description: '', nodes, edges: [], components }
}

describe('a component as a file of its own', () => {
  it('carries its definition and the ones nested in it, and nothing else of the pipeline', () => {
    const file = componentDocument(pipeline([unrelated, shot, scene]), 'scene', inner('scene-1', componentType('scene'), { takes: 3 })) as PipelineDoc
    expect(file.name).toBe('Scene')
    expect(file.nodes).toEqual([expect.objectContaining({ type: componentType('scene'), params: { takes: 3 } })])
    expect(file.components?.map((component) => component.id)).toEqual(['shot', 'scene'])
    // A pipeline document like any other: it reads back through the one parser.
    const read = parsePipelineJson(serializePipeline(file))
    expect(read.ok).toBe(true)
    if (!read.ok) return
    const found = componentInDocument(read.doc)
    expect(found).toMatchObject({ ok: true, instance: { type: componentType('scene') } })
    expect(found.ok && found.components.map((component) => component.id)).toEqual(['shot', 'scene'])
  })

  it('is refused as a component when it places none, or several', () => {
    expect(componentInDocument(pipeline([shot]))).toMatchObject({ ok: false, message: expect.stringContaining('places 0 components') })
    const two = pipeline([shot], [inner('a', componentType('shot')), inner('b', componentType('shot'))])
    expect(componentInDocument(two)).toMatchObject({ ok: false, message: expect.stringContaining('places 2 components') })
    expect(componentInDocument(pipeline([], [inner('a', componentType('shot'))]))).toMatchObject({ ok: false, message: expect.stringContaining('does not hold') })
    expect(componentDocument(pipeline([shot]), 'scene')).toBeUndefined()
  })
})

describe('placing a component from the library', () => {
  it('adds its definitions to a document that has none', () => {
    expect(mergeComponents([], [shot, scene], 'scene')).toEqual({ components: [shot, scene], rootId: 'scene' })
  })

  it('reuses a definition the document has under the same id when it is identical, whatever its key order', () => {
    const reordered = JSON.parse(JSON.stringify({ outputs: [], inputs: [], edges: [], nodes: shot.nodes, name: 'Shot', id: 'shot' })) as ComponentDef
    const merged = mergeComponents([reordered, unrelated], [shot, scene], 'scene')
    expect(merged.rootId).toBe('scene')
    expect(merged.components.map((component) => component.id)).toEqual(['shot', 'titles', 'scene'])
  })

  it('brings a different definition under the same id in under a new id, and points what places it there', () => {
    const edited = definition('shot', [inner('grade', 'color-grade', { exposure: -1 })], 'Shot')
    const merged = mergeComponents([edited], [shot, scene], 'scene')
    expect(merged.rootId).toBe('scene')
    expect(merged.components.map((component) => component.id)).toEqual(['shot', 'shot-2', 'scene'])
    // The document's own "shot" is untouched; the library's scene places the library's shot.
    expect(merged.components[0]).toBe(edited)
    expect(merged.components[2]?.nodes.map((node) => node.type)).toEqual([componentType('shot-2'), componentType('shot-2')])
  })

  it('renames the placed component itself when its id is taken by another definition', () => {
    const other = definition('shot', [inner('text', 'text')], 'Other')
    expect(mergeComponents([other], [shot], 'shot')).toEqual({ components: [other, { ...shot, id: 'shot-2' }], rootId: 'shot-2' })
  })

  it('placed twice, comes in once: the second placing finds the copy the first one made', () => {
    const other = definition('shot', [inner('text', 'text')], 'Other')
    const first = mergeComponents([other], [shot], 'shot')
    const second = mergeComponents(first.components, [shot], 'shot')
    expect(second).toEqual(first)
  })
})
