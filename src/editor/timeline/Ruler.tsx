import { useRef, type PointerEvent } from 'react'
import { timecode } from '../preview/timecode'
import { tickStep } from './layout'

/** Timecode along the cut at the sequence's rate; press or drag on it to move the playhead. */
export function Ruler({ frames, fps, pixelsPerFrame, onScrub }: { frames: number; fps: number; pixelsPerFrame: number; onScrub(frame: number): void }) {
  const scrubbing = useRef(false)
  const step = tickStep(pixelsPerFrame, fps)
  const ticks = Array.from({ length: Math.floor(frames / step) + 1 }, (_, index) => index * step)
  const frameAt = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect()
    return Math.floor((event.clientX - box.left) / pixelsPerFrame)
  }
  return (
    <div
      className="timeline__ruler"
      data-testid="ruler"
      onPointerDown={(event) => {
        scrubbing.current = true
        event.currentTarget.setPointerCapture?.(event.pointerId)
        onScrub(frameAt(event))
      }}
      onPointerMove={(event) => {
        if (scrubbing.current) onScrub(frameAt(event))
      }}
      onPointerUp={() => {
        scrubbing.current = false
      }}
    >
      {ticks.map((frame) => (
        <span key={frame} className="timeline__tick" style={{ left: frame * pixelsPerFrame }}>
          {timecode(frame, fps)}
        </span>
      ))}
    </div>
  )
}
