import { useState } from 'react'
import { isAssetRef, type AssetRef, type Value } from '../../engine'
import { assetName, useAssetUrl, ValueView } from '../panel-kit'
import { ASSUMED_FPS, VideoTransport } from './VideoTransport'
import { SoundView } from './SoundView'

/** One value, large: a still, a clip with its transport, a sound with its waveform, or text. */
export function MediaView({ value }: { value: Value }) {
  if (!isAssetRef(value)) return <ValueView value={value} large />
  if (value.kind === 'video') return <ClipView clip={value} />
  if (value.kind === 'audio') return <SoundView sound={value} />
  if (value.kind === 'image')
    return (
      <div className="preview-media">
        <div className="preview-media__stage">
          <Still image={value} />
        </div>
      </div>
    )
  // A LUT, an exported film, stems: taken away as a file.
  return <ValueView value={value} large />
}

function ClipView({ clip }: { clip: AssetRef }) {
  const [video, setVideo] = useState<HTMLVideoElement | null>(null)
  return (
    <div className="preview-media preview-media--video">
      <div className="preview-media__stage">
        <Clip clip={clip} onElement={setVideo} />
      </div>
      <VideoTransport videos={[video]} fps={clip.meta.fps ?? ASSUMED_FPS} durationS={clip.meta.durationS ?? 0} />
    </div>
  )
}

/** A clip element without the browser's controls: the transport drives it, frame by frame. */
export function Clip({ clip, onElement }: { clip: AssetRef; onElement(video: HTMLVideoElement | null): void }) {
  const { url, error } = useAssetUrl(clip)
  if (error) return <p className="value value--missing">{error}</p>
  if (!url) return <div className="preview-media__loading" aria-busy="true" />
  return <video ref={onElement} className="preview-media__picture" src={url} muted playsInline preload="auto" aria-label={assetName(clip)} />
}

export function Still({ image }: { image: AssetRef }) {
  const { url, error } = useAssetUrl(image)
  if (error) return <p className="value value--missing">{error}</p>
  if (!url) return <div className="preview-media__loading" aria-busy="true" />
  return <img className="preview-media__picture" src={url} alt={assetName(image)} draggable={false} />
}
