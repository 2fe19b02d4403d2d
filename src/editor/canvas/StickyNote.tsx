import { memo } from 'react'
import { NodeResizer, type NodeProps } from '@xyflow/react'
import type { NoteFlowNode } from '../state/flow-view'
import { MIN_NOTE_SIZE } from '../state/groups-and-notes-slice'
import { useEditorStore } from '../state/use-editor-store'
import './groups-and-notes.css'

/** A sticky note: moved by its top strip, written in directly, resized by its edges when selected. */
export const StickyNote = memo(function StickyNote({ data, selected }: NodeProps<NoteFlowNode>) {
  const { note } = data
  const edit = useEditorStore((state) => state.editNote)
  return (
    <div className="note" data-note-id={note.id}>
      <NodeResizer isVisible={selected} minWidth={MIN_NOTE_SIZE.width} minHeight={MIN_NOTE_SIZE.height} lineClassName="frame-resizer" handleClassName="frame-resizer" />
      <div className="note__grip" title="Drag to move the note" />
      <textarea
        className="note__text nodrag nowheel"
        aria-label="Note"
        placeholder="Write a note…"
        value={note.text}
        maxLength={20_000}
        // A new note (empty and selected) takes the keys, as a new text field would.
        autoFocus={selected && note.text === ''}
        onChange={(event) => edit(note.id, event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') event.currentTarget.blur()
        }}
      />
    </div>
  )
})
