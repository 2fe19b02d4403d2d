import { useId, useState } from 'react'
import { isAssetRef, type AssetRef } from '../../engine'
import { storeMediaFile } from '../../document/media-files'
import { useEditorContext } from '../state/use-editor-context'
import { AssetView } from '../canvas/AssetView'
import type { ParamControl } from './param-control'

type FileControl = Extract<ParamControl, { kind: 'file' }>

/** A file param: the current file, a picker that stores the new one pinned, and Clear when optional. */
export function FileField({ control, value, onChange }: { control: FileControl; value: unknown; onChange(value: AssetRef | undefined): void }) {
  const { storage } = useEditorContext()
  const id = useId()
  const [problem, setProblem] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const current = isAssetRef(value) ? value : undefined

  const choose = async (file: File | undefined) => {
    if (!file) return
    setBusy(true)
    setProblem(undefined)
    try {
      onChange(await storeMediaFile(storage.assets, file, control.assetKind, file.name))
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="field field--file">
      <label htmlFor={id}>{control.label}</label>
      {current && (
        <figure className="field__file">
          <AssetView asset={current} large={false} />
          <figcaption>{describeAsset(current)}</figcaption>
        </figure>
      )}
      <div className="field__row">
        <input
          id={id}
          type="file"
          accept={control.accept}
          disabled={busy}
          aria-invalid={problem !== undefined}
          onChange={(event) => {
            void choose(event.target.files?.[0])
            event.target.value = ''
          }}
        />
        {current && control.optional && (
          <button type="button" className="button--quiet" onClick={() => onChange(undefined)}>
            Clear
          </button>
        )}
      </div>
      {busy && <p className="field__hint">Storing the file…</p>}
      {problem && (
        <p className="field__problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  )
}

/** A file's name and, for a picture, its size: how a file field captions what it holds. */
export function describeAsset(asset: AssetRef): string {
  const { name, width, height } = asset.meta
  const size = width && height ? ` · ${width}×${height}` : ''
  return `${name ?? asset.hash.slice(0, 12)}${size}`
}
