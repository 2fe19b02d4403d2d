import { describe, expect, it } from 'vitest'
import { CURRENT_DOC_VERSION, type PipelineDoc } from '../../src/graph'
import type { AssetRef, PromptValue } from '../../src/engine'
import { dailiesRows, hasSelect } from '../../src/editor/dailies/dailies-rows'
import { posterCache, posterTime } from '../../src/editor/dailies/posters'
import { visibleRange } from '../../src/editor/dailies/visible-range'
import type { NodeRun } from '../../src/editor/state/node-run'
import { choose, itemBoardChange, readItemBoard } from '../../nodes/take-picker/reviews'

function take(shot: string, n: number): AssetRef {
  return { kind: 'video', hash: `${shot}${n}`.padEnd(64, '0'), mime: 'video/mp4', bytes: 10, meta: { durationS: 2, take: n } }
}

function prompt(text: string): PromptValue {
  return { kind: 'prompt', text, fields: {} }
}

function film(pickerParams: Record<string, unknown>): PipelineDoc {
  const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: 1, position: { x: 0, y: 0 }, params })
  return {
    format: 'reelgraph',
    version: CURRENT_DOC_VERSION,
    id: 'film',
    name: 'Film',
    description: '',
    nodes: [node('list', 'text-list'), node('words', 'prompt'), node('gen', 'generate-video'), node('pick', 'take-picker', pickerParams)],
    edges: [
      { id: 'e1', from: { node: 'list', port: 'texts' }, to: { node: 'words', port: 'text' } },
      { id: 'e2', from: { node: 'words', port: 'prompt' }, to: { node: 'gen', port: 'prompt' } },
      { id: 'e3', from: { node: 'gen', port: 'takes' }, to: { node: 'pick', port: 'takes' } },
    ],
  }
}

/** The last run of three shots, item by item, with shot 3's takes still to come. */
const runs: Record<string, NodeRun> = {
  words: { status: 'done', progress: 1, stale: false, items: ['1', '2', '3'].map((key) => ({ key, status: 'done', outputs: { prompt: prompt(`shot ${key} at dawn`) } })) },
  gen: {
    status: 'done',
    progress: 1,
    stale: false,
    items: [
      { key: '1', status: 'done', outputs: { takes: [take('a', 1), take('a', 2)] } },
      { key: '2', status: 'cached', outputs: { takes: [take('b', 1), take('b', 2)] } },
      { key: '3', status: 'running' },
    ],
  },
}

describe('the Dailies’ rows', () => {
  it('lists each shot in item order with its prompt, duration and takes, and its own choice or the picker’s', () => {
    const rows = dailiesRows(film({ selected: [0], byItem: { 2: { selected: [1], reviews: {} } } }), runs)
    expect(rows.map((row) => [row.key, row.prompt, row.durationS, row.takes.length, row.board.selected, row.usesPickerChoice])).toEqual([
      ['1', 'shot 1 at dawn', 2, 2, [0], true],
      ['2', 'shot 2 at dawn', 2, 2, [1], false],
      ['3', 'shot 3 at dawn', undefined, 0, [0], true],
    ])
    expect(rows.map(hasSelect)).toEqual([true, true, false])
  })

  it('shows a picker that runs once as one row under its name', () => {
    const doc = film({ selected: [1] })
    doc.nodes[3] = { ...(doc.nodes[3] as PipelineDoc['nodes'][number]), label: 'Hero shot' }
    const rows = dailiesRows(doc, { gen: { status: 'done', progress: 1, stale: false, outputs: { takes: [take('h', 1), take('h', 2)] } } })
    expect(rows.map((row) => [row.key, row.title, row.board.selected, row.usesPickerChoice])).toEqual([['', 'Hero shot', [1], false]])
  })
})

describe('a choice made for one shot', () => {
  it('becomes that shot’s own entry and leaves the others and the picker’s choice as they were', () => {
    const params = { selected: [0], byItem: { 1: { selected: [1], reviews: {} } } }
    const change = itemBoardChange(params, '3', choose(readItemBoard(params, '3'), 1))
    expect(change).toEqual({ byItem: { 1: { selected: [1], reviews: {} }, 3: { selected: [1], reviews: {} } } })
    expect(itemBoardChange(params, '', choose(readItemBoard(params, ''), 1))).toEqual({ selected: [1], reviews: {} })
    expect(readItemBoard({ selected: [0], byItem: 'not boards' }, 'constructor')).toEqual({ selected: [0], reviews: {} })
  })
})

describe('the rows mounted', () => {
  it('are those in view and two on each side', () => {
    expect(visibleRange(0, 400, 132, 60, 2)).toEqual({ first: 0, last: 6 })
    expect(visibleRange(1320, 400, 132, 60, 2)).toEqual({ first: 8, last: 16 })
    expect(visibleRange(7600, 400, 132, 60, 2)).toEqual({ first: 55, last: 60 })
  })
})

describe('the takes’ posters', () => {
  it('are decoded once a file, kept for drawing at once, and the oldest forgotten past the limit', async () => {
    const decoded: string[] = []
    const posters = posterCache(async (clip: AssetRef) => {
      decoded.push(clip.hash)
      return `picture of ${clip.hash}`
    }, 2)
    const [a, b, c] = [take('a', 1), take('b', 1), take('c', 1)]
    expect(posters.ready(a.hash)).toBeUndefined()
    // Two tiles of the same file asking at once share one decode.
    expect(await Promise.all([posters.poster(a), posters.poster(a)])).toEqual([`picture of ${a.hash}`, `picture of ${a.hash}`])
    expect(posters.ready(a.hash)).toBe(`picture of ${a.hash}`)
    await posters.poster(b)
    // Asked for again, a goes to the back: c pushes b out, not a.
    await posters.poster(a)
    await posters.poster(c)
    expect([posters.ready(a.hash), posters.ready(b.hash), posters.ready(c.hash)]).toEqual([`picture of ${a.hash}`, undefined, `picture of ${c.hash}`])
    expect(decoded).toEqual([a.hash, b.hash, c.hash])
  })

  it('try again after a failure rather than keep it', async () => {
    let attempts = 0
    const posters = posterCache(async () => {
      attempts += 1
      if (attempts === 1) throw new Error('the file is not stored')
      return 'picture'
    }, 4)
    await expect(posters.poster(take('a', 1))).rejects.toThrow('the file is not stored')
    expect(posters.ready(take('a', 1).hash)).toBeUndefined()
    expect(await posters.poster(take('a', 1))).toBe('picture')
    expect(attempts).toBe(2)
  })

  it('show a take a third of the way in, or its first frame when its length is not known', () => {
    expect(posterTime(take('a', 1))).toBeCloseTo(2 / 3)
    expect(posterTime({ ...take('a', 1), meta: {} })).toBe('first')
  })
})
