import type { XYPosition } from '@xyflow/react'
import type { EditorContextValue } from '../../app/store/context'
import { storeMediaFile } from '../../app/media-files'
import { reportFailure } from './report-failure'

export type ImagePlace = { nodeId: string } | { position: XYPosition }

/**
 * Brings an image file into the pipeline: into an existing image node (replacing its file), or as
 * a new image node at `position`, selected so the inspector shows it.
 */
export async function placeImage(editor: EditorContextValue, file: File, place: ImagePlace): Promise<void> {
  try {
    const ref = await storeMediaFile(editor.storage.assets, file, 'image', file.name || 'pasted image')
    const state = editor.store.getState()
    if ('nodeId' in place) {
      state.setParam(place.nodeId, 'file', ref)
      state.selectOnly(place.nodeId)
      return
    }
    state.selectOnly(state.addNode('image-input', place.position, { file: ref }))
  } catch (error) {
    reportFailure(editor, error)
  }
}
