import { NodeResult, useShowInDock, type NodePanelProps } from '../../src/editor/panel-kit'
import './panel.css'

/** The sequence's result as any node shows it, and the way to its timeline in the dock. */
export default function SequencePanel({ nodeId, definition, run }: NodePanelProps) {
  const showTimeline = useShowInDock(nodeId, 'timeline')
  return (
    <>
      <NodeResult nodeId={nodeId} definition={definition} run={run} />
      <button type="button" className="nodrag sequence-panel__timeline" title="Edit the cut on the timeline under the canvas (T)" onClick={showTimeline}>
        Open timeline
      </button>
    </>
  )
}
