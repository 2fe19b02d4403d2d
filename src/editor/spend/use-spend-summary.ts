import { useEffect, useState } from 'react'
import { appRemoteAccess } from '../../providers/proxied-access'
import { spendSummary, unopenedSpendDeps, type SpendSummary } from '../../document/spend-summary'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import type { PipelineDoc } from '../../graph'

/**
 * What a run of `doc` (or of `target` and what feeds it) would spend, worked out as Run works it out:
 * the nodes' own estimates on the values the run would give them. `opened: false` for a document
 * not opened yet (a shared link): nothing of it is cached and its media are not read.
 */
export function useSpendSummary(doc: PipelineDoc, options: { target?: string; opened?: boolean } = {}): SpendSummary | undefined {
  const { storage, registry } = useEditorContext()
  const { target, opened = true } = options
  // Worked out again when what it reads may have changed without the document changing: after a
  // run (results cached) and when a dialog closes (keys entered, a ComfyUI workflow agreed to).
  const runsRecorded = useEditorStore((state) => state.runsRecorded)
  const dialog = useEditorStore((state) => state.dialog)
  const [summary, setSummary] = useState<{ doc: PipelineDoc; target?: string; summary: SpendSummary }>()
  useEffect(() => {
    let current = true
    const deps = opened ? { registry, results: storage.results, assets: storage.assets, remote: appRemoteAccess(storage) } : unopenedSpendDeps(registry)
    void spendSummary(doc, deps, target !== undefined ? { target } : {}).then(
      (made) => {
        if (current) setSummary({ doc, ...(target !== undefined ? { target } : {}), summary: made })
      },
      () => {},
    )
    return () => {
      current = false
    }
  }, [doc, target, opened, storage, registry, runsRecorded, dialog])
  return summary && summary.doc === doc && summary.target === target ? summary.summary : undefined
}
