import { useEffect, useRef, useState } from 'react'
import type { AssetRef } from '../../engine'
import { decodeAudioFile } from '../../media/audio/decode'
import { assetName, useAssetUrl } from '../panel-kit'
import { useEditorContext } from '../../app/store/use-editor-context'
import { waveformPeaks, type Peaks } from './waveform-peaks'

/** Plenty for a drawing of the waveform, and a fraction of the work of decoding at 48 kHz. */
const WAVEFORM_RATE = 8000
const COLUMNS = 800

/**
 * A sound drawn as its waveform, with the playhead on it; a click on the waveform moves the
 * playhead there. The player's own controls (keyboard included) play and seek it.
 */
export function Waveform({ sound }: { sound: AssetRef }) {
  const { url, error } = useAssetUrl(sound)
  const peaks = usePeaks(sound)
  const canvas = useRef<HTMLCanvasElement>(null)
  const [audio, setAudio] = useState<HTMLAudioElement | null>(null)
  const [playhead, setPlayhead] = useState(0)

  useEffect(() => {
    if (peaks.peaks && canvas.current) drawPeaks(canvas.current, peaks.peaks)
  }, [peaks.peaks])

  useEffect(() => {
    if (!audio) return
    let frame = 0
    const follow = () => {
      if (audio.duration > 0) setPlayhead(audio.currentTime / audio.duration)
      if (!audio.paused) frame = requestAnimationFrame(follow)
    }
    const events = ['play', 'seeked', 'timeupdate'] as const
    for (const name of events) audio.addEventListener(name, follow)
    return () => {
      cancelAnimationFrame(frame)
      for (const name of events) audio.removeEventListener(name, follow)
    }
  }, [audio])

  const problem = error ?? peaks.error
  if (problem) return <p className="value value--missing">{problem}</p>
  return (
    <div className="preview-media preview-media--audio">
      <div
        className="waveform"
        data-state={peaks.peaks ? 'drawn' : 'decoding'}
        onClick={(event) => {
          const box = event.currentTarget.getBoundingClientRect()
          if (audio) seekTo(audio, (event.clientX - box.left) / box.width)
        }}
      >
        <canvas ref={canvas} className="waveform__canvas" width={COLUMNS} height={160} role="img" aria-label={`Waveform of ${assetName(sound)}`} />
        <div className="waveform__playhead" style={{ left: `${playhead * 100}%` }} />
      </div>
      {url && <audio ref={setAudio} className="waveform__player" src={url} controls preload="auto" aria-label={assetName(sound)} />}
    </div>
  )
}

function usePeaks(sound: AssetRef): { peaks?: Peaks; error?: string } {
  const { storage } = useEditorContext()
  const [state, setState] = useState<{ hash?: string; peaks?: Peaks; error?: string }>({})
  const hash = sound.hash
  useEffect(() => {
    let cancelled = false
    storage.assets
      .get(hash)
      .then((blob) => blob.arrayBuffer())
      .then((bytes) => decodeAudioFile(bytes, WAVEFORM_RATE))
      .then(
        (decoded) => !cancelled && setState({ hash, peaks: waveformPeaks(decoded.channels, COLUMNS) }),
        (error: unknown) => !cancelled && setState({ hash, error: error instanceof Error ? error.message : String(error) }),
      )
    return () => {
      cancelled = true
    }
  }, [hash, storage])
  return state.hash === hash ? state : {}
}

function drawPeaks(canvas: HTMLCanvasElement, peaks: Peaks): void {
  const context = canvas.getContext('2d')
  if (!context) return
  const { width, height } = canvas
  const middle = height / 2
  context.clearRect(0, 0, width, height)
  context.fillStyle = getComputedStyle(canvas).getPropertyValue('--port-audio').trim() || '#56c48d'
  for (let x = 0; x < peaks.min.length; x++) {
    const top = middle - (peaks.max[x] as number) * middle
    const bottom = middle - (peaks.min[x] as number) * middle
    context.fillRect(x, top, 1, Math.max(1, bottom - top))
  }
}

/** Moves the player to a fraction of the sound's length. */
function seekTo(audio: HTMLAudioElement, fraction: number): void {
  if (audio.duration > 0) audio.currentTime = Math.min(1, Math.max(0, fraction)) * audio.duration
}
