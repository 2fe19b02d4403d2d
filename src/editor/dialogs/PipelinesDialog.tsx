import { useState } from 'react'
import type { PipelineSummary } from '../../storage'
import { useEditorStore } from '../state/use-editor-store'
import { Modal } from './Modal'

/** The library: every saved pipeline, to open, rename, duplicate or delete; and a new one. */
export function PipelinesDialog() {
  const close = useEditorStore((state) => state.closeDialog)
  const pipelines = useEditorStore((state) => state.pipelines)
  const openId = useEditorStore((state) => state.doc.id)
  const create = useEditorStore((state) => state.createPipeline)
  return (
    <Modal title="Pipelines" onClose={close}>
      <button
        type="button"
        className="button--primary"
        onClick={() => {
          void create()
          close()
        }}
      >
        New pipeline
      </button>
      <ul className="library">
        {pipelines.map((pipeline) => (
          <PipelineRow key={pipeline.id} pipeline={pipeline} isOpen={pipeline.id === openId} />
        ))}
      </ul>
    </Modal>
  )
}

function PipelineRow({ pipeline, isOpen }: { pipeline: PipelineSummary; isOpen: boolean }) {
  const open = useEditorStore((state) => state.openPipeline)
  const rename = useEditorStore((state) => state.renamePipeline)
  const duplicate = useEditorStore((state) => state.duplicatePipeline)
  const remove = useEditorStore((state) => state.deletePipeline)
  const close = useEditorStore((state) => state.closeDialog)
  const [renaming, setRenaming] = useState(false)
  const [confirmingDelete, setConfirmingDelete] = useState(false)

  return (
    <li className={`library__row${isOpen ? ' library__row--open' : ''}`} aria-label={pipeline.name}>
      {renaming ? (
        <form
          className="library__rename"
          onSubmit={(event) => {
            event.preventDefault()
            const name = new FormData(event.currentTarget).get('name')
            setRenaming(false)
            if (typeof name === 'string') void rename(pipeline.id, name)
          }}
        >
          <input name="name" aria-label="New name" defaultValue={pipeline.name} maxLength={200} autoFocus />
          <button type="submit">Save name</button>
        </form>
      ) : (
        <div className="library__info">
          <span className="library__name">{pipeline.name}</span>
          <span className="library__meta">
            {pipeline.nodeCount} {pipeline.nodeCount === 1 ? 'node' : 'nodes'} · changed {new Date(pipeline.updatedAt).toLocaleString()}
            {isOpen && ' · open now'}
          </span>
        </div>
      )}
      <div className="library__buttons">
        <button
          type="button"
          disabled={isOpen}
          onClick={() => {
            void open(pipeline.id)
            close()
          }}
        >
          Open
        </button>
        <button type="button" onClick={() => setRenaming(true)}>
          Rename
        </button>
        <button type="button" onClick={() => void duplicate(pipeline.id)}>
          Duplicate
        </button>
        {confirmingDelete ? (
          <button type="button" className="button--danger" onClick={() => void remove(pipeline.id)}>
            Delete for good
          </button>
        ) : (
          <button type="button" onClick={() => setConfirmingDelete(true)}>
            Delete
          </button>
        )}
      </div>
    </li>
  )
}
