import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, resultParams, standaloneContext, type AssetRef } from '../../src/engine'
import takePicker from './node'
import { annotate, choose, rate, readBoard, toggleChosen, toggleRejected } from './reviews'

/** Five takes as generate-video hands them on: stored clips, each with its take number. */
async function fiveTakes(assets: MemoryAssetStore): Promise<AssetRef[]> {
  return Promise.all(
    [1, 2, 3, 4, 5].map((take) =>
      assets.put(new Blob([`clip of take ${take}`], { type: 'video/mp4' }), { kind: 'video', meta: { name: `take ${take}`, take } }),
    ),
  )
}

describe('take-picker node', () => {
  it('sends the chosen take on and pins it, and only it, in storage', async () => {
    const assets = new MemoryAssetStore()
    const takes = await fiveTakes(assets)
    const outputs = await takePicker.run({ inputs: { takes }, params: takePicker.params.parse({ selected: [2] }), ctx: standaloneContext({ assets }) })
    expect(outputs).toEqual({ video: takes[2], selects: [takes[2]] })
    expect([...assets.pinned]).toEqual([takes[2]?.hash])
  })

  it('with several chosen, sends the first in take order on `video` and all of them on `selects`', async () => {
    const assets = new MemoryAssetStore()
    const takes = await fiveTakes(assets)
    const outputs = await takePicker.run({ inputs: { takes }, params: takePicker.params.parse({ selected: [4, 1] }), ctx: standaloneContext({ assets }) })
    expect(outputs).toEqual({ video: takes[1], selects: [takes[1], takes[4]] })
    expect(new Set(assets.pinned)).toEqual(new Set([takes[1]?.hash, takes[4]?.hash]))
  })

  it('fails with “Pick a take” while nothing is chosen, and pins nothing', async () => {
    const assets = new MemoryAssetStore()
    const takes = await fiveTakes(assets)
    await expect(takePicker.run({ inputs: { takes }, params: takePicker.params.parse({}), ctx: standaloneContext({ assets }) })).rejects.toThrow(
      'Pick a take: mark one of the 5 takes as chosen on this node.',
    )
    expect(assets.pinned.size).toBe(0)
  })

  it('asks to pick again when a chosen take is not among the takes that came in', async () => {
    const assets = new MemoryAssetStore()
    const takes = (await fiveTakes(assets)).slice(0, 3)
    await expect(takePicker.run({ inputs: { takes }, params: takePicker.params.parse({ selected: [0, 4] }), ctx: standaloneContext({ assets }) })).rejects.toThrow(
      'Take 5 was chosen, but only 3 takes came in; pick again.',
    )
    await expect(takePicker.run({ inputs: { takes: [] }, params: takePicker.params.parse({ selected: [0] }), ctx: standaloneContext({ assets }) })).rejects.toThrow(
      /No takes came in/,
    )
  })

  it('keeps rejections, 1–5 ratings and notes per take, and refuses what does not fit', () => {
    const reviews = { 0: { rejected: true, note: 'hand melts at 2 s' }, 3: { rating: 5, note: 'the one' } }
    expect(takePicker.params.parse({ selected: [3], reviews })).toEqual({ selected: [3], reviews })
    expect(takePicker.params.parse({})).toEqual({ selected: [], reviews: {} })
    expect(takePicker.params.safeParse({ reviews: { 1: { rating: 6 } } }).success).toBe(false)
    expect(takePicker.params.safeParse({ reviews: { 1: { rating: 0 } } }).success).toBe(false)
    expect(takePicker.params.safeParse({ reviews: { first: { rating: 3 } } }).success).toBe(false)
    expect(takePicker.params.safeParse({ selected: [1, 1] }).success).toBe(false)
    expect(takePicker.params.safeParse({ selected: [-1] }).success).toBe(false)
  })

  it('takes the list of takes and gives one clip, and the list of everything chosen', () => {
    expect(takePicker.inputs).toEqual({ takes: { type: 'video[]' } })
    expect(takePicker.outputs.video?.type).toBe('video')
    expect(takePicker.outputs.selects?.type).toBe('video[]')
  })
})

describe('reviewing takes on the panel', () => {
  const empty = readBoard({})

  it('“Choose” makes that take the one: choosing take 2 after take 1 leaves only take 2 chosen', () => {
    const first = choose(empty, 0)
    expect(first.selected).toEqual([0])
    expect(choose(first, 1).selected).toEqual([1])
    // From several selects too, and choosing the one chosen take again lets go of it.
    expect(choose(toggleChosen(first, 3), 1).selected).toEqual([1])
    expect(choose(choose(empty, 2), 2).selected).toEqual([])
    expect(choose(toggleRejected(empty, 4), 4)).toEqual({ selected: [4], reviews: {} })
  })

  it('adds to and takes out of the selects (Shift+click), kept in take order', () => {
    const two = toggleChosen(toggleChosen(empty, 3), 1)
    expect(two.selected).toEqual([1, 3])
    expect(toggleChosen(two, 3).selected).toEqual([1])
  })

  it('takes a rejected take out of the choice, and un-rejects a take when it is chosen', () => {
    const chosen = toggleChosen(empty, 2)
    const rejected = toggleRejected(chosen, 2)
    expect(rejected).toEqual({ selected: [], reviews: { 2: { rejected: true } } })
    expect(toggleChosen(rejected, 2)).toEqual({ selected: [2], reviews: {} })
    expect(toggleRejected(rejected, 2)).toEqual({ selected: [], reviews: {} })
  })

  it('rates 1 to 5, clears a rating given again, and keeps a note beside it', () => {
    const rated = rate(annotate(empty, 0, 'hand melts at 2 s'), 0, 4)
    expect(rated.reviews).toEqual({ 0: { note: 'hand melts at 2 s', rating: 4 } })
    expect(rate(rated, 0, 4).reviews).toEqual({ 0: { note: 'hand melts at 2 s' } })
    expect(annotate(rate(rated, 0, 4), 0, '').reviews).toEqual({})
  })

  it('reads what the document holds, and leaves out what it cannot read', () => {
    expect(readBoard({ selected: [0, 2], reviews: { 1: { rating: 3 } } })).toEqual({ selected: [0, 2], reviews: { 1: { rating: 3 } } })
    expect(readBoard({ selected: 'all', reviews: { 1: { rating: 9 } } })).toEqual({ selected: [], reviews: { 1: {} } })
  })

  it('keeps reviews out of the cache key: rating a take re-runs nothing below', () => {
    expect(resultParams(takePicker, { selected: [1], reviews: { 1: { rating: 5 } } })).toEqual({ selected: [1] })
  })
})
