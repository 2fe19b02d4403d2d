import { createContext, useEffect, useMemo, useState } from 'react'
import { mediaHeldByNodes, notStored, type AbsentMedia } from '../../document/absent-media'
import type { PipelineDoc } from '../../graph'
import { useEditorContext } from '../state/use-editor-context'

/** The open level's files that are not stored here, for its nodes to say so. */
export const AbsentMediaContext = createContext<readonly AbsentMedia[]>([])

/**
 * The stills, clips and sounds `doc`'s nodes hold that this browser does not have (undefined while
 * looking), looked up again when the document holds other files or when any file is stored.
 */
export function useAbsentMedia(doc: PipelineDoc | undefined): AbsentMedia[] | undefined {
  const { storage } = useEditorContext()
  // Keyed by the files and the nodes holding them, so a drag or a rename looks nothing up.
  const heldKey = useMemo(() => (doc ? JSON.stringify([...mediaHeldByNodes(doc).values()]) : undefined), [doc])
  const [found, setFound] = useState<{ key: string; media: AbsentMedia[] }>()
  useEffect(() => {
    if (heldKey === undefined) return
    const held = JSON.parse(heldKey) as AbsentMedia[]
    let cancelled = false
    const check = () =>
      void notStored(held, (hash) => storage.assets.has(hash)).then((media) => {
        if (!cancelled) setFound({ key: heldKey, media })
      })
    check()
    // Only a file this document lacks arriving changes the answer.
    const stopListening = storage.assets.onStored((hash) => held.some((file) => file.hash === hash) && check())
    return () => {
      cancelled = true
      stopListening()
    }
  }, [heldKey, storage])
  return found && found.key === heldKey ? found.media : undefined
}
