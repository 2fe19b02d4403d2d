// IndexedDB in Node first: Dexie looks for it when it is imported.
import { freshStorage } from '../storage/fixtures'
import { afterEach, describe, expect, it } from 'vitest'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { followLog, keptLog, levelOf, startLog } from '../../src/editor/state/run-log'
import { componentType, type PipelineDoc } from '../../src/graph'
import { LOG_LINE_CHARS, LOG_LINES_KEPT, type Storage } from '../../src/storage'
import { doc, fixtureRegistry, link, node } from '../engine/fixture-nodes'

const open: EditorStore[] = []
afterEach(() => {
  for (const store of open.splice(0)) store.close()
})

function editor(pipeline: PipelineDoc, storage: Storage = freshStorage()): { store: EditorStore; storage: Storage } {
  const store = createEditorStore({ storage, registry: fixtureRegistry() }, pipeline)
  open.push(store)
  return { store, storage }
}

/** A source, a node that says two lines (one a warning), and one that fails. */
const chatty = doc(
  [
    node('source', 'number-source', { value: 2 }),
    node('grade', 'say', { lines: ['graded 24 frames', 'warning: the reference is darker than the shot'] }, { label: 'Dusk grade' }),
    node('broken', 'fail', { message: 'the file is damaged' }),
  ],
  [link('source.value', 'grade.value', 'l1')],
)

describe("a run's log", () => {
  it('keeps each line with its time, the node’s name (never its id) and a level; the node keeps its newest line', async () => {
    const { store } = editor(chatty)
    await store.getState().startRun()
    const { runLog } = store.getState()
    const lines = runLog.lines.map(({ nodeId, node, level, message }) => ({ nodeId, node, level, message }))
    expect(lines).toHaveLength(3)
    expect(lines).toEqual(
      expect.arrayContaining([
        { nodeId: 'grade', node: 'Dusk grade', level: 'info', message: 'graded 24 frames' },
        { nodeId: 'grade', node: 'Dusk grade', level: 'warning', message: 'the reference is darker than the shot' },
        { nodeId: 'broken', node: 'Fail', level: 'error', message: 'the file is damaged' },
      ]),
    )
    for (const line of runLog.lines) expect(typeof line.at).toBe('number')
    expect(runLog.byNode.grade).toMatchObject({ count: 2, latest: { message: 'the reference is darker than the shot' } })
    expect(runLog.byNode.source).toBeUndefined()
  })

  it('is kept with the run record, so Run history shows it after a reload', async () => {
    const storage = freshStorage()
    const { store } = editor(chatty, storage)
    await store.getState().startRun()
    store.close()
    const [record] = await storage.runs.recent(chatty.id)
    expect(record?.log?.lines.map((line) => `${line.node} · ${line.level} · ${line.message}`)).toEqual(
      expect.arrayContaining(['Dusk grade · info · graded 24 frames', 'Dusk grade · warning · the reference is darker than the shot', 'Fail · error · the file is damaged']),
    )
    expect(record?.log?.dropped).toBe(0)
  })

  it('starts again with each run', async () => {
    const { store } = editor(chatty)
    await store.getState().startRun()
    await store.getState().startRun('source')
    expect(store.getState().runLog.lines).toEqual([])
  })

  it('names a refused run’s problems on their nodes', async () => {
    const refused = doc([node('grade', 'say', { lines: [] }, { label: 'Dusk grade' }), node('sum', 'add')])
    const { store } = editor(refused)
    await store.getState().startRun()
    expect(store.getState().runLog.lines.map((line) => [line.node, line.level])).toEqual([['Add', 'error']])
  })

  it('stays within its cap, warnings first, newest lines kept, and the store keeps no more', async () => {
    // 250 items saying two lines each, and a warning: more than the cap.
    const values = Array.from({ length: 250 }, (_, i) => i)
    const many = doc(
      [node('frames', 'number-list', { values }), node('upscale', 'say-each', {}, { label: 'Upscale' }), node('note', 'say', { lines: ['warning: the plate is soft'] })],
      [link('frames.values', 'upscale.value', 'l1')],
    )
    const storage = freshStorage()
    const { store } = editor(many, storage)
    await store.getState().startRun()
    const { runLog } = store.getState()
    expect(runLog.lines).toHaveLength(LOG_LINES_KEPT)
    expect(runLog.dropped).toBe(501 - LOG_LINES_KEPT)
    expect(runLog.lines.filter((line) => line.level === 'warning').map((line) => line.message)).toEqual(['the plate is soft'])
    expect(runLog.lines.at(-1)?.message).toMatch(/^item \d+: /)
    expect(runLog.byNode.upscale?.count).toBe(LOG_LINES_KEPT - 1)
    const [record] = await storage.runs.recent(many.id)
    expect(record?.log?.lines).toHaveLength(LOG_LINES_KEPT)
  })

  it('of a thousand items, each saying its time left again and again, stays as small as the cap allows', () => {
    const log = startLog()
    for (let item = 1; item <= 1000; item++) {
      for (let tick = 0; tick < 5; tick++) followLog(log, { nodeId: 'upscale', status: 'log', message: `item ${item}: about ${5 - tick} s left (2.0 frames a second)` }, item * 10 + tick, () => 'Upscale')
      if (item % 100 === 0) followLog(log, { nodeId: 'mix', status: 'warning', message: `shot ${item} stops short of −14 LUFS` }, item * 10 + 5, () => 'Mix')
    }
    expect(log.lines).toHaveLength(LOG_LINES_KEPT)
    expect(log.dropped).toBe(5010 - LOG_LINES_KEPT)
    expect(log.lines.filter((line) => line.level === 'warning')).toHaveLength(10)
    expect(log.lines.at(-1)?.message).toBe('shot 1000 stops short of −14 LUFS')
    expect(JSON.stringify(keptLog(log)).length).toBeLessThan(LOG_LINES_KEPT * (LOG_LINE_CHARS + 120))
  })

  it('cuts a long line, in the editor and in the store', async () => {
    const storage = freshStorage()
    await storage.runs.add({
      id: 'r1',
      pipelineId: 'p1',
      startedAt: 1,
      finishedAt: 2,
      status: 'done',
      nodes: {},
      log: { lines: Array.from({ length: LOG_LINES_KEPT + 50 }, (_, i) => ({ at: i, nodeId: 'a', node: 'A', level: 'info' as const, message: 'x'.repeat(LOG_LINE_CHARS * 3) })), dropped: 0 },
    })
    const [record] = await storage.runs.recent('p1')
    expect(record?.log?.lines).toHaveLength(LOG_LINES_KEPT)
    expect(record?.log?.dropped).toBe(50)
    expect(record?.log?.lines[0]?.message).toHaveLength(LOG_LINE_CHARS)
  })
})

