import { useEffect, useRef, useState } from 'react'
import { isAssetRef, type AssetRef } from '../../src/engine'
import { codecName } from '../../src/media/video/codec-name'
import { frameOf } from '../../src/media/video/frames'
import { useAssetUrl, type NodePanelProps } from '../../src/editor/panel-kit'
import './panel.css'

/**
 * The clip's poster frame, drawn from the stored file as soon as a clip is chosen (before any run),
 * with what the probe found once the node has run.
 */
export default function VideoInputPanel({ params, run }: NodePanelProps) {
  const probed = run?.outputs?.video
  const clip = isAssetRef(probed) ? probed : isAssetRef(params.file) ? params.file : undefined
  if (!clip) return <p className="node__placeholder">Upload or drop a clip</p>
  return (
    <div className={`clip-panel${run?.stale ? ' clip-panel--stale' : ''}`}>
      <PosterFrame clip={clip} />
      {isAssetRef(probed) && <p className="clip-panel__facts">{describeClip(probed)}</p>}
    </div>
  )
}

/** A third of the way in, where a shot has usually settled (a first frame is often black). */
function posterTime(clip: AssetRef): number | 'first' {
  const duration = clip.meta.durationS
  return duration !== undefined && duration > 0 ? duration / 3 : 'first'
}

function PosterFrame({ clip }: { clip: AssetRef }) {
  const { url, error: readError } = useAssetUrl(clip)
  const canvas = useRef<HTMLCanvasElement>(null)
  const [state, setState] = useState<{ drawn?: string; error?: string }>({})
  const at = posterTime(clip)
  const key = `${clip.hash}@${at}`
  useEffect(() => {
    if (!url) return
    let cancelled = false
    // The stored file, read back through its object URL, decoded for one frame.
    fetch(url)
      .then((response) => response.blob())
      .then((blob) => frameOf(blob, at))
      .then(
        (frame) => {
          const target = canvas.current
          const context = target?.getContext('2d')
          if (cancelled || !target || !context) return
          target.width = frame.width
          target.height = frame.height
          context.putImageData(new ImageData(new Uint8ClampedArray(frame.pixels), frame.width, frame.height), 0, 0)
          setState({ drawn: key })
        },
        (error: unknown) => {
          if (!cancelled) setState({ error: `No poster frame: ${error instanceof Error ? error.message : String(error)}` })
        },
      )
    return () => {
      cancelled = true
    }
  }, [url, at, key])
  const error = readError ?? state.error
  if (error) return <p className="clip-panel__error">{error}</p>
  return (
    <canvas
      ref={canvas}
      className="clip-panel__poster"
      role="img"
      aria-label={`Poster frame of ${clip.meta.name ?? 'the clip'}`}
      aria-busy={state.drawn !== key}
      data-poster={state.drawn === key ? 'drawn' : 'loading'}
    />
  )
}

function describeClip(clip: AssetRef): string {
  const { width, height, fps, durationS, hasAudio } = clip.meta
  const parts: string[] = []
  if (width && height) parts.push(`${width}×${height}`)
  if (fps) parts.push(`${Number(fps.toFixed(3))} fps`)
  if (durationS !== undefined) parts.push(`${durationS.toFixed(2)} s`)
  if (typeof clip.meta.videoCodec === 'string') parts.push(codecName(clip.meta.videoCodec))
  parts.push(hasAudio ? 'with sound' : 'no sound')
  // The camera's timecode, which the hand-off files count this clip's frames from.
  if (typeof clip.meta.startTimecode === 'string') parts.push(`TC ${clip.meta.startTimecode}`)
  return parts.join(' · ')
}
