import { memo } from 'react'
import { NodeResizer, type NodeProps } from '@xyflow/react'
import type { GroupFlowNode } from '../state/flow-view'
import { MIN_GROUP_SIZE } from '../state/groups-and-notes-slice'
import { useEditorStore } from '../state/use-editor-store'
import './groups-and-notes.css'

/**
 * A group's frame: a labelled box behind its nodes (a scene, a shot). Dragged by its header it
 * takes its nodes along; selected, its edges resize it. The name is a field: type to rename.
 */
export const GroupFrame = memo(function GroupFrame({ data, selected }: NodeProps<GroupFlowNode>) {
  const { group } = data
  const rename = useEditorStore((state) => state.renameGroup)
  const count = group.nodes.length
  return (
    <div className="group-frame" data-group-id={group.id}>
      <NodeResizer isVisible={selected} minWidth={MIN_GROUP_SIZE.width} minHeight={MIN_GROUP_SIZE.height} lineClassName="frame-resizer" handleClassName="frame-resizer" />
      <header className="group-frame__header">
        <input
          className="group-frame__label nodrag"
          aria-label="Group name"
          value={group.label}
          size={Math.max(6, group.label.length + 1)}
          maxLength={200}
          onChange={(event) => rename(group.id, event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' || event.key === 'Escape') event.currentTarget.blur()
          }}
        />
        <span className="group-frame__count">{count === 1 ? '1 node' : `${count} nodes`}</span>
      </header>
    </div>
  )
})
