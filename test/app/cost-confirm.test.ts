import { afterEach, describe, expect, it } from 'vitest'
import { CURRENT_DOC_VERSION } from '../../src/graph'
import { createEditorStore, type EditorStore } from '../../src/app/store/create-editor-store'
import type { PipelineDoc } from '../../src/graph'
import type { Storage } from '../../src/storage'
import { registry } from '../engine/shipped-registry'
import { freshStorage } from '../storage/fixtures'

/** Two shots on Runway (5 s, 720p: $0.60 a take at gen4.5's list price), five takes each. */
const twoShots: PipelineDoc = {
  format: 'reelgraph',
  version: CURRENT_DOC_VERSION,
  id: 'two-paid-shots',
  name: 'Two paid shots',
  description: '',
  nodes: [
    { id: 'prompt', type: 'prompt', typeVersion: 1, position: { x: 0, y: 0 }, params: { subject: 'a keeper', action: 'climbs', durationS: 5 } },
    { id: 'close', type: 'generate-video', typeVersion: 1, position: { x: 300, y: 0 }, params: { provider: 'runway', takes: 5 } },
    { id: 'wide', type: 'generate-video', typeVersion: 1, position: { x: 300, y: 300 }, params: { provider: 'animatic', takes: 5, height: 480 } },
  ],
  edges: [
    { id: 'l1', from: { node: 'prompt', port: 'prompt' }, to: { node: 'close', port: 'prompt' } },
    { id: 'l2', from: { node: 'prompt', port: 'prompt' }, to: { node: 'wide', port: 'prompt' } },
  ],
}

const opened: { store: EditorStore; storage: Storage }[] = []
afterEach(() => {
  for (const { store } of opened.splice(0)) store.close()
})

function editor(): { store: EditorStore; storage: Storage } {
  const storage = freshStorage()
  const store = createEditorStore({ storage, registry }, twoShots)
  opened.push({ store, storage })
  return { store, storage }
}

describe('a run that would spend more than the limit', () => {
  it('waits for a yes, saying what it may spend and where; nothing runs before', async () => {
    const { store } = editor()
    await store.getState().startRun()
    const asked = store.getState().costToConfirm
    expect(asked).toMatchObject({ estimatedUsd: 3, limitUsd: 1 })
    expect(asked?.calls.map((call) => [call.name, call.takes, call.estimatedUsd])).toEqual([
      ['Runway', 5, 3],
      ['Animatic (local previz)', 5, 0],
    ])
    expect(store.getState().currentRun.active).toBe(false)
    expect(store.getState().nodeRuns.prompt).toBeUndefined()

    store.getState().dismissCost()
    expect(store.getState().costToConfirm).toBeNull()
  })

  it('runs once confirmed, and does not ask when the limit covers it', async () => {
    const { store, storage } = editor()
    await store.getState().startRun(undefined, { costConfirmed: true })
    // No key was entered: the paid shot says so, and nothing was paid.
    expect(store.getState().nodeRuns.close?.message).toContain('Runway needs an API key')
    await storage.settings.update({ confirmRunsAboveUsd: 5 })
    await store.getState().startRun('prompt')
    expect(store.getState().costToConfirm).toBeNull()
    expect(store.getState().nodeRuns.prompt?.status).toBe('cached')
  })
})
