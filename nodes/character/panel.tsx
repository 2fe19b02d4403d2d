import { useId, useState } from 'react'
import { characterVariable, distinctAssets, isAssetRef, type AssetRef } from '../../src/engine'
import { AssetView, CharacterHeading, useFileDrop, useParamSetter, PanelNotice, useShotsBeside, useStoreFiles, type NodePanelProps } from '../../src/editor/panel-kit'
import { unusedReference } from '../../src/providers/prompt/shot-references'
import { acceptedImageTypes } from '../../src/media/image/still'
import { MAX_REFERENCES } from './node'
import './panel.css'

/**
 * The character's sheet on the canvas: its name, how prompts name it, and its reference images,
 * which grow by dropping or choosing several files at once and shrink one by one.
 */
export default function CharacterPanel({ nodeId, params }: NodePanelProps) {
  const setParam = useParamSetter(nodeId)
  const storeImages = useStoreFiles('image')
  const inputId = useId()
  const [busy, setBusy] = useState(false)
  const [problems, setProblems] = useState<string[]>([])
  const name = typeof params.name === 'string' ? params.name.trim() : ''
  const description = typeof params.description === 'string' ? params.description.trim() : ''
  const images = Array.isArray(params.images) ? params.images.filter(isAssetRef) : []
  const variable = characterVariable(name)
  // Linked beside a script: a character no shot names goes with no shot's prompt, said here.
  const shots = useShotsBeside(nodeId)
  const unused = shots && name !== '' ? unusedReference({ name, role: 'character' }, shots) : undefined

  const add = async (files: readonly File[]) => {
    if (files.length === 0) return
    setBusy(true)
    const { stored, refused } = await storeEach(files, storeImages)
    setBusy(false)
    const known = new Set(images.map((image) => image.hash))
    const fresh = distinctAssets(stored).filter((image) => !known.has(image.hash))
    const room = MAX_REFERENCES - images.length
    const leftOut = fresh.length - Math.max(0, room)
    if (leftOut > 0) refused.push(`A character holds ${MAX_REFERENCES} reference images; ${leftOut === 1 ? '1 was' : `${leftOut} were`} left out.`)
    setProblems(refused)
    if (room > 0 && fresh.length > 0) setParam('images', [...images, ...fresh.slice(0, room)])
  }
  const remove = (hash: string) => setParam('images', images.filter((image) => image.hash !== hash))
  const { dropping, dropZone } = useFileDrop((files) => void add(files))

  return (
    <div className={`character-panel nodrag${dropping ? ' character-panel--dropping' : ''}`} {...dropZone}>
      <CharacterHeading name={name || 'No name yet: give one in the inspector'} description={description} />
      {variable && (
        <p className="character-panel__variables">
          In prompts: <code>{`{${variable}}`}</code> <code>{`{${variable}.description}`}</code>
        </p>
      )}
      {unused && (
        <PanelNotice>{unused}</PanelNotice>
      )}
      {images.length > 0 && (
        <ul className="character-panel__sheet" aria-label="Reference images">
          {images.map((image) => (
            <ReferenceTile key={image.hash} image={image} onRemove={() => remove(image.hash)} />
          ))}
        </ul>
      )}
      <label className="character-panel__drop" htmlFor={inputId}>
        {busy ? 'Storing…' : images.length === 0 ? 'Drop reference images here, or choose files' : `Add angles (${images.length} of ${MAX_REFERENCES})`}
        <input
          id={inputId}
          type="file"
          multiple
          accept={acceptedImageTypes}
          disabled={busy || images.length >= MAX_REFERENCES}
          aria-label="Choose reference images"
          onChange={(event) => {
            void add([...(event.target.files ?? [])])
            event.target.value = ''
          }}
        />
      </label>
      {problems.length > 0 && (
        <ul className="character-panel__problems" role="alert">
          {problems.map((problem, i) => (
            <li key={i}>{problem}</li>
          ))}
        </ul>
      )}
    </div>
  )
}

/**
 * Stores the images one by one, so a file that is not an image, or one the browser cannot open, is
 * refused by name and the others are kept.
 */
async function storeEach(files: readonly File[], store: (files: readonly File[]) => Promise<AssetRef[]>): Promise<{ stored: AssetRef[]; refused: string[] }> {
  const stored: AssetRef[] = []
  const refused: string[] = []
  for (const file of files) {
    if (!file.type.startsWith('image/')) {
      refused.push(`“${file.name}” is not an image; use PNG, JPEG or WebP.`)
      continue
    }
    try {
      stored.push(...(await store([file])))
    } catch (error) {
      refused.push(error instanceof Error ? error.message : String(error))
    }
  }
  return { stored, refused }
}

function ReferenceTile({ image, onRemove }: { image: AssetRef; onRemove(): void }) {
  const label = image.meta.name ?? image.hash.slice(0, 8)
  return (
    <li className="character-panel__tile" title={label}>
      <AssetView asset={image} large={false} />
      <button type="button" className="character-panel__remove" aria-label={`Remove ${label}`} onClick={onRemove}>
        ×
      </button>
    </li>
  )
}
