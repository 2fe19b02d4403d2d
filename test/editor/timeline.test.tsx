// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import sequence from '../../nodes/sequence/node'
import { EditorProvider } from '../../src/editor/state/EditorProvider'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { SequenceTimeline } from '../../src/editor/timeline/SequenceTimeline'
import { moveClip, setOut } from '../../src/editor/timeline/timeline-edits'
import { shuttleSpeed } from '../../src/editor/timeline/use-transport'
import { defineNode, NodeRegistry, port } from '../../src/engine'
import type { Storage } from '../../src/storage'
import { doc, link, node } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'
import { storeMediaUnderJsdom } from './jsdom-media'

/** A clip as a video node leaves it: stored, with the facts its probe would record. */
const storedClip = defineNode({
  type: 'stored-clip',
  version: 1,
  title: 'Clip',
  category: 'Test',
  inputs: {},
  outputs: { video: port.video() },
  params: z.object({ name: z.string().default('clip'), frames: z.number().int().positive().default(24) }),
  async run({ params, ctx }) {
    const meta = { name: params.name, fps: 24, frameCount: params.frames, durationS: params.frames / 24, hasAudio: false }
    return { video: await ctx.assets.put(new Blob([`${params.name} ${params.frames}`], { type: 'video/mp4' }), { kind: 'video', meta }) }
  },
})

const registry = new NodeRegistry([storedClip, sequence])
const open: EditorStore[] = []

afterEach(() => {
  cleanup()
  for (const store of open.splice(0)) store.close()
})

storeMediaUnderJsdom()

/** Three clips of 48, 24 and 36 frames at 24 fps into a sequence; with no layout, a frame is 4 px wide. */
async function cut(params: Record<string, unknown> = {}): Promise<{ store: EditorStore; storage: Storage }> {
  const storage = freshStorage()
  const pipeline = doc(
    [
      node('a', 'stored-clip', { name: 'dawn', frames: 48 }),
      node('b', 'stored-clip', { name: 'road', frames: 24 }),
      node('c', 'stored-clip', { name: 'dusk', frames: 36 }),
      node('seq', 'sequence', params),
    ],
    [link('a.video', 'seq.clips'), link('b.video', 'seq.clips'), link('c.video', 'seq.clips')],
  )
  const store = createEditorStore({ storage, registry }, pipeline)
  open.push(store)
  for (const clip of ['a', 'b', 'c']) await store.getState().startRun(clip)
  render(
    <EditorProvider value={{ store, storage, registry }}>
      <SequenceTimeline nodeId="seq" />
    </EditorProvider>,
  )
  return { store, storage }
}

const clipsParam = (store: EditorStore) => store.getState().doc.nodes.find((candidate) => candidate.id === 'seq')?.params.clips
const undoable = (store: EditorStore) => store.getState().history.undoable
const timeline = () => screen.getByRole('group', { name: 'Timeline' })
const clipNames = () => within(screen.getByRole('list', { name: 'Picture track' })).getAllByRole('listitem').map((item) => item.querySelector('.timeline__clip-name')?.textContent)

/** A drag with the pointer: pressed on `element`, moved in steps, let go `dx` pixels to the side. */
function drag(element: Element, dx: number, from = 100) {
  fireEvent.pointerDown(element, { clientX: from, button: 0, pointerId: 1 })
  for (const step of [0.25, 0.5, 0.75, 1]) fireEvent.pointerMove(element, { clientX: from + dx * step, pointerId: 1 })
  fireEvent.pointerUp(element, { clientX: from + dx, pointerId: 1 })
}

