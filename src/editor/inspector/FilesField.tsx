import { useId, useState } from 'react'
import { isAssetRef, type AssetRef } from '../../engine'
import { storeMediaFile } from '../../document/media-files'
import { useEditorContext } from '../state/use-editor-context'
import { AssetView } from '../canvas/AssetView'
import { describeAsset } from './FileField'
import type { ParamControl } from './param-control'
import './files-field.css'

type FilesControl = Extract<ParamControl, { kind: 'files' }>

/**
 * A param holding several files, such as a character's reference images: a picker that takes
 * several at once and stores each pinned, and the files so far, each with its own Remove. A file
 * that cannot be stored is refused by name and the others are kept.
 */
export function FilesField({ control, value, onChange }: { control: FilesControl; value: unknown; onChange(value: AssetRef[]): void }) {
  const { storage } = useEditorContext()
  const id = useId()
  const [problems, setProblems] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const current = Array.isArray(value) ? value.filter(isAssetRef) : []
  const room = control.maxItems === undefined ? Infinity : control.maxItems - current.length

  const add = async (files: readonly File[]) => {
    if (files.length === 0) return
    setBusy(true)
    const settled = await Promise.allSettled(files.slice(0, Math.max(0, room)).map((file) => storeMediaFile(storage.assets, file, control.assetKind, file.name)))
    setBusy(false)
    const stored = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
    const refused = settled.flatMap((result) => (result.status === 'rejected' ? [messageOf(result.reason)] : []))
    if (files.length > room) refused.push(`${control.label} holds at most ${control.maxItems}; ${files.length - room} left out.`)
    setProblems(refused)
    if (stored.length > 0) onChange([...current, ...stored])
  }

  return (
    <div className="field field--files">
      <label htmlFor={id}>{control.label}</label>
      {current.length > 0 && (
        <ul className="field__files">
          {current.map((asset, index) => (
            <li key={`${index}:${asset.hash}`}>
              <figure className="field__file">
                <AssetView asset={asset} large={false} />
                <figcaption>{describeAsset(asset)}</figcaption>
              </figure>
              <button
                type="button"
                className="button--quiet"
                aria-label={`Remove ${asset.meta.name ?? `file ${index + 1}`}`}
                onClick={() => onChange(current.filter((_, at) => at !== index))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={id}
        type="file"
        multiple
        accept={control.accept}
        disabled={busy || room <= 0}
        aria-invalid={problems.length > 0}
        onChange={(event) => {
          void add([...(event.target.files ?? [])])
          event.target.value = ''
        }}
      />
      {control.ui.description && <p className="field__hint">{control.ui.description}</p>}
      {busy && <p className="field__hint">Storing the files…</p>}
      {problems.map((problem, index) => (
        <p key={index} className="field__problem" role="alert">
          {problem}
        </p>
      ))}
    </div>
  )
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
