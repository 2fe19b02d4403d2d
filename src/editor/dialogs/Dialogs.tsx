import { useEditorStore } from '../state/use-editor-store'
import { ConfirmCostDialog } from './ConfirmCostDialog'
import { HistoryDialog } from './HistoryDialog'
import { ImportDialog } from './ImportDialog'
import { PipelinesDialog } from './PipelinesDialog'
import { ProviderKeysDialog } from './ProviderKeysDialog'
import { SharedPipelineDialog } from './SharedPipelineDialog'
import { ShortcutsDialog } from './ShortcutsDialog'
import { TemplatesDialog } from './TemplatesDialog'
import { StorageDialog } from '../storage/StorageDialog'
import { SearchPalette } from '../search-palette/SearchPalette'
import { LinkFromDialog } from '../link-from/LinkFromDialog'
import { BudgetDialog } from '../run-bar/BudgetDialog'

/**
 * The dialog that is open, if any. A pipeline arriving by link comes first: the person opened the link
 * for it; then a run waiting for a yes to its cost.
 */
export function Dialogs() {
  const dialog = useEditorStore((state) => state.dialog)
  const shared = useEditorStore((state) => state.sharedPipeline)
  const cost = useEditorStore((state) => state.costToConfirm)
  if (shared) return <SharedPipelineDialog shared={shared} />
  if (cost) return <ConfirmCostDialog cost={cost} />
  if (dialog === 'pipelines') return <PipelinesDialog />
  if (dialog === 'import') return <ImportDialog />
  if (dialog === 'shortcuts') return <ShortcutsDialog />
  if (dialog === 'provider-keys') return <ProviderKeysDialog />
  if (dialog === 'templates') return <TemplatesDialog />
  if (dialog === 'history') return <HistoryDialog />
  if (dialog === 'storage') return <StorageDialog />
  if (dialog === 'search') return <SearchPalette />
  if (dialog === 'link-from') return <LinkFromDialog />
  if (dialog === 'budget') return <BudgetDialog />
  return null
}
