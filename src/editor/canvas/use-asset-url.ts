import { useEffect, useState } from 'react'
import { mediaHeldByNodes } from '../../document/absent-media'
import type { AssetRef } from '../../engine'
import type { PipelineDoc } from '../../graph'
import { useEditorContext } from '../state/use-editor-context'

export type AssetUrl = { url?: string; error?: string }

/**
 * An object URL for a stored asset, revoked when the asset changes or the component goes away. An
 * asset that is not stored is read again as soon as it is (a bundle imported, the file dropped), so
 * its message clears without a reload.
 */
export function useAssetUrl(ref: AssetRef | undefined): AssetUrl {
  const { storage, store } = useEditorContext()
  const hash = ref?.hash
  const name = ref?.meta.name
  const [loaded, setLoaded] = useState<AssetUrl & { hash?: string }>({})
  const [arrivals, setArrivals] = useState(0)
  useEffect(() => {
    if (hash === undefined) return
    let url: string | undefined
    let cancelled = false
    let stopListening: (() => void) | undefined
    storage.assets.get(hash).then(
      (blob) => {
        if (cancelled) return
        url = URL.createObjectURL(blob)
        setLoaded({ hash, url })
      },
      (error: unknown) => {
        if (cancelled) return
        // By name: the store's MissingAssetError (src/storage/assets.ts), without loading the storage module here.
        const missing = error instanceof Error && error.name === 'MissingAssetError'
        if (missing) stopListening = storage.assets.onStored((stored) => stored === hash && setArrivals((count) => count + 1))
        const message = missing ? missingMessage(store.getState().doc, hash, name) : undefined
        setLoaded({ hash, error: message ?? (error instanceof Error ? error.message : String(error)) })
      },
    )
    return () => {
      cancelled = true
      stopListening?.()
      if (url) URL.revokeObjectURL(url)
    }
  }, [hash, name, storage, store, arrivals])
  // Until the new asset is read, show nothing rather than the previous one.
  return loaded.hash === hash ? loaded : {}
}

/**
 * A file the open pipeline's own nodes hold (not a result) that is not here came with a document
 * that carries no media, and only its sender has it: the node says so in full, this says where.
 */
function missingMessage(doc: PipelineDoc, hash: string, name: string | undefined): string | undefined {
  if (!mediaHeldByNodes(doc).has(hash)) return undefined
  return `${name ? `“${name}”` : 'This file'} is not on this computer`
}
