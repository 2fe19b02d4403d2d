import type { XYPosition } from '@xyflow/react'
import type { EditorContextValue } from '../state/context'
import { storeMediaFile } from '../../document/media-files'
import { reportFailure } from './report-failure'

export type ImagePlace = { nodeId: string } | { position: XYPosition }

/** The input node each kind of dropped file becomes. */
const INPUT_NODE_TYPES = { image: 'image-input', video: 'video-input', audio: 'audio-input' } as const

/**
 * Brings an image file into the pipeline: into an existing image node (replacing its file), or as
 * a new image node at `position`, selected so the inspector shows it.
 */
export function placeImage(editor: EditorContextValue, file: File, place: ImagePlace): Promise<void> {
  return placeMedia(editor, file, 'image', place)
}

/** The same for a clip and the clip node (`video-input`). */
export function placeClip(editor: EditorContextValue, file: File, place: ImagePlace): Promise<void> {
  return placeMedia(editor, file, 'video', place)
}

/** The same for a sound and the sound node (`audio-input`). */
export function placeSound(editor: EditorContextValue, file: File, place: ImagePlace): Promise<void> {
  return placeMedia(editor, file, 'audio', place)
}

const PASTED_NAMES = { image: 'pasted image', video: 'pasted clip', audio: 'pasted sound' } as const

async function placeMedia(editor: EditorContextValue, file: File, kind: keyof typeof INPUT_NODE_TYPES, place: ImagePlace): Promise<void> {
  try {
    const ref = await storeMediaFile(editor.storage.assets, file, kind, file.name || PASTED_NAMES[kind])
    const state = editor.store.getState()
    if ('nodeId' in place) {
      state.setParam(place.nodeId, 'file', ref)
      state.selectOnly(place.nodeId)
      return
    }
    state.selectOnly(state.addNode(INPUT_NODE_TYPES[kind], place.position, { file: ref }))
  } catch (error) {
    reportFailure(editor, error)
  }
}
