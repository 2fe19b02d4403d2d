import { useEffect } from 'react'
import { firstImage } from '../../document/media-files'
import { useEditorContext } from '../state/use-editor-context'
import { ownCopyText } from '../clipboard/clipboard-text'
import { pasteText } from '../clipboard/fragment-clipboard'
import { importFile, isPipelineFile, isPipelineText } from '../dialogs/import-file'
import { placeImage } from './place-image'
import { useNewNodeSpot } from './use-new-node-spot'

/**
 * Ctrl/⌘+V on the canvas. The browser's paste event carries the clipboard without asking for
 * permission: an image on it becomes an image node, a pipeline file, bundle or document text opens as
 * a new pipeline, other text is read as copied nodes; images and nodes land under the pointer when it
 * is over the canvas (else the image near the middle of the view, the nodes beside their originals).
 */
export function useClipboardPaste(): void {
  const editor = useEditorContext()
  const newNodeSpot = useNewNodeSpot()
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target
      // Pasting into a field is typing, not bringing in media or nodes.
      if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return
      if (editor.store.getState().dialog !== null) return
      event.preventDefault()
      const pointer = editor.store.getState().canvasSpots?.pointer()
      const files = [...(event.clipboardData?.files ?? [])]
      const image = firstImage(files)
      if (image) {
        void placeImage(editor, image, { position: pointer ?? newNodeSpot() })
        return
      }
      const pipelineFile = files.find(isPipelineFile)
      if (pipelineFile) {
        void importFile(editor, pipelineFile)
        return
      }
      const text = ownCopyText() ?? event.clipboardData?.getData('text/plain') ?? ''
      if (isPipelineText(text)) void importFile(editor, new File([text], 'pasted pipeline.json', { type: 'application/json' }))
      else pasteText(editor, text, pointer)
    }
    window.addEventListener('paste', onPaste)
    return () => window.removeEventListener('paste', onPaste)
  }, [editor, newNodeSpot])
}
