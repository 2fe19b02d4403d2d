import { useEffect, useRef, useState } from 'react'
import type { WaveformPeaks } from '../../media/audio/peaks'
import './waveform.css'

/**
 * A sound's waveform on a canvas, with a playhead at `position` (0 to 1) when one is given.
 * Clicking it calls `onSeek` with where, as a fraction of the sound. The canvas is drawn again
 * only when the peaks or its size change; the playhead moves over it.
 */
export function Waveform({
  peaks,
  label,
  position,
  onSeek,
}: {
  peaks: WaveformPeaks
  label: string
  position?: number
  onSeek?(fraction: number): void
}) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const [drawn, setDrawn] = useState(false)
  useEffect(() => {
    const element = canvas.current
    if (!element) return
    const draw = () => setDrawn(drawPeaks(element, peaks))
    draw()
    const observer = new ResizeObserver(draw)
    observer.observe(element)
    return () => observer.disconnect()
  }, [peaks])
  const played = position === undefined ? undefined : Math.min(1, Math.max(0, position))
  return (
    <div
      className={`waveform${onSeek ? ' waveform--seekable nodrag' : ''}`}
      onClick={
        onSeek &&
        ((event) => {
          const box = event.currentTarget.getBoundingClientRect()
          onSeek(Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)))
        })
      }
    >
      <canvas ref={canvas} className="waveform__canvas" role="img" aria-label={label} data-drawn={drawn ? 'true' : undefined} />
      {played !== undefined && (
        <>
          <div className="waveform__played" style={{ width: `${played * 100}%` }} />
          <div className="waveform__playhead" style={{ left: `${played * 100}%` }} />
        </>
      )}
    </div>
  )
}

/** Draws one vertical stroke per pixel column, from the lowest to the highest sample under it. */
function drawPeaks(canvas: HTMLCanvasElement, { min, max }: WaveformPeaks): boolean {
  const scale = window.devicePixelRatio || 1
  const width = Math.round(canvas.clientWidth * scale)
  const height = Math.round(canvas.clientHeight * scale)
  const context = canvas.getContext('2d')
  if (!context || width === 0 || height === 0) return false
  canvas.width = width
  canvas.height = height
  context.clearRect(0, 0, width, height)
  const style = getComputedStyle(canvas)
  const middle = height / 2
  context.fillStyle = style.getPropertyValue('--waveform-axis').trim() || 'gray'
  context.fillRect(0, Math.floor(middle), width, Math.max(1, Math.round(scale / 2)))
  context.fillStyle = style.getPropertyValue('--waveform-colour').trim() || 'green'
  const columns = max.length
  for (let x = 0; x < width && columns > 0; x++) {
    const first = Math.floor((x * columns) / width)
    const last = Math.max(first + 1, Math.floor(((x + 1) * columns) / width))
    let low = 1
    let high = -1
    for (let column = first; column < last; column++) {
      low = Math.min(low, min[column]!)
      high = Math.max(high, max[column]!)
    }
    if (high < low) continue
    const top = middle - Math.min(1, high) * middle
    const bottom = middle - Math.max(-1, low) * middle
    context.fillRect(x, top, 1, Math.max(1, bottom - top))
  }
  return true
}
