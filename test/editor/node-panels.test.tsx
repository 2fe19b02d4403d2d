// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ComponentType } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import audioInput from '../../nodes/audio-input/node'
import mix from '../../nodes/mix/node'
import MixPanel from '../../nodes/mix/panel'
import takePicker from '../../nodes/take-picker/node'
import TakePickerPanel from '../../nodes/take-picker/panel'
import { EditorProvider } from '../../src/editor/state/EditorProvider'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { useEditorStore } from '../../src/editor/state/use-editor-store'
import type { NodePanelProps } from '../../src/editor/panel-kit'
import { defineNode, NodeRegistry, port } from '../../src/engine'
import type { PipelineDoc } from '../../src/graph'
import type { Storage } from '../../src/storage'
import { doc, filmNodes, link, node } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'
import { storeMediaUnderJsdom } from './jsdom-media'

/** Takes as a video generator leaves them: distinct clips in the store, one list out. */
const storedTakes = defineNode({
  type: 'stored-takes',
  version: 1,
  title: 'Takes',
  category: 'Test',
  inputs: {},
  outputs: { takes: port.list('video') },
  params: z.object({ count: z.number().int().min(1).default(3) }),
  async run({ params, ctx }) {
    const takes = []
    for (let take = 0; take < params.count; take++) {
      takes.push(await ctx.assets.put(new Blob([`take ${take}`], { type: 'video/mp4' }), { kind: 'video', meta: { name: `take-${take}.mp4`, durationS: 4 + take } }))
    }
    return { takes }
  },
})

/** Three shots' names, and two stored takes of the shot it is given: for a picker that runs once per shot. */
const [shotNames, takesOfShot] = filmNodes()

const registry = new NodeRegistry([storedTakes, shotNames, takesOfShot, takePicker, audioInput, mix])
const open: EditorStore[] = []

afterEach(() => {
  cleanup()
  for (const store of open.splice(0)) store.close()
})

storeMediaUnderJsdom()

function editor(pipeline: PipelineDoc, storage: Storage = freshStorage()) {
  const store = createEditorStore({ storage, registry }, pipeline)
  open.push(store)
  return { store, storage }
}

/** A node's panel as its node body shows it: params and run read from the store on each change. */
function renderPanel(store: EditorStore, storage: Storage, nodeId: string, Panel: ComponentType<NodePanelProps>) {
  function OnNode() {
    const current = useEditorStore((state) => state.doc.nodes.find((candidate) => candidate.id === nodeId))
    const run = useEditorStore((state) => state.nodeRuns[nodeId])
    const definition = current && registry.get(current.type)
    if (!current || !definition) throw new Error(`no node ${nodeId}`)
    return <Panel nodeId={nodeId} params={current.params} definition={definition} run={run} />
  }
  render(
    <EditorProvider value={{ store, storage, registry }}>
      <OnNode />
    </EditorProvider>,
  )
  return userEvent.setup()
}

function paramsOf(store: EditorStore, nodeId: string): Readonly<Record<string, unknown>> | undefined {
  return store.getState().doc.nodes.find((candidate) => candidate.id === nodeId)?.params
}

