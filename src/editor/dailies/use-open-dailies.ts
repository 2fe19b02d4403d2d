import { useCallback } from 'react'
import { openDailiesAction } from '../actions/open-dailies'
import { useEditorContext } from '../state/use-editor-context'

/** Opens the Dailies under the canvas, as the search palette's "Dailies" does. */
export function useOpenDailies(): () => void {
  const editor = useEditorContext()
  return useCallback(() => openDailiesAction.perform(editor), [editor])
}
