import { useCallback } from 'react'
import type { AssetRef } from '../../engine'
import { storeMediaFile } from '../../app/media-files'
import { useEditorContext } from '../../app/store/use-editor-context'

export interface StoredImages {
  stored: AssetRef[]
  /** One sentence per file that could not be stored, naming it; the others are stored all the same. */
  problems: string[]
}

/**
 * Stores image files a person chose or dropped on a node, pinned as the inspector's file field
 * stores them. Files that are not images, or that the browser cannot open, are refused by name.
 */
export function useStoreImages(): (files: readonly File[]) => Promise<StoredImages> {
  const { storage } = useEditorContext()
  return useCallback(
    async (files) => {
      const result: StoredImages = { stored: [], problems: [] }
      for (const file of files) {
        if (!file.type.startsWith('image/')) {
          result.problems.push(`“${file.name}” is not an image; use PNG, JPEG or WebP.`)
          continue
        }
        try {
          result.stored.push(await storeMediaFile(storage.assets, file, 'image', file.name))
        } catch (error) {
          result.problems.push(error instanceof Error ? error.message : String(error))
        }
      }
      return result
    },
    [storage],
  )
}
