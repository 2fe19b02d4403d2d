// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { ReactFlowProvider } from '@xyflow/react'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import imageInput from '../../nodes/image-input/node'
import { ComponentNodeView } from '../../src/editor/components/ComponentNodeView'
import { AbsentMediaContext } from '../../src/editor/canvas/use-absent-media'
import { EditorProvider } from '../../src/editor/state/EditorProvider'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { defineNode, NodeRegistry, port } from '../../src/engine'
import type { ComponentDef, PipelineDoc } from '../../src/graph'
import { doc, link, node } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'

/** Reads the still it is given, as a grade or a crop does. */
const readStill = defineNode({
  type: 'read-still',
  version: 1,
  title: 'Read still',
  category: 'Post',
  inputs: { image: port.image() },
  outputs: { bytes: port.number() },
  params: z.object({}),
  async run({ inputs, ctx }) {
    return { bytes: (await ctx.assets.get(inputs.image)).size }
  },
})

const registry = new NodeRegistry([imageInput, readStill])
const open: EditorStore[] = []
afterEach(() => {
  cleanup()
  for (const store of open.splice(0)) store.close()
})

/** A still only the sender has: the link carried its reference, not its bytes. */
const plate = { kind: 'image', hash: 'a1'.repeat(32), mime: 'image/jpeg', bytes: 5, meta: { name: 'plate.jpg' } } as const

const shotComponent: ComponentDef = {
  id: 'shot',
  name: 'Shot',
  nodes: [node('plate', 'image-input', { file: plate })],
  edges: [],
  inputs: [],
  outputs: [{ name: 'image', from: { node: 'plate', port: 'image' } }],
}

const shared: PipelineDoc = { ...doc([node('shot-1', 'component:shot'), node('read', 'read-still')], [link('shot-1.image', 'read.image')]), components: [shotComponent] }

function editor() {
  const storage = freshStorage()
  const store = createEditorStore({ storage, registry }, shared)
  open.push(store)
  return { store, storage }
}

describe('a file a shared pipeline came without', () => {
  it('is named on the component node whose inner input holds it, with how to bring it', () => {
    const { store, storage } = editor()
    render(
      <EditorProvider value={{ store, storage, registry }}>
        <AbsentMediaContext.Provider value={[{ hash: plate.hash, name: 'plate.jpg', nodes: ['shot-1'] }]}>
          <ReactFlowProvider>
            <ComponentNodeView node={shared.nodes[0]!} component={shotComponent} />
          </ReactFlowProvider>
        </AbsentMediaContext.Provider>
      </EditorProvider>,
    )
    expect(screen.getByRole('status').textContent).toBe('Not on this computer: “plate.jpg”. The pipeline came without it: import the bundle that carries it, or add the file again.')
  })

  it('is reported by the run as one to bring, not as evicted with advice to re-run what made it', async () => {
    const { store } = editor()
    await store.getState().startRun()
    const read = store.getState().nodeRuns.read
    expect(read?.status).toBe('error')
    expect(read?.message).toBe('“plate.jpg” is not on this computer: the pipeline came without it (a link carries no media). Import the bundle that carries it, or add the file again.')
  })
})
