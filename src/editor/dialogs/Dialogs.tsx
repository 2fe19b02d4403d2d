import { useEditorStore } from '../../app/store/use-editor-store'
import { ImportDialog } from './ImportDialog'
import { PipelinesDialog } from './PipelinesDialog'

/** The dialog that is open, if any. */
export function Dialogs() {
  const dialog = useEditorStore((state) => state.dialog)
  if (dialog === 'pipelines') return <PipelinesDialog />
  if (dialog === 'import') return <ImportDialog />
  return null
}
