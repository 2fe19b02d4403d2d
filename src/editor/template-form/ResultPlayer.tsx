import { deliveryName, extensionOf } from '../../document/file-names'
import { isAssetRef, type AnyNodeDefinition, type AssetRef, type Value } from '../../engine'
import type { NodeRun } from '../state/node-run'
import { useEditorStore } from '../state/use-editor-store'
import { AssetView, assetName } from '../canvas/AssetView'
import { useAssetUrl } from '../canvas/use-asset-url'
import { useIncomingValues } from '../canvas/use-incoming-values'
import { ValueView } from '../canvas/ValueView'
import { SoundPlayer } from '../waveform/SoundPlayer'

/** How many items of a list result are shown; the rest are counted. */
const LIST_SHOWN = 4

/**
 * What a result of the simple view is, ready to watch or hear where it is: a clip (an exported film
 * too) in a player with its controls, a sound with its play button, a still as itself; a file no
 * browser plays (a LUT, an EDL) as a download. A node without outputs (a preview) shows what reaches it.
 */
export function ResultPlayer({ nodeId, definition, run }: { nodeId: string; definition: AnyNodeDefinition; run?: NodeRun }) {
  const pipeline = useEditorStore((state) => state.doc.name)
  const label = useEditorStore((state) => state.doc.nodes.find((node) => node.id === nodeId)?.label)
  const incoming = useIncomingValues(nodeId)
  const fileName = (asset: AssetRef) => deliveryName({ pipeline, node: label ?? definition.title }, extensionOf(asset.meta.name))
  const ports = Object.keys(definition.outputs)
  const values = ports.length === 0 ? incoming : ports.flatMap((port) => (run?.outputs?.[port] === undefined ? [] : [run.outputs[port] as Value]))
  if (values.length === 0) return <p className="template-form__hint">{run?.status === 'running' ? 'Being made…' : 'Appears here after Run.'}</p>
  return (
    <div className={`template-form__player${run?.stale ? ' template-form__player--stale' : ''}`}>
      {values.map((value, at) => (
        <Played key={at} value={value} fileName={fileName} />
      ))}
    </div>
  )
}

function Played({ value, fileName }: { value: Value; fileName: (asset: AssetRef) => string }) {
  if (Array.isArray(value)) {
    return (
      <>
        {value.slice(0, LIST_SHOWN).map((item, at) => (
          <Played key={at} value={item} fileName={fileName} />
        ))}
        {value.length > LIST_SHOWN && <p className="template-form__hint">and {value.length - LIST_SHOWN} more</p>}
      </>
    )
  }
  if (!isAssetRef(value)) return <ValueView value={value} large />
  if (isMediaOf(value, 'video')) return <ClipPlayer clip={value} fileName={fileName(value)} />
  if (isMediaOf(value, 'audio')) return <SoundPlayer sound={value} />
  return <AssetView asset={value} large fileName={value.kind === 'file' ? fileName(value) : undefined} />
}

/** A clip, or a delivered file that is one (an exported MP4), the way a player shows it. */
function isMediaOf(asset: AssetRef, kind: 'video' | 'audio'): boolean {
  return asset.kind === kind || (asset.kind === 'file' && asset.mime.startsWith(`${kind}/`))
}

function ClipPlayer({ clip, fileName }: { clip: AssetRef; fileName: string }) {
  const { url, error } = useAssetUrl(clip)
  const name = clip.kind === 'file' ? fileName : assetName(clip)
  if (error) return <p className="value value--missing">{error}</p>
  if (!url) return <div className="value value--video value--loading" aria-busy="true" />
  return (
    <figure className="template-form__clip">
      <video src={url} controls playsInline preload="metadata" aria-label={`Play ${name}`} />
      {clip.kind === 'file' && (
        <a href={url} download={fileName}>
          Download {fileName}
        </a>
      )}
    </figure>
  )
}
