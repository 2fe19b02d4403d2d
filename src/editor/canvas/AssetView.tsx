import type { AssetRef } from '../../engine'
import { SoundPlayer } from '../waveform/SoundPlayer'
import { useAssetUrl } from './use-asset-url'

/**
 * A stored image, clip or sound, played from the asset store; a sound as its waveform. A file is
 * offered as a download, saved as `fileName` when given.
 */
export function AssetView({ asset, large, fileName }: { asset: AssetRef; large: boolean; fileName?: string }) {
  if (asset.kind === 'audio') return <SoundPlayer sound={asset} />
  return <StoredMedia asset={asset} large={large} fileName={fileName} />
}

function StoredMedia({ asset, large, fileName }: { asset: AssetRef; large: boolean; fileName?: string }) {
  const { url, error } = useAssetUrl(asset)
  const name = fileName ?? assetName(asset)
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
          {typeof asset.meta.videoMbps === 'number' && <span> · picture {asset.meta.videoMbps} Mbit/s</span>}
        </a>
      )
  }
}

/** An asset as the person knows it: its file or take name, else its kind and the start of its hash. */
export function assetName(asset: AssetRef): string {
  return asset.meta.name ?? `${asset.kind} ${asset.hash.slice(0, 8)}`
}
