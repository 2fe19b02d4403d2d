import type { NodeRun } from '../../app/store/node-run'
import { useEditorStore } from '../../app/store/use-editor-store'

/** One node's run state; only this node re-renders when it changes. */
export function useNodeRun(nodeId: string): NodeRun | undefined {
  return useEditorStore((state) => state.nodeRuns[nodeId])
}
