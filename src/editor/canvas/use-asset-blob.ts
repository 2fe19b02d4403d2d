import { useEffect, useState } from 'react'
import type { AssetRef } from '../../engine'
import { useEditorContext } from '../../app/store/use-editor-context'

export type AssetBlob = { blob?: Blob; error?: string }

/** A stored asset's bytes, for a panel that reads into them (a clip's poster frame, say). */
export function useAssetBlob(ref: AssetRef | undefined): AssetBlob {
  const { storage } = useEditorContext()
  const hash = ref?.hash
  const [loaded, setLoaded] = useState<AssetBlob & { hash?: string }>({})
  useEffect(() => {
    if (hash === undefined) return
    let cancelled = false
    storage.assets.get(hash).then(
      (blob) => {
        if (!cancelled) setLoaded({ hash, blob })
      },
      (error: unknown) => {
        if (!cancelled) setLoaded({ hash, error: error instanceof Error ? error.message : String(error) })
      },
    )
    return () => {
      cancelled = true
    }
  }, [hash, storage])
  // Until the new asset is read, nothing rather than the previous one.
  return loaded.hash === hash ? loaded : {}
}
