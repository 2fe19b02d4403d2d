import { useCallback } from 'react'
import type { AssetKind, AssetRef } from '../../engine'
import { storeMediaFile } from '../../app/media-files'
import { useEditorContext } from '../../app/store/use-editor-context'

/**
 * Stores a file the person brought to a node (dropped, uploaded) as the inspector's file fields do:
 * pinned, named after the file. Rejects with a message a person can read.
 */
export function useFileStore(): (file: File, kind: AssetKind) => Promise<AssetRef> {
  const { storage } = useEditorContext()
  return useCallback((file, kind) => storeMediaFile(storage.assets, file, kind, file.name), [storage])
}
