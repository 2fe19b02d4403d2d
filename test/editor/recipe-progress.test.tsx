// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react'
import { ReactFlowProvider, type NodeProps } from '@xyflow/react'
import { afterEach, describe, expect, it } from 'vitest'
import { PipelineNodeView } from '../../src/editor/canvas/PipelineNodeView'
import { EditorProvider } from '../../src/editor/state/EditorProvider'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import type { PipelineFlowNode } from '../../src/editor/state/flow-view'
import { afterEvent, idleRun } from '../../src/editor/state/node-run'
import { NodeRegistry, type NodeEvent } from '../../src/engine'
import { doc, node, readClipNode } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'

const open: EditorStore[] = []
afterEach(() => {
  cleanup()
  for (const store of open.splice(0)) store.close()
})

const registry = new NodeRegistry([readClipNode])

// The engine's side, that reading a recipe in a run sends these events, is test/document/rendered-recipes.test.ts's.
describe('a node waiting on a recipe rendered for it', () => {
  it('shows what is being rendered and how far it is', () => {
    const trim = node('trim', 'read-clip')
    const storage = freshStorage()
    const store = createEditorStore({ storage, registry }, doc([trim]))
    open.push(store)
    const ticks: NodeEvent[] = [
      { nodeId: 'trim', status: 'queued', cacheKey: 'k' },
      { nodeId: 'trim', status: 'running', progress: 0.4, doing: 'Rendering graded clip' },
    ]
    let shown = idleRun
    for (const tick of ticks) shown = afterEvent(shown, tick)
    store.setState({ nodeRuns: { trim: shown } })
    const props = { id: trim.id, data: { node: trim } } as NodeProps<PipelineFlowNode>
    render(
      <EditorProvider value={{ store, storage, registry }}>
        <ReactFlowProvider>
          <PipelineNodeView {...props} />
        </ReactFlowProvider>
      </EditorProvider>,
    )
    expect(screen.getByText(/^Rendering graded clip… 40 %/)).toBeTruthy()
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40')

    // Its own work again: the render's words go.
    act(() => store.setState({ nodeRuns: { trim: afterEvent(shown, { nodeId: 'trim', status: 'running', progress: 0.1 }) } }))
    expect(screen.getByText(/^10 %/)).toBeTruthy()
  })
})
