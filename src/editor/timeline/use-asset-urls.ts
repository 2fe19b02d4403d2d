import { useEffect, useState } from 'react'
import { useEditorContext } from '../state/use-editor-context'

/**
 * Object URLs for stored assets by hash, for a player that moves between several files (the clips
 * under the playhead); each is revoked when its hash leaves the list or the panel goes away.
 */
export function useAssetUrls(hashes: readonly string[]): ReadonlyMap<string, string> {
  const { storage } = useEditorContext()
  const [urls, setUrls] = useState<ReadonlyMap<string, string>>(new Map())
  const key = [...new Set(hashes)].sort().join(' ')
  useEffect(() => {
    const wanted = key === '' ? [] : key.split(' ')
    const made: string[] = []
    let cancelled = false
    // A clip missing from the store has no URL: the player shows nothing for it.
    void Promise.allSettled(
      wanted.map(async (hash) => {
        const url = URL.createObjectURL(await storage.assets.get(hash))
        made.push(url)
        return [hash, url] as const
      }),
    ).then((settled) => {
      if (!cancelled) setUrls(new Map(settled.flatMap((entry) => (entry.status === 'fulfilled' ? [entry.value] : []))))
    })
    return () => {
      cancelled = true
      for (const url of made) URL.revokeObjectURL(url)
    }
  }, [key, storage])
  return urls
}
