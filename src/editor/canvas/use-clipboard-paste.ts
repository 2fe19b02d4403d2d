import { useEffect } from 'react'
import { firstImage } from '../../app/media-files'
import { useEditorContext } from '../../app/store/use-editor-context'
import { refusedCopyText } from '../clipboard/clipboard-text'
import { pasteText } from '../clipboard/fragment-clipboard'
import { placeImage } from './place-image'
import { useNewNodeSpot } from './use-new-node-spot'

/**
 * Ctrl/⌘+V on the canvas. The browser's paste event carries the clipboard without asking for
 * permission: an image on it becomes an image node, text is read as copied nodes; both land under
 * the pointer when it is over the canvas (else the image near the middle of the view, the nodes
 * beside their originals).
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
      const image = firstImage(event.clipboardData?.files ?? [])
      if (image) {
        void placeImage(editor, image, { position: pointer ?? newNodeSpot() })
        return
      }
      pasteText(editor, refusedCopyText() ?? event.clipboardData?.getData('text/plain') ?? '', pointer)
    }
    window.addEventListener('paste', onPaste)
    return () => window.removeEventListener('paste', onPaste)
  }, [editor, newNodeSpot])
}
