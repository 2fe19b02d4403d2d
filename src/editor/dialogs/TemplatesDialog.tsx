import { useCallback, useEffect, useState } from 'react'
import { builtInTemplates } from '../../document/templates'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import type { PipelineDoc } from '../../graph'
import type { TemplateSummary } from '../../storage'
import { hasReport } from './ImportReport'
import { Modal } from './Modal'
import './templates-dialog.css'

/**
 * The gallery: built-in templates from the craft and the person's own. Using one opens a copy as a
 * new pipeline, in its simple form; the template itself never changes.
 */
export function TemplatesDialog() {
  const { storage, store } = useEditorContext()
  const close = useEditorStore((state) => state.closeDialog)
  const openTemplate = useEditorStore((state) => state.openTemplate)
  const say = useEditorStore((state) => state.say)
  const showImportReport = useEditorStore((state) => state.showImportReport)
  const openName = useEditorStore((state) => state.doc.name)
  const [own, setOwn] = useState<TemplateSummary[]>([])
  const [problem, setProblem] = useState<string | null>(null)

  const refresh = useCallback(() => {
    storage.templates.list().then(setOwn, (error: unknown) => setProblem(messageOf(error)))
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
  const saveOpen = () =>
    storage.templates.save(store.getState().doc).then(refresh, (error: unknown) => setProblem(messageOf(error)))

  return (
    <Modal title="Templates" onClose={close}>
      {problem && <p role="alert">{problem}</p>}
      <ul className="gallery" aria-label="Built-in templates">
        {builtInTemplates.map((template) => (
          <li key={template.id} className="gallery__card" aria-label={template.name}>
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
      <button type="button" onClick={() => void saveOpen()}>
        Save “{openName}” as a template
      </button>
      {own.length === 0 ? (
        <p>None yet. Mark the params a person should set as template inputs (in the inspector, beside each field), then save.</p>
      ) : (
        <ul className="gallery" aria-label="Your templates">
          {own.map((template) => (
            <li key={template.id} className="gallery__card" aria-label={template.name}>
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
