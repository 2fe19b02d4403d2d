import { useMemo } from 'react'
import { useEditorStore } from '../state/use-editor-store'
import { dailiesRows, type DailiesRow } from './dailies-rows'

/** One take picker's shots as the Dailies list them: each item's takes and board, in item order. */
export function usePickerShots(pickerId: string): DailiesRow[] {
  const doc = useEditorStore((state) => state.levelDoc)
  const nodeRuns = useEditorStore((state) => state.nodeRuns)
  return useMemo(() => dailiesRows(doc, nodeRuns).filter((row) => row.pickerId === pickerId), [doc, nodeRuns, pickerId])
}
