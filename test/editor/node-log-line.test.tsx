// @vitest-environment jsdom
// IndexedDB in Node first: Dexie looks for it when it is imported.
import { freshStorage } from '../storage/fixtures'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { NodeLogLine } from '../../src/editor/log/NodeLogLine'
import { EditorProvider } from '../../src/editor/state/EditorProvider'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { componentType, type PipelineDoc } from '../../src/graph'
import type { Storage } from '../../src/storage'
import { doc, fixtureRegistry, node } from '../engine/fixture-nodes'

const registry = fixtureRegistry()
const open: EditorStore[] = []
afterEach(() => {
  cleanup()
  for (const store of open.splice(0)) store.close()
})

/** A node that says two lines, and a component instance whose inner node says one. */
const pipeline: PipelineDoc = {
  ...doc([
    node('grade', 'say', { lines: ['graded 24 frames', 'warning: the reference is darker than the shot'] }, { label: 'Dusk grade' }),
    node('shot', componentType('look'), {}, { label: 'Shot 1' }),
  ]),
  components: [{ id: 'look', name: 'Look', nodes: [node('inner', 'say', { lines: ['matched the plate'] }, { label: 'Match' })], edges: [], inputs: [], outputs: [] }],
}

function editor(storage: Storage): EditorStore {
  const store = createEditorStore({ storage, registry }, pipeline)
  open.push(store)
  return store
}

/** The editor as a reload leaves it: a new store on the same storage, the pipeline opened as the app opens it. */
function reloaded(storage: Storage): EditorStore {
  const store = editor(storage)
  store.getState().showDocument(pipeline)
  return store
}

function showLines(store: EditorStore, storage: Storage) {
  render(
    <EditorProvider value={{ store, storage, registry }}>
      <NodeLogLine nodeId="grade" message={undefined} />
      <NodeLogLine nodeId="shot" message={undefined} />
    </EditorProvider>,
  )
}

describe('a node’s newest log line', () => {
  it('is shown again after a reload, from the last run’s record', async () => {
    const storage = freshStorage()
    await editor(storage).getState().startRun()

    showLines(reloaded(storage), storage)

    const grade = await screen.findByText('the reference is darker than the shot')
    expect(grade.closest('button')?.textContent).toBe('the reference is darker than the shot2 lines')
    expect(grade.closest('button')?.className).toContain('node__log--warning')
    expect((await screen.findByText('matched the plate')).closest('button')?.textContent).toBe('matched the plate')
  })
})
