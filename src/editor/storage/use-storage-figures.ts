import { useEffect, useState } from 'react'
import { pinnedMedia, storageBreakdown, type PinnedMedium, type StorageBreakdown } from '../../storage'
import { useEditorContext } from '../state/use-editor-context'

/** What the browser says about its storage for this site; absent where it does not say. */
export interface BrowserQuota {
  usage?: number
  quota?: number
  /** Whether the browser has promised not to clear the storage on its own. */
  persisted?: boolean
}

export interface StorageFigures {
  breakdown: StorageBreakdown
  browser: BrowserQuota
  budgetBytes: number
  pinned: PinnedMedium[]
}

/** The storage manager's numbers, read again whenever `version` changes (after each action). */
export function useStorageFigures(version: number): { figures?: StorageFigures; error?: string } {
  const { storage } = useEditorContext()
  const [read, setRead] = useState<{ figures?: StorageFigures; error?: string }>({})
  useEffect(() => {
    let cancelled = false
    const figures = async (): Promise<StorageFigures> => {
      // Pending result writes land first, so the figures include the run that just ended.
      await storage.results.flush()
      const [breakdown, browser, settings, pinned] = await Promise.all([
        storageBreakdown(storage.db),
        browserQuota(),
        storage.settings.get(),
        pinnedMedia(storage.db),
      ])
      return { breakdown, browser, budgetBytes: settings.cacheBudgetBytes, pinned }
    }
    figures().then(
      (read) => !cancelled && setRead({ figures: read }),
      (error: unknown) => !cancelled && setRead({ error: error instanceof Error ? error.message : String(error) }),
    )
    return () => {
      cancelled = true
    }
  }, [storage, version])
  return read
}

async function browserQuota(): Promise<BrowserQuota> {
  const manager = typeof navigator === 'undefined' ? undefined : navigator.storage
  if (!manager) return {}
  const [estimate, persisted] = await Promise.all([manager.estimate(), manager.persisted()])
  return { usage: estimate.usage, quota: estimate.quota, persisted }
}
