import { useEditorStore } from '../../app/store/use-editor-store'
import { ImportDialog } from './ImportDialog'
import { PipelinesDialog } from './PipelinesDialog'
import { ShortcutsDialog } from './ShortcutsDialog'

/** The dialog that is open, if any. */
export function Dialogs() {
  const dialog = useEditorStore((state) => state.dialog)
  if (dialog === 'pipelines') return <PipelinesDialog />
  if (dialog === 'import') return <ImportDialog />
  if (dialog === 'shortcuts') return <ShortcutsDialog />
  return null
}
