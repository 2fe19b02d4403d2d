import { useEffect, useState } from 'react'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'

/**
 * What the open pipeline's runs have spent so far, in US dollars, from the jobs ledger (each job its
 * provider accepted, at its price); read again after each run. Undefined until it is read.
 */
export function usePipelineSpent(): number | undefined {
  const { storage } = useEditorContext()
  const pipelineId = useEditorStore((state) => state.doc.id)
  const runsRecorded = useEditorStore((state) => state.runsRecorded)
  const [read, setRead] = useState<{ pipelineId: string; spentUsd: number }>()
  useEffect(() => {
    let current = true
    storage.jobs.spentUsd(pipelineId).then(
      (spentUsd) => current && setRead({ pipelineId, spentUsd }),
      () => {},
    )
    return () => {
      current = false
    }
  }, [storage, pipelineId, runsRecorded])
  return read?.pipelineId === pipelineId ? read.spentUsd : undefined
}
