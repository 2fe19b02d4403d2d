/**
 * A mix's `tracks` follow the links into it: a row per linked sound, in link order, added and
 * removed with its link in the same undo step.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { NodeRegistry } from '../../src/engine'
import audioInput from '../../nodes/audio-input/node'
import mix from '../../nodes/mix/node'
import { doc, link, node } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'

const open: EditorStore[] = []
afterEach(() => {
  for (const store of open.splice(0)) store.close()
})

/** Three sounds, the first two linked into the mix with settings of their own. */
function editor(): EditorStore {
  const store = createEditorStore(
    { storage: freshStorage(), registry: new NodeRegistry([audioInput, mix]) },
    doc(
      [
        node('voice', 'audio-input'),
        node('score', 'audio-input'),
        node('rain', 'audio-input'),
        node('mix', 'mix', { tracks: [{ role: 'dialogue' }, { role: 'score', gainDb: -6 }] }),
      ],
      [link('voice.audio', 'mix.tracks', 'l-voice'), link('score.audio', 'mix.tracks', 'l-score')],
    ),
  )
  open.push(store)
  return store
}

const tracks = (store: EditorStore) => store.getState().doc.nodes.find((candidate) => candidate.id === 'mix')?.params.tracks
const linkInto = (store: EditorStore, from: string) =>
  store.getState().connect({ from: { node: from, port: 'audio' }, to: { node: 'mix', port: 'tracks' } })

describe('mix tracks follow the links', () => {
  it('adds a row with the defaults for a new link, after the others', () => {
    const store = editor()
    linkInto(store, 'rain')
    expect(tracks(store)).toEqual([{ role: 'dialogue' }, { role: 'score', gainDb: -6 }, mix.params.shape.tracks.parse([{}])[0]])
  })

  it('removes the row of a removed link and keeps the others on their own links', () => {
    const store = editor()
    store.getState().deleteItems([], ['l-voice'])
    expect(tracks(store)).toEqual([{ role: 'score', gainDb: -6 }])
    store.getState().deleteItems(['score'], [])
    expect(tracks(store)).toEqual([])
  })

  it('takes a link and its row back in one undo, and brings both again in one redo', () => {
    const store = editor()
    store.getState().deleteItems([], ['l-voice'])
    store.getState().undo()
    expect(tracks(store)).toEqual([{ role: 'dialogue' }, { role: 'score', gainDb: -6 }])
    expect(store.getState().doc.edges.map((edge) => edge.id)).toEqual(['l-voice', 'l-score'])
    linkInto(store, 'rain')
    store.getState().undo()
    expect(tracks(store)).toHaveLength(2)
    store.getState().redo()
    expect(tracks(store)).toHaveLength(3)
    expect(store.getState().doc.edges).toHaveLength(3)
  })

  it('gives a new link a row written ahead for it before adding one', () => {
    const store = editor()
    store.getState().setParam('mix', 'tracks', [{ role: 'dialogue' }, { role: 'score', gainDb: -6 }, { role: 'ambience', loop: true }])
    linkInto(store, 'rain')
    expect(tracks(store)).toEqual([{ role: 'dialogue' }, { role: 'score', gainDb: -6 }, { role: 'ambience', loop: true }])
  })

  it('leaves the rows alone when a link elsewhere changes', () => {
    const store = editor()
    const before = tracks(store)
    store.getState().deleteItems(['rain'], [])
    expect(tracks(store)).toBe(before)
  })
})
