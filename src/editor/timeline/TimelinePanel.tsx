import { singleSelectedNode } from '../state/selection-slice'
import { useEditorStore } from '../state/use-editor-store'
import { SequenceTimeline } from './SequenceTimeline'

/** The dock's timeline: the selected sequence's cut. */
export function TimelinePanel() {
  const nodeId = useEditorStore((state) => singleSelectedNode(state.selection))
  const type = useEditorStore((state) => state.levelDoc.nodes.find((candidate) => candidate.id === nodeId)?.type)
  if (nodeId === undefined || type !== 'sequence') return <p className="dock__hint">Select a Sequence node to edit its cut here.</p>
  return <SequenceTimeline key={nodeId} nodeId={nodeId} />
}