describe('the take picker’s panel', () => {
  const shot = () => doc([node('takes', 'stored-takes', { count: 3 }), node('pick', 'take-picker')], [link('takes.takes', 'pick.takes')])

  it('asks for a run before there are takes to pick from', () => {
    const { store, storage } = editor(shot())
    renderPanel(store, storage, 'pick', TakePickerPanel)
    expect(screen.getByText('Run the pipeline: the takes appear here to pick from.')).toBeTruthy()
    expect(screen.queryByRole('list', { name: 'Takes' })).toBeNull()
  })

  it('shows the run’s takes, and choosing, rejecting, rating and noting one is written to the node', async () => {
    const { store, storage } = editor(shot())
    await store.getState().startRun()
    const user = renderPanel(store, storage, 'pick', TakePickerPanel)

    const grid = screen.getByRole('list', { name: 'Takes' })
    expect(within(grid).getAllByRole('listitem').map((card) => card.getAttribute('aria-label'))).toEqual(['Take 1', 'Take 2', 'Take 3'])
    expect(within(grid).getByText('5.0 s')).toBeTruthy()
    expect(screen.getByText(/3 takes · none chosen yet/)).toBeTruthy()

    await user.click(screen.getByRole('button', { name: 'Choose take 2' }))
    expect(paramsOf(store, 'pick')?.selected).toEqual([1])
    expect(screen.getByRole('button', { name: 'Choose take 2' }).getAttribute('aria-pressed')).toBe('true')
    expect(screen.getByRole('listitem', { name: 'Take 2' }).getAttribute('data-take-state')).toBe('chosen')
    expect(screen.getByText(/3 takes · 1 chosen/)).toBeTruthy()

    await user.click(screen.getByRole('button', { name: 'Reject take 3' }))
    await user.click(within(screen.getByRole('group', { name: 'Rating of take 1' })).getByRole('button', { name: '4 of 5' }))
    await user.type(screen.getByLabelText('Note on take 1'), 'hands')
    expect(paramsOf(store, 'pick')?.reviews).toEqual({ '0': { rating: 4, note: 'hands' }, '2': { rejected: true } })
    expect(screen.getByText(/1 chosen · 1 rejected/)).toBeTruthy()
    expect(screen.getByLabelText('Note on take 1')).toHaveProperty('value', 'hands')

    // Choosing it again takes the choice back.
    await user.click(screen.getByRole('button', { name: 'Choose take 2' }))
    expect(paramsOf(store, 'pick')?.selected).toEqual([])
  })

  it('run per shot, shows one shot’s takes at a time, chosen from a list of the shots, and a choice there is that shot’s own', async () => {
    const { store, storage } = editor(
      doc([node('shots', 'shots'), node('takes', 'two-takes'), node('pick', 'take-picker', { selected: [0] })], [link('shots.shots', 'takes.shot'), link('takes.takes', 'pick.takes')]),
    )
    await store.getState().startRun()
    const user = renderPanel(store, storage, 'pick', TakePickerPanel)
    const chooser = screen.getByLabelText('Shot')
    expect(within(chooser).getAllByRole('option').map((option) => option.textContent)).toEqual(['1 · no choice of its own', '2 · no choice of its own', '3 · no choice of its own'])
    expect(screen.getByText('Shot 1 uses the node’s take 1.')).toBeTruthy()
    expect(within(screen.getByRole('list', { name: 'Takes' })).getAllByRole('listitem')).toHaveLength(2)

    await user.selectOptions(chooser, '2')
    await user.click(screen.getByRole('button', { name: 'Choose take 2' }))
    expect(paramsOf(store, 'pick')).toEqual({ selected: [0], byItem: { 2: { selected: [1], reviews: {} } } })
    expect(within(chooser).getAllByRole('option').map((option) => option.textContent)).toEqual(['1 · no choice of its own', '2 · take 2', '3 · no choice of its own'])
    // Shot 2 alone is out of date: its grid dims, shot 1's does not.
    expect(screen.getByRole('list', { name: 'Takes' }).className).toContain('take-grid--stale')
    await user.selectOptions(chooser, '1')
    expect(screen.getByRole('list', { name: 'Takes' }).className).not.toContain('take-grid--stale')
    expect(screen.getByRole('button', { name: 'Choose take 1' }).getAttribute('aria-pressed')).toBe('true')
  })

  it('shows a choice undone in the editor as undone', async () => {
    const { store, storage } = editor(shot())
    await store.getState().startRun()
    const user = renderPanel(store, storage, 'pick', TakePickerPanel)
    await user.click(screen.getByRole('button', { name: 'Choose take 1' }))
    expect(screen.getByRole('listitem', { name: 'Take 1' }).getAttribute('data-take-state')).toBe('chosen')
    act(() => store.getState().undo())
    expect(screen.getByRole('listitem', { name: 'Take 1' }).getAttribute('data-take-state')).toBe('open')
  })
})

describe('the mix’s panel', () => {
  const scene = (tracks: unknown[]) =>
    doc(
      [node('line', 'audio-input', {}, { label: 'Line' }), node('score', 'audio-input', {}, { label: 'Score' }), node('mix', 'mix', { tracks })],
      [link('line.audio', 'mix.tracks'), link('score.audio', 'mix.tracks')],
    )

  it('asks for sounds while nothing is linked into its tracks', () => {
    const { store, storage } = editor(doc([node('mix', 'mix')]))
    renderPanel(store, storage, 'mix', MixPanel)
    expect(screen.getByText('Link sounds into Tracks')).toBeTruthy()
    expect(screen.queryByRole('list', { name: 'Tracks' })).toBeNull()
  })

  it('lists the linked tracks in link order with their role and level, and follows a change to a track', () => {
    const { store, storage } = editor(scene([{ role: 'dialogue' }, { role: 'score', gainDb: -6 }]))
    renderPanel(store, storage, 'mix', MixPanel)
    const rows = within(screen.getByRole('list', { name: 'Tracks' })).getAllByRole('listitem')
    expect(rows.map((row) => row.textContent)).toEqual(['Linedialogue · 0 dB', 'Scorescore · −6 dB'])
    expect(screen.getByText('Run to hear the mix')).toBeTruthy()

    act(() => store.getState().setParam('mix', 'tracks', [{ role: 'dialogue', gainDb: 3, mute: true }, { role: 'score', gainDb: -6 }]))
    const changed = within(screen.getByRole('list', { name: 'Tracks' })).getAllByRole('listitem')
    expect(changed[0]?.textContent).toBe('Linedialogue · +3 dB')
    expect(changed[0]?.className).toBe('mix-tracks__muted')
    expect(changed[1]?.className).toBe('')
  })

  it('says so when a track’s settings are not valid, instead of showing them', () => {
    const { store, storage } = editor(scene([{ role: 'dialogue' }, { role: 'kazoo' }]))
    renderPanel(store, storage, 'mix', MixPanel)
    const rows = within(screen.getByRole('list', { name: 'Tracks' })).getAllByRole('listitem')
    expect(rows[1]?.textContent).toBe('Scorebad settings')
  })
})