describe('the sequence’s timeline', () => {
  it('asks for the clips to run before it can lay them out', () => {
    const storage = freshStorage()
    const store = createEditorStore({ storage, registry }, doc([node('a', 'stored-clip'), node('seq', 'sequence')], [link('a.video', 'seq.clips')]))
    open.push(store)
    render(
      <EditorProvider value={{ store, storage, registry }}>
        <SequenceTimeline nodeId="seq" />
      </EditorProvider>,
    )
    expect(screen.getByText(/Run the clips first.*Not run yet: Clip/)).toBeTruthy()
  })

  it('lays the clips in link order, their widths their lengths, with the cut’s length in timecode', async () => {
    await cut()
    expect(clipNames()).toEqual(['dawn', 'road', 'dusk'])
    const widths = within(screen.getByRole('list', { name: 'Picture track' }))
      .getAllByRole('listitem')
      .map((item) => (item as HTMLElement).style.width)
    expect(widths).toEqual(['192px', '96px', '144px'])
    expect(timeline().getAttribute('data-frames')).toBe('108')
    expect(screen.getByText(/00:00:04:12 · 108 frames at 24 fps/)).toBeTruthy()
  })

  it('moves a dragged clip in the cut as one param change, one undo step', async () => {
    const { store } = await cut()
    const before = undoable(store)
    // Dawn's middle (frame 24) dragged 250 px (62.5 frames) lands between road and dusk.
    drag(screen.getByRole('button', { name: /^dawn:/ }), 250)
    expect(clipNames()).toEqual(['road', 'dawn', 'dusk'])
    expect(clipsParam(store)).toEqual([
      { inS: 0, place: 1 },
      { inS: 0, place: 0 },
      { inS: 0, place: 2 },
    ])
    expect(undoable(store)).toBe(before + 1)
    act(() => store.getState().undo())
    expect(clipNames()).toEqual(['dawn', 'road', 'dusk'])
  })

  it('moves a focused clip with Alt and the arrows', async () => {
    const { store } = await cut()
    fireEvent.keyDown(screen.getByRole('button', { name: /^dusk:/ }), { key: 'ArrowLeft', altKey: true })
    expect(clipNames()).toEqual(['dawn', 'dusk', 'road'])
    expect(clipsParam(store)).toEqual([
      { inS: 0, place: 0 },
      { inS: 0, place: 2 },
      { inS: 0, place: 1 },
    ])
  })

  it('trims a clip’s out point by its dragged edge, snapped to the clip’s frames, in one undo step', async () => {
    const { store } = await cut()
    const before = undoable(store)
    // 41 px left is 10.25 frames: the out point lands on frame 26 of dusk.
    drag(screen.getByRole('slider', { name: 'Out point of dusk' }), -41)
    expect(clipsParam(store)).toEqual([{ inS: 0 }, { inS: 0 }, { inS: 0, outS: 1.083333 }])
    expect(timeline().getAttribute('data-frames')).toBe('98')
    expect(undoable(store)).toBe(before + 1)
  })

  it('trims a clip’s in point, and a frame at a time from the keyboard', async () => {
    const { store } = await cut()
    drag(screen.getByRole('slider', { name: 'In point of dawn' }), 8)
    expect(clipsParam(store)).toEqual([{ inS: 0.083333 }, { inS: 0 }, { inS: 0 }])
    fireEvent.keyDown(screen.getByRole('slider', { name: 'In point of dawn' }), { key: 'ArrowRight' })
    expect(clipsParam(store)).toEqual([{ inS: 0.125 }, { inS: 0 }, { inS: 0 }])
    expect(timeline().getAttribute('data-frames')).toBe('105')
    // Dragged back past the clip's end, the out point is left empty: the cut follows the clip.
    drag(screen.getByRole('slider', { name: 'Out point of road' }), 200)
    expect(clipsParam(store)).toEqual([{ inS: 0.125 }, { inS: 0 }, { inS: 0 }])
  })

  it('makes a dissolve by dragging out from a cut, in one undo step, and lengthens it from the keyboard', async () => {
    const { store } = await cut()
    const before = undoable(store)
    drag(screen.getByRole('slider', { name: 'Dissolve into road' }), 24)
    expect(clipsParam(store)).toEqual([{ inS: 0 }, { inS: 0, dissolveS: 0.25 }, { inS: 0 }])
    expect(timeline().getAttribute('data-frames')).toBe('102')
    expect(undoable(store)).toBe(before + 1)
    fireEvent.keyDown(screen.getByRole('slider', { name: 'Dissolve into road' }), { key: 'ArrowRight' })
    expect(clipsParam(store)).toEqual([{ inS: 0 }, { inS: 0, dissolveS: 0.291667 }, { inS: 0 }])
    expect(screen.getByRole('slider', { name: 'Dissolve into road' }).getAttribute('aria-valuetext')).toBe('7 frames (0.29 s)')
  })

  it('stops a dissolve at the length the clips can carry', async () => {
    const { store } = await cut()
    // Road is 24 frames: a dissolve into it can be at most 24 frames long.
    drag(screen.getByRole('slider', { name: 'Dissolve into road' }), 400)
    expect(clipsParam(store)).toEqual([{ inS: 0 }, { inS: 0, dissolveS: 1 }, { inS: 0 }])
  })

  it('starts from the crossfade the inspector sets, and keeps each join’s dissolve where it is when clips move', async () => {
    const { store } = await cut({ crossfadeS: 0.25, clips: [{ inS: 0 }, { inS: 0, dissolveS: 0.5 }, { inS: 0 }] })
    expect(timeline().getAttribute('data-frames')).toBe('90')
    fireEvent.keyDown(screen.getByRole('button', { name: /^dusk:/ }), { key: 'ArrowLeft', altKey: true })
    // The half-second dissolve stays at the first join, now into dusk.
    expect(clipsParam(store)).toEqual([
      { inS: 0, place: 0 },
      { inS: 0, place: 2 },
      { inS: 0, place: 1, dissolveS: 0.5 },
    ])
  })

  it('moves the playhead with J, K, L, space and the arrows, and shows its timecode', async () => {
    await cut()
    const panel = timeline()
    const shown = () => screen.getByRole('status', { name: 'Playhead timecode' }).textContent
    fireEvent.keyDown(panel, { key: 'ArrowRight' })
    fireEvent.keyDown(panel, { key: 'ArrowRight' })
    expect(shown()).toBe('00:00:00:02')
    fireEvent.keyDown(panel, { key: 'ArrowRight', shiftKey: true })
    expect(shown()).toBe('00:00:01:02')
    fireEvent.keyDown(panel, { key: 'End' })
    expect(shown()).toBe('00:00:04:11')
    fireEvent.keyDown(panel, { key: 'l' })
    expect(screen.getByText('1×')).toBeTruthy()
    fireEvent.keyDown(panel, { key: 'l' })
    expect(screen.getByText('2×')).toBeTruthy()
    fireEvent.keyDown(panel, { key: 'j' })
    expect(screen.getByText('−1×')).toBeTruthy()
    fireEvent.keyDown(panel, { key: 'k' })
    expect(screen.getByText('stopped')).toBeTruthy()
    fireEvent.keyDown(panel, { key: ' ' })
    expect(screen.getByText('1×')).toBeTruthy()
  })
})

describe('timeline edits', () => {
  it('speeds J and L up each press, to 8×, and turns at once', () => {
    expect([1, 2, 3, 4, 5].reduce((speed) => shuttleSpeed(speed, 'l'), 0)).toBe(8)
    expect(shuttleSpeed(4, 'j')).toBe(-1)
    expect(shuttleSpeed(-2, 'j')).toBe(-4)
    expect(shuttleSpeed(-2, 'k')).toBe(0)
  })

  it('moves a clip to either end and leaves an out point at the clip’s end empty', () => {
    const entries = [{ inS: 0 }, { inS: 0 }, { inS: 0 }]
    expect(moveClip(entries, 2, 0).map((entry) => entry.place)).toEqual([1, 2, 0])
    expect(moveClip(entries, 0, 5).map((entry) => entry.place)).toEqual([2, 0, 1])
    expect(setOut(entries, 1, { fps: 24, frameCount: 24 }, 1.001)).toEqual(entries)
    expect(setOut(entries, 1, { fps: 24, frameCount: 24 }, 0.51)[1]).toEqual({ inS: 0, outS: 0.5 })
  })
})