describe('a component’s lines', () => {
  it('are kept once, named through the instance, and shown as the instance’s newest line', async () => {
    const withComponent: PipelineDoc = {
      ...doc([node('shot', componentType('look'), {}, { label: 'Shot 1' })]),
      components: [{ id: 'look', name: 'Look', nodes: [node('grade', 'say', { lines: ['graded 24 frames'] }, { label: 'Grade' })], edges: [], inputs: [], outputs: [] }],
    }
    const { store } = editor(withComponent)
    await store.getState().startRun()
    const { runLog } = store.getState()
    expect(runLog.lines.map(({ nodeId, node: name, message }) => ({ nodeId, name, message }))).toEqual([{ nodeId: 'shot/grade', name: 'Shot 1 › Grade', message: 'graded 24 frames' }])
    expect(runLog.byNode.shot?.latest.message).toBe('graded 24 frames')
  })
})

describe('a log line’s level', () => {
  it('is read from a leading “warning:” or “error:”, as some nodes mark their lines', () => {
    expect(levelOf('warning: no reference images yet')).toEqual({ level: 'warning', message: 'no reference images yet' })
    expect(levelOf('error: the shot has no subject')).toEqual({ level: 'error', message: 'the shot has no subject' })
    expect(levelOf('about 12 s left (2.0 frames a second)')).toEqual({ level: 'info', message: 'about 12 s left (2.0 frames a second)' })
  })

  it('comes from the event: a warning about a result, a failure', () => {
    const log = startLog()
    followLog(log, { nodeId: 'mix', status: 'warning', message: 'stops short of −14 LUFS' }, 5, () => 'Mix')
    followLog(log, { nodeId: 'mix', status: 'running', progress: 0.5 }, 6, () => 'Mix')
    expect(log.lines).toEqual([{ at: 5, nodeId: 'mix', node: 'Mix', level: 'warning', message: 'stops short of −14 LUFS' }])
  })
})
