import { useEffect, useState } from 'react'
import type { AssetRef } from '../../engine'
import { useEditorContext } from '../state/use-editor-context'

export type AssetUrl = { url?: string; error?: string }

/** An object URL for a stored asset, revoked when the asset changes or the component goes away. */
export function useAssetUrl(ref: AssetRef | undefined): AssetUrl {
  const { storage } = useEditorContext()
  const hash = ref?.hash
  const [loaded, setLoaded] = useState<AssetUrl & { hash?: string }>({})
  useEffect(() => {
    if (hash === undefined) return
    let url: string | undefined
    let cancelled = false
    storage.assets.get(hash).then(
      (blob) => {
        if (cancelled) return
        url = URL.createObjectURL(blob)
        setLoaded({ hash, url })
      },
      (error: unknown) => {
        if (!cancelled) setLoaded({ hash, error: error instanceof Error ? error.message : String(error) })
      },
    )
    return () => {
      cancelled = true
      if (url) URL.revokeObjectURL(url)
    }
  }, [hash, storage])
  // Until the new asset is read, show nothing rather than the previous one.
  return loaded.hash === hash ? loaded : {}
}
