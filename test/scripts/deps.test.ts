import { describe, expect, it } from 'vitest'
import { imports, refusal } from '../../scripts/deps.mjs'

describe('the layers, read from the imports', () => {
  it('refuses an import that points up, or from one node folder into another', () => {
    expect(refusal('src/editor/canvas/Canvas.tsx', 'src/app/store/flow-view')).toBe('editor may not import app')
    expect(refusal('src/document/share.ts', 'src/editor/state/run-slice')).toBe('document may not import editor')
    expect(refusal('src/engine/run.ts', 'src/storage/results')).toBe('engine may not import storage')
    expect(refusal('src/media/video/render.ts', 'src/engine/values')).toBe('media may not import engine')
    expect(refusal('nodes/character/node.ts', 'nodes/image-input/node')).toBe('a node folder imports another node folder')
    expect(refusal('src/editor/state/groups-and-notes.ts', 'src/editor/canvas/free-spot')).toBe('editor state imports an editor UI folder')
  })

  it('lets imports point down, a node reach its own folder, and a panel reach the editor through its kit', () => {
    expect(refusal('src/app/main.tsx', 'src/editor/Editor')).toBeUndefined()
    expect(refusal('src/editor/state/run-slice.ts', 'src/document/spend-summary')).toBeUndefined()
    expect(refusal('src/editor/state/groups-and-notes.ts', 'src/editor/state/free-spot')).toBeUndefined()
    expect(refusal('src/editor/canvas/overview-scene.ts', 'src/editor/state/free-spot')).toBeUndefined()
    expect(refusal('nodes/mix/panel.tsx', 'src/editor/panel-kit')).toBeUndefined()
    expect(refusal('nodes/mix/panel.tsx', 'nodes/mix/node')).toBeUndefined()
    expect(refusal('test/app/store.test.ts', 'src/editor/state/create-editor-store')).toBeUndefined()
  })

  it('finds no import against the layers in this tree', () => {
    const found = imports()
    expect(found.length).toBeGreaterThan(500)
    expect(found.flatMap((edge) => (refusal(edge.from, edge.to) ? [`${edge.from}:${edge.line} → ${edge.to}`] : []))).toEqual([])
  })
})
