// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import imageInput from '../../nodes/image-input/node'
import takePicker from '../../nodes/take-picker/node'
import { TemplateForm } from '../../src/editor/template-form/TemplateForm'
import { EditorProvider } from '../../src/editor/state/EditorProvider'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { defineNode, NodeRegistry, port } from '../../src/engine'
import type { ExposedParam, PipelineDoc } from '../../src/graph'
import { doc, link, node } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'
import { storeMediaUnderJsdom } from './jsdom-media'

/** A still made into a film and its sound, as an export and a mix leave them: delivered files. */
const deliver = defineNode({
  type: 'deliver',
  version: 1,
  title: 'Deliver',
  category: 'Outputs',
  inputs: { image: port.image() },
  outputs: { file: port.file(), sound: port.audio() },
  params: z.object({}),
  async run({ ctx }) {
    const film = await ctx.assets.put(new Blob(['film'], { type: 'video/mp4' }), { kind: 'file', meta: { name: 'film.mp4' } })
    const sound = await ctx.assets.put(new Blob(['sound'], { type: 'audio/wav' }), { kind: 'audio', meta: { name: 'line.wav', durationS: 1 } })
    return { file: film, sound }
  },
})

/** Three takes in the store, as a generator leaves them. */
const takes = defineNode({
  type: 'three-takes',
  version: 1,
  title: 'Takes',
  category: 'Generation',
  inputs: {},
  outputs: { takes: port.list('video') },
  params: z.object({}),
  async run({ ctx }) {
    const made = [1, 2, 3].map((take) => ctx.assets.put(new Blob([`take ${take}`], { type: 'video/mp4' }), { kind: 'video', meta: { name: `take-${take}.mp4`, durationS: 2 } }))
    return { takes: await Promise.all(made) }
  },
})

const registry = new NodeRegistry([imageInput, deliver, takes, takePicker])
const open: EditorStore[] = []

afterEach(() => {
  cleanup()
  for (const store of open.splice(0)) store.close()
})

storeMediaUnderJsdom()

function simpleView(pipeline: PipelineDoc) {
  const storage = freshStorage()
  const store = createEditorStore({ storage, registry }, pipeline)
  open.push(store)
  render(
    <EditorProvider value={{ store, storage, registry }}>
      <TemplateForm />
    </EditorProvider>,
  )
  return { store, user: userEvent.setup() }
}

const still: ExposedParam = { node: 'still', param: 'file', label: 'Reference still' }
const fromStill = (exposed: ExposedParam[] = [still]) =>
  ({ ...doc([node('still', 'image-input'), node('out', 'deliver')], [link('still.image', 'out.image')]), exposed }) satisfies PipelineDoc

/** A template input's field, with the mark a run leaves on it. */
function inputField(label: string): HTMLElement {
  const field = document.querySelector<HTMLElement>(`[data-input="${label}"]`)
  if (!field) throw new Error(`no template input “${label}”`)
  return field
}

const nextStep = () => screen.getByRole('status', { name: 'What to do next' }).textContent

describe('the simple view', () => {
  it('says which file to add before a run, and marks the empty field with why the run stopped there', async () => {
    const { store } = simpleView(fromStill())
    expect(nextStep()).toBe('Add “Reference still”, then press Run.')
    expect(screen.queryByRole('alert')).toBeNull()

    await store.getState().startRun()
    await waitFor(() => expect(inputField('Reference still').getAttribute('data-problem')).toBe('true'))
    const field = inputField('Reference still')
    expect(within(field).getByRole('alert').textContent).toBe('The run needs a file here: add it, then press Run.')
    expect(nextStep()).toBe('Fill in the marked field, then press Run again.')
  })

  it('plays its results where they are: the exported film in a player with its download, a sound with its play button', async () => {
    const stored = freshStorage()
    const image = await stored.assets.put(new Blob(['png'], { type: 'image/png' }), { kind: 'image', meta: { name: 'still.png', width: 64, height: 36 } })
    const pipeline = fromStill()
    pipeline.nodes[0] = node('still', 'image-input', { file: image })
    const store = createEditorStore({ storage: stored, registry }, pipeline)
    open.push(store)
    // The store's check of a read row knows jsdom's Blob, not Node's that stored it (jsdom-media.ts): reads give the bytes as they are.
    vi.spyOn(stored.assets, 'get').mockImplementation(async () => new Blob(['bytes']))
    render(
      <EditorProvider value={{ store, storage: stored, registry }}>
        <TemplateForm />
      </EditorProvider>,
    )
    expect(nextStep()).toBe('Press Run above to make it.')
    await store.getState().startRun()
    const result = within(screen.getByRole('region', { name: 'Results' }))
    const film = await result.findByLabelText('Play Test — Deliver.mp4')
    expect(film.tagName).toBe('VIDEO')
    expect(film.hasAttribute('controls')).toBe(true)
    expect(result.getByRole('link', { name: 'Download Test — Deliver.mp4' })).toBeTruthy()
    await waitFor(() => expect(result.getByRole('button', { name: 'Play line.wav' })).toBeTruthy())
    expect(inputField('Reference still').getAttribute('data-problem')).toBeNull()
    expect(nextStep()).toBe('Done. Change an input and press Run: only what the change touches is made again.')
  })

  it('offers the takes to choose from once they are made, and a take chosen there is the picker’s', async () => {
    const { store, user } = simpleView({ ...doc([node('takes', 'three-takes'), node('pick', 'take-picker')], [link('takes.takes', 'pick.takes')]), exposed: [] })
    await store.getState().startRun()
    await waitFor(() => expect(nextStep()).toBe('Choose a take below, then press Run again: the one you chose goes on to the end.'))
    const takesSection = within(screen.getByRole('region', { name: 'Takes' }))
    await user.click(takesSection.getByRole('button', { name: 'Choose take 2' }))
    expect(store.getState().doc.nodes.find((candidate) => candidate.id === 'pick')?.params.selected).toEqual([1])
    await store.getState().startRun()
    await waitFor(() => expect(nextStep()).toBe('Done. To use another take, choose it below and press Run again: only what follows the choice is made again.'))
  })
})
