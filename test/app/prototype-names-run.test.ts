import { z } from 'zod'
import { afterEach, describe, expect, it } from 'vitest'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { defineNode, port } from '../../src/engine'
import { ownValue } from '../../src/graph'
import { doc, fixtureRegistry, link, node } from '../engine/fixture-nodes'
import { expectPrototypeUntouched, prototypeNames, settled } from '../prototype-names'
import { freshStorage } from '../storage/fixtures'

const open: EditorStore[] = []

afterEach(() => {
  for (const store of open.splice(0)) store.close()
  expectPrototypeUntouched()
})

/** The fixture node types, and one that ignores Cancel and never finishes (a provider that hangs). */
function registry() {
  const types = fixtureRegistry()
  types.register(
    defineNode({
      type: 'never-ends',
      version: 1,
      title: 'Never ends',
      category: 'Test',
      inputs: {},
      outputs: { value: port.number() },
      params: z.object({}),
      run: ({ ctx }) => {
        ctx.progress(0.5)
        return new Promise(() => {})
      },
    }),
  )
  return types
}

function editor(pipeline: ReturnType<typeof doc>, storage = freshStorage()) {
  const store = createEditorStore({ storage, registry: registry() }, pipeline)
  open.push(store)
  return { store, storage }
}

/** Resolves once `check` holds for the store's state. */
function until(store: EditorStore, check: (state: ReturnType<EditorStore['getState']>) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check(store.getState())) return resolve()
    const stop = store.subscribe((state) => {
      if (!check(state)) return
      stop()
      resolve()
    })
  })
}

// constructor → __proto__ → toString → …, each adding 1.
const [first = '', ...rest] = prototypeNames
const chain = doc(
  [node(first, 'number-source', { value: 1 }), ...rest.map((id) => node(id, 'add', { plus: 1 }))],
  rest.map((id, i) => link(`${i === 0 ? first : rest[i - 1]}.${i === 0 ? 'value' : 'sum'}`, `${id}.a`)),
)

describe("the store's run state with nodes named like Object.prototype members", () => {
  it('runs them to the end, each node showing its own result', async () => {
    const { store } = editor(chain)
    await settled(store.getState().startRun(), 'the run')
    const { nodeRuns, currentRun } = store.getState()
    expect(currentRun).toMatchObject({ active: false, total: prototypeNames.length, finished: prototypeNames.length })
    expect(currentRun.last?.counts.done).toBe(prototypeNames.length)
    expect(Object.keys(nodeRuns).sort()).toEqual([...prototypeNames].sort())
    rest.forEach((id, i) => expect(ownValue(nodeRuns, id)).toMatchObject({ status: 'done', outputs: { sum: i + 2 } }))
    // A node that has not run has no state: nothing is inherited from a node called __proto__.
    expect(nodeRuns['not-a-node']).toBeUndefined()
  })

  it('shows their stored results when the document is opened again', async () => {
    const storage = freshStorage()
    await settled(editor(chain, storage).store.getState().startRun(), 'the run')
    const { store } = editor(chain, storage)
    await store.getState().showStoredResults()
    for (const id of prototypeNames) expect(ownValue(store.getState().nodeRuns, id)?.outputs, id).toBeDefined()
  })

  it('ends the run on Cancel even when a node never stops, and Run works again', async () => {
    const { store } = editor(doc([node('constructor', 'never-ends'), node('after', 'add')], [link('constructor.value', 'after.a')]))
    void store.getState().startRun()
    await settled(
      until(store, (state) => ownValue(state.nodeRuns, 'constructor')?.status === 'running'),
      'the node starting',
    )
    store.getState().cancelRun()
    expect(store.getState().currentRun.active).toBe(false)
    expect(ownValue(store.getState().nodeRuns, 'after')?.status).toBe('cancelled')

    // Run again: it starts (the hung run does not hold it) and its state is its own.
    void store.getState().startRun()
    await settled(
      until(store, (state) => state.currentRun.active && ownValue(state.nodeRuns, 'constructor')?.status === 'running'),
      'the second run starting',
    )
    store.getState().cancelRun()
    expect(store.getState().currentRun.active).toBe(false)
  })
})
