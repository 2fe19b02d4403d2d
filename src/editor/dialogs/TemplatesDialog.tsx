import { useCallback, useEffect, useId, useState } from 'react'
import { builtInTemplates } from '../../document/templates'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import type { PipelineDoc } from '../../graph'
import type { TemplateSummary } from '../../storage'
import { hasReport } from './ImportReport'
import { Modal } from './Modal'
import { PipelinePicture } from './PipelinePicture'
import './templates-dialog.css'

/**
 * The gallery: built-in templates from the craft and the person's own. Using one opens a copy as a
 * new pipeline, in its simple form; the template itself never changes.
 */
export function TemplatesDialog() {
  const { storage } = useEditorContext()
  const close = useEditorStore((state) => state.closeDialog)
  const openTemplate = useEditorStore((state) => state.openTemplate)
  const say = useEditorStore((state) => state.say)
  const showImportReport = useEditorStore((state) => state.showImportReport)
  const openName = useEditorStore((state) => state.doc.name)
  const [own, setOwn] = useState<OwnTemplate[]>([])
  const [problem, setProblem] = useState<string | null>(null)

  const refresh = useCallback(() => {
    storage.templates
      .list()
      .then((summaries) => Promise.all(summaries.map((summary) => storage.templates.get(summary.id).then((doc) => ({ ...summary, doc }), (error: unknown) => ({ ...summary, unreadable: messageOf(error) })))))
      .then(setOwn, (error: unknown) => setProblem(messageOf(error)))
  }, [storage])
  useEffect(refresh, [refresh])

  const openCopy = async (template: PipelineDoc) => {
    const outcome = await openTemplate(template)
    if (outcome.ok && !hasReport(outcome)) {
      close()
      say(`“${template.name}” is open as a new pipeline. Set its inputs and press Run.`)
      return
    }
    // What it opened with, or why it could not open, is shown as any import's report is.
    showImportReport({ file: template.name, outcome })
  }
  const openSaved = (id: string) =>
    storage.templates.get(id).then(openCopy, (error: unknown) => setProblem(messageOf(error)))
  const [saving, setSaving] = useState(false)

  return (
    <Modal title="Templates" onClose={close}>
      {problem && <p role="alert">{problem}</p>}
      <ul className="gallery" aria-label="Built-in templates">
        {builtInTemplates.map((template) => (
          <li key={template.id} className="gallery__card" aria-label={template.name}>
            <PipelinePicture doc={template} />
            <h3>{template.name}</h3>
            <p>{template.description}</p>
            <p className="gallery__meta">
              {template.nodes.length} nodes · {template.exposed?.length ?? 0} inputs
            </p>
            <button type="button" className="button--primary" onClick={() => void openCopy(template)}>
              Use template
            </button>
          </li>
        ))}
      </ul>
      <h3 className="gallery__heading">Your templates</h3>
      {saving ? (
        <SaveTemplateForm
          onSaved={() => {
            setSaving(false)
            refresh()
          }}
          onCancel={() => setSaving(false)}
        />
      ) : (
        <button type="button" onClick={() => setSaving(true)}>
          Save “{openName}” as a template…
        </button>
      )}
      {own.length === 0 ? (
        <p>None yet. Mark the params a person should set as template inputs (in the inspector, beside each field), then save.</p>
      ) : (
        <ul className="gallery" aria-label="Your templates">
          {own.map((template) => (
            <li key={template.id} className="gallery__card" aria-label={template.name}>
              {template.doc ? <PipelinePicture doc={template.doc} /> : <p className="gallery__unreadable">{template.unreadable}</p>}
              <h3>{template.name}</h3>
              {template.description !== '' && <p>{template.description}</p>}
              <p className="gallery__meta">saved {new Date(template.createdAt).toLocaleString()}</p>
              <div className="gallery__buttons">
                <button type="button" className="button--primary" onClick={() => void openSaved(template.id)}>
                  Use template
                </button>
                <button type="button" onClick={() => void storage.templates.delete(template.id).then(refresh, (error: unknown) => setProblem(messageOf(error)))}>
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  )
}

/** One of the person's templates with its document for its picture, or why the document cannot be read. */
type OwnTemplate = TemplateSummary & ({ doc: PipelineDoc; unreadable?: undefined } | { doc?: undefined; unreadable: string })

/**
 * "Save as template" asks what to call it and what it is for, each filled in from the pipeline; a
 * name the person already gave one of their templates is refused on the field, before anything is kept.
 */
function SaveTemplateForm({ onSaved, onCancel }: { onSaved: () => void; onCancel: () => void }) {
  const { storage, store } = useEditorContext()
  const [name, setName] = useState(() => store.getState().doc.name)
  const [description, setDescription] = useState(() => store.getState().doc.description)
  const [problem, setProblem] = useState<string | null>(null)
  const id = useId()
  const save = async () => {
    try {
      await storage.templates.save(store.getState().doc, { name, description })
      store.getState().say(`Saved “${name.trim()}” as a template.`)
      onSaved()
    } catch (error) {
      setProblem(messageOf(error))
    }
  }
  return (
    <form
      className="template-save"
      aria-label="Save as template"
      onSubmit={(event) => {
        event.preventDefault()
        void save()
      }}
    >
      <div className="template-save__field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          value={name}
          autoFocus
          aria-invalid={problem !== null}
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            setName(event.target.value)
            setProblem(null)
          }}
        />
      </div>
      <p id={`${id}-hint`} className={problem ? 'template-save__problem' : 'template-save__hint'} role={problem ? 'alert' : undefined}>
        {problem ?? 'Each of your templates has its own name, so you can tell them apart in the gallery.'}
      </p>
      <div className="template-save__field">
        <label htmlFor={`${id}-description`}>Description</label>
        <textarea id={`${id}-description`} value={description} rows={2} placeholder="What it makes, and what to set first" onChange={(event) => setDescription(event.target.value)} />
      </div>
      <div className="gallery__buttons">
        <button type="submit" className="button--primary">
          Save template
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
