import { runIdPrefix } from '../state/component-level'
import type { NodeRun } from '../state/node-run'
import { useEditorStore } from '../state/use-editor-store'

/**
 * One node's run state; only this node re-renders when it changes. Inside an open component, the
 * run state of this node in the instance that was opened.
 */
export function useNodeRun(nodeId: string): NodeRun | undefined {
  return useEditorStore((state) => state.nodeRuns[`${runIdPrefix(state.openPath)}${nodeId}`])
}
