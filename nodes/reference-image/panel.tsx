import { useRef, useState, type ClipboardEvent } from 'react'
import { isAssetRef, type AssetRef } from '../../src/engine'
import { useAssetUrl, useFileDrop, useParamSetter, PanelNotice, useShotsBeside, useStoreFiles, type NodePanelProps } from '../../src/editor/panel-kit'
import { unusedReference } from '../../src/providers/prompt/shot-references'
import { acceptedImageTypes } from '../../src/media/image/still'
import { MAX_REFERENCE_IMAGES } from './node'
import './panel.css'

/**
 * The reference stills, each framed as the shot's crop will cut it, with a place to add more:
 * browse, drop files on the node, or click it and paste.
 */
export default function ReferenceImagePanel({ nodeId, params }: NodePanelProps) {
  const images = Array.isArray(params.images) ? params.images.filter(isAssetRef) : []
  const aspect = typeof params.aspect === 'string' ? params.aspect : '16:9'
  const role = typeof params.role === 'string' ? params.role : 'character'
  const setParam = useParamSetter(nodeId)
  const storeFiles = useStoreFiles('image')
  const picker = useRef<HTMLInputElement>(null)
  const [problem, setProblem] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  // Linked beside a script, a location or character no shot takes goes nowhere: said here, where it is set.
  const shots = useShotsBeside(nodeId)
  const name = typeof params.name === 'string' ? params.name.trim() : ''
  const unused = shots && unusedReference({ name, role }, shots)

  const add = async (files: readonly File[]) => {
    const pictures = files.filter((file) => file.type.startsWith('image/'))
    if (pictures.length === 0) {
      if (files.length > 0) setProblem('Only images can be references: PNG, JPEG or WebP.')
      return
    }
    const room = MAX_REFERENCE_IMAGES - images.length
    if (room <= 0) {
      setProblem(`A reference holds at most ${MAX_REFERENCE_IMAGES} images; remove one first.`)
      return
    }
    setBusy(true)
    setProblem(undefined)
    try {
      const stored = await storeFiles(pictures.slice(0, room))
      setParam('images', [...images, ...stored])
      if (pictures.length > room) setProblem(`Only ${room} more fitted: a reference holds at most ${MAX_REFERENCE_IMAGES} images.`)
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error))
    } finally {
      setBusy(false)
    }
  }

  const { dropping, dropZone } = useFileDrop((files) => void add(files))
  const onPaste = (event: ClipboardEvent) => {
    const files = [...event.clipboardData.files]
    if (files.length === 0) return
    event.preventDefault()
    event.stopPropagation()
    void add(files)
  }

  return (
    <div
      className={`reference${dropping ? ' reference--dropping' : ''}`}
      tabIndex={0}
      aria-label="Reference images: drop or paste images here"
      {...dropZone}
      onPaste={onPaste}
    >
      <p className="reference__facts">
        <span className={`reference__role reference__role--${role}`}>{role === 'style' ? 'style frame' : role}</span>
        {aspect === 'none' ? 'uncropped' : `cropped ${aspect}`}
      </p>
      {images.length > 0 && (
        <ul className="reference__images" aria-label="Images">
          {images.map((image, index) => (
            <ReferenceThumbnail
              key={`${index}:${image.hash}`}
              image={image}
              aspect={aspect}
              onRemove={() => setParam('images', images.filter((_, at) => at !== index))}
            />
          ))}
        </ul>
      )}
      <div className="reference__add">
        <button type="button" className="nodrag" disabled={busy} onClick={() => picker.current?.click()}>
          {images.length === 0 ? 'Add images' : 'Add more'}
        </button>
        <input
          ref={picker}
          className="reference__input"
          type="file"
          multiple
          accept={acceptedImageTypes}
          disabled={busy}
          aria-label="Add reference images"
          onChange={(event) => {
            void add([...(event.target.files ?? [])])
            event.target.value = ''
          }}
        />
        <span className="reference__hint">{busy ? 'Storing…' : 'or drop / paste here'}</span>
      </div>
      {unused && (
        <PanelNotice>{unused}</PanelNotice>
      )}
      {problem && (
        <p className="node__message" role="alert">
          {problem}
        </p>
      )}
    </div>
  )
}

/** One reference still, framed to the crop the node will make (centred, like the run). */
function ReferenceThumbnail({ image, aspect, onRemove }: { image: AssetRef; aspect: string; onRemove(): void }) {
  const { url, error } = useAssetUrl(image)
  const name = image.meta.name ?? 'reference'
  const frame = aspect === 'none' ? undefined : aspect.replace(':', ' / ')
  return (
    <li className="reference__image" style={frame ? { aspectRatio: frame } : undefined}>
      {error ? <span className="reference__missing">{error}</span> : url ? <img src={url} alt={name} draggable={false} /> : null}
      <button type="button" className="reference__remove nodrag" aria-label={`Remove ${name}`} title={`Remove ${name}`} onClick={onRemove}>
        ×
      </button>
    </li>
  )
}
