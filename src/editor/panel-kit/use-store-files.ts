import { useCallback } from 'react'
import type { AssetKind, AssetRef } from '../../engine'
import { storeMediaFile } from '../../document/media-files'
import { useEditorContext } from '../state/use-editor-context'

/**
 * Stores files the person brought onto a node (browsed, dropped, pasted) as pinned assets, as the
 * inspector's file field does; a file that cannot be read is refused with its name.
 */
export function useStoreFiles(kind: AssetKind): (files: readonly File[]) => Promise<AssetRef[]> {
  const { storage } = useEditorContext()
  return useCallback(
    (files) => Promise.all(files.map((file) => storeMediaFile(storage.assets, file, kind, file.name || `pasted ${kind}`))),
    [storage, kind],
  )
}
