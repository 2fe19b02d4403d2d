import { describe, expect, it } from 'vitest'
import type { NodeEvent } from '../../src/engine'
import { describeProgress, followProgress, startProgress, viewProgress, type RunProgress } from '../../src/editor/state/run-progress'

/** Feeds events as they came, each at its time in ms from the run's start. */
function follow(events: [number, NodeEvent][]): RunProgress {
  const progress = startProgress()
  for (const [at, event] of events) followProgress(progress, event, at)
  return progress
}

const take = (at: number, of: number) => ({ unit: 'take', at, of })
const shots = Array.from({ length: 24 }, (_, i) => String(i + 1))

describe('a run\'s progress in film terms', () => {
  it('says which shot and take are being made, how many jobs at once, and about how long is left', () => {
    const events: [number, NodeEvent][] = [[0, { nodeId: 'takes', status: 'items', items: shots }]]
    // Six shots made, 10 s each, two at a time.
    for (let i = 0; i < 6; i++) {
      events.push([i * 5_000, { nodeId: 'takes', status: 'running', progress: 0, item: shots[i] as string, itemProgress: 0 }])
      events.push([i * 5_000 + 10_000, { nodeId: 'takes', status: 'item', item: shots[i] as string, state: 'done', durationMs: 10_000 }])
    }
    events.push([40_000, { nodeId: 'takes', status: 'running', progress: 0.3, item: '7', itemProgress: 0.5, piece: take(3, 5) }])
    events.push([40_000, { nodeId: 'takes', status: 'running', progress: 0.3, item: '8', itemProgress: 0, piece: take(1, 5) }])
    const view = viewProgress(follow(events), 40_000)
    expect(view).toMatchObject({ shot: { at: 7, of: 24 }, piece: take(3, 5), jobs: 2 })
    // 18 shots left less half of shot 7, 10 s each, two at once.
    expect(view.secondsLeft).toBeCloseTo((17.5 * 10) / 2, 6)
    expect(describeProgress(view)).toBe('shot 7 of 24 · take 3 of 5 · 2 jobs at once · about 1 min left')
  })

  it('counts a cached shot as neither made nor taking time', () => {
    const progress = follow([
      [0, { nodeId: 'takes', status: 'items', items: ['1', '2', '3'] }],
      [0, { nodeId: 'takes', status: 'item', item: '1', state: 'cached', durationMs: 0 }],
      [0, { nodeId: 'takes', status: 'running', progress: 1 / 3, item: '2', itemProgress: 0 }],
      [4_000, { nodeId: 'takes', status: 'running', progress: 0.5, item: '2', itemProgress: 0.5, piece: take(1, 2) }],
    ])
    const view = viewProgress(progress, 4_000)
    expect(view).toMatchObject({ shot: { at: 2, of: 3 }, piece: take(1, 2), jobs: 1 })
    // Half of shot 2 took 4 s: what is left of it and shot 3 is 1.5 shots at 8 s.
    expect(view.secondsLeft).toBeCloseTo(12, 6)
  })

  it('follows shots called `constructor` or `__proto__` as any others', () => {
    const progress = follow([
      [0, { nodeId: 'takes', status: 'items', items: ['constructor', '__proto__'] }],
      [0, { nodeId: 'takes', status: 'running', progress: 0, item: '__proto__', itemProgress: 0 }],
    ])
    expect(viewProgress(progress, 0)).toMatchObject({ shot: { at: 2, of: 2 }, jobs: 1 })
  })

  it('gives a node that runs once its time left from its own progress, and says nothing it cannot know', () => {
    const started = follow([[0, { nodeId: 'upscale', status: 'running', progress: 0 }]])
    expect(viewProgress(started, 1_000)).toEqual({ jobs: 1 })
    expect(describeProgress(viewProgress(started, 1_000))).toBeUndefined()
    followProgress(started, { nodeId: 'upscale', status: 'running', progress: 0.25 }, 10_000)
    expect(viewProgress(started, 10_000).secondsLeft).toBeCloseTo(30, 6)
    followProgress(started, { nodeId: 'upscale', status: 'done', outputs: {}, durationMs: 40_000 }, 40_000)
    expect(viewProgress(started, 40_000)).toEqual({ jobs: 0 })
  })
})
