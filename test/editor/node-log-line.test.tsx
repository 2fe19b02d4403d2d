// @vitest-environment jsdom
// IndexedDB in Node first: Dexie looks for it when it is imported.
import { freshStorage } from '../storage/fixtures'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { LogPanel } from '../../src/editor/log/LogPanel'
import { NodeLogLine } from '../../src/editor/log/NodeLogLine'
import { EditorProvider } from '../../src/editor/state/EditorProvider'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { componentType, type PipelineDoc } from '../../src/graph'
import type { Storage } from '../../src/storage'
import { formatWhen } from '../../src/editor/run-history/run-format'
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

describe('after a reload, the last run’s log', () => {
  it('shows each node’s newest line again, a component node its inner node’s', async () => {
    const storage = freshStorage()
    await editor(storage).getState().startRun()

    showLines(reloaded(storage), storage)

    const grade = await screen.findByText('the reference is darker than the shot')
    expect(grade.closest('button')?.textContent).toBe('the reference is darker than the shot2 lines')
    expect(grade.closest('button')?.className).toContain('node__log--warning')
    expect((await screen.findByText('matched the plate')).closest('button')?.textContent).toBe('matched the plate')
  })

  it('is in the Log panel, headed by when that run started', async () => {
    const storage = freshStorage()
    await editor(storage).getState().startRun()
    const [record] = await storage.runs.recent(pipeline.id, 1)
    const store = reloaded(storage)
    // jsdom lays nothing out: the panel's keeping its newest line in view has nothing to scroll.
    Element.prototype.scrollIntoView = () => {}
    render(
      <EditorProvider value={{ store, storage, registry }}>
        <LogPanel />
      </EditorProvider>,
    )

    const heading = await screen.findByRole('heading', { name: /^Log of the run of / })
    expect(heading.textContent).toBe(`Log of the run of ${formatWhen(record?.startedAt ?? 0)}`)
    const rows = screen.getAllByRole('row').slice(1).map((row) => [...row.querySelectorAll('td')].slice(1).map((cell) => cell.textContent))
    expect(rows).toEqual([
      ['Dusk grade', 'info', 'graded 24 frames'],
      ['Dusk grade', 'warning', 'the reference is darker than the shot'],
      ['Shot 1 › Match', 'info', 'matched the plate'],
    ])
  })
})
