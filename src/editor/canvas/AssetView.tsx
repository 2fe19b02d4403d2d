import type { AssetRef } from '../../engine'
import { SoundPlayer } from '../waveform/SoundPlayer'
import { useAssetUrl } from './use-asset-url'

/** A stored image, clip or sound, played from the asset store; a sound as its waveform. */
export function AssetView({ asset, large }: { asset: AssetRef; large: boolean }) {
  if (asset.kind === 'audio') return <SoundPlayer sound={asset} />
  return <StoredMedia asset={asset} large={large} />
}

function StoredMedia({ asset, large }: { asset: AssetRef; large: boolean }) {
  const { url, error } = useAssetUrl(asset)
  const name = assetName(asset)
  if (error) return <p className="value value--missing">{error}</p>
  if (!url) return <div className={`value value--${asset.kind} value--loading`} aria-busy="true" />
  switch (asset.kind) {
    case 'image':
      return <img className="value value--image" src={url} alt={name} draggable={false} />
    case 'video':
      return <video className="value value--video" src={url} muted controls={large} loop playsInline aria-label={name} />
    default:
      // An exported film, stems, a LUT: the person takes it away as a file.
      return (
        <a className="value value--file" href={url} download={name}>
          Download {name}
        </a>
      )
  }
}

/** An asset as the person knows it: its file or take name, else its kind and the start of its hash. */
export function assetName(asset: AssetRef): string {
  return asset.meta.name ?? `${asset.kind} ${asset.hash.slice(0, 8)}`
}
