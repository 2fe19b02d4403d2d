import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'
import { isAssetRef, type AssetRef } from '../../src/engine'
import { useAssetUrl, useIncomingValues, useParamSetter, type NodePanelProps } from '../../src/editor/panel-kit'
import { snapToFrame, sourceTimecode } from './timecode'
import './panel.css'

type Point = 'startS' | 'endS'

/**
 * A scrubber over the incoming clip: drag the in and out handles (or step them a frame at a time
 * with the arrow keys, a second with Shift) and the picture under the handle shows; the points are
 * written to the node's params, snapped to frame starts, when the handle is let go.
 */
export default function TrimPanel({ nodeId, params }: NodePanelProps) {
  const clip = useIncomingValues(nodeId).find((value): value is AssetRef => isAssetRef(value) && value.kind === 'video')
  const durationS = clip?.meta.durationS
  if (!clip || !durationS) return <p className="node__placeholder">Run the clip that feeds this trim to set its in and out here</p>
  return <Scrubber nodeId={nodeId} clip={clip} durationS={durationS} params={params} />
}

function Scrubber({ nodeId, clip, durationS, params }: { nodeId: string; clip: AssetRef; durationS: number; params: NodePanelProps['params'] }) {
  const fps = clip.meta.fps ?? 24
  const setParam = useParamSetter(nodeId)
  const { url } = useAssetUrl(clip)
  const video = useRef<HTMLVideoElement>(null)
  const track = useRef<HTMLDivElement>(null)
  const lastFrame = snapToFrame(durationS, fps)
  const saved = {
    startS: Math.min(typeof params.startS === 'number' ? params.startS : 0, lastFrame),
    endS: Math.min(typeof params.endS === 'number' ? params.endS : lastFrame, lastFrame),
  }
  // While a handle is held, its time lives here; the params change once, when it is let go.
  const [dragging, setDragging] = useState<{ point: Point; seconds: number }>()
  const startS = dragging?.point === 'startS' ? dragging.seconds : saved.startS
  const endS = dragging?.point === 'endS' ? dragging.seconds : saved.endS
  const shownS = dragging?.seconds ?? startS

  useEffect(() => {
    // The frame under the handle: a frame's middle, so the player does not land on the one before.
    if (video.current && url) video.current.currentTime = Math.min(durationS, shownS + 0.5 / fps)
  }, [shownS, url, durationS, fps])

  /** The time under the pointer, kept a frame inside the other point so in stays before out. */
  const timeAt = (point: Point, clientX: number) => {
    const box = track.current?.getBoundingClientRect()
    if (!box || box.width === 0) return point === 'startS' ? startS : endS
    const raw = snapToFrame(((clientX - box.left) / box.width) * durationS, fps)
    return point === 'startS' ? clamp(raw, 0, endS - 1 / fps) : clamp(raw, startS + 1 / fps, lastFrame)
  }

  const commit = (point: Point, seconds: number) => {
    const value = snapToFrame(seconds, fps)
    // An out point at the clip's end is the same as none: the trim then follows the clip.
    setParam(point, point === 'endS' && value >= lastFrame ? undefined : value)
  }

  const handlers = (point: Point) => ({
    onPointerDown: (event: PointerEvent<HTMLDivElement>) => {
      event.currentTarget.setPointerCapture(event.pointerId)
      setDragging({ point, seconds: timeAt(point, event.clientX) })
    },
    onPointerMove: (event: PointerEvent<HTMLDivElement>) => {
      if (dragging?.point === point) setDragging({ point, seconds: timeAt(point, event.clientX) })
    },
    onPointerUp: (event: PointerEvent<HTMLDivElement>) => {
      if (dragging?.point !== point) return
      commit(point, timeAt(point, event.clientX))
      setDragging(undefined)
    },
    onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => {
      const direction = event.key === 'ArrowRight' || event.key === 'ArrowUp' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowDown' ? -1 : 0
      if (direction === 0) return
      event.preventDefault()
      const step = (event.shiftKey ? Math.round(fps) : 1) / fps
      const current = point === 'startS' ? startS : endS
      const next = point === 'startS' ? clamp(current + direction * step, 0, endS - 1 / fps) : clamp(current + direction * step, startS + 1 / fps, lastFrame)
      commit(point, next)
    },
  })

  const percent = (seconds: number) => `${(100 * seconds) / durationS}%`
  const frames = Math.round((endS - startS) * fps)
  return (
    <div className="trim-scrubber nodrag nowheel">
      {url ? <video ref={video} className="trim-scrubber__picture" src={url} muted playsInline preload="auto" aria-label="Frame under the handle" /> : <div className="trim-scrubber__picture" />}
      <div className="trim-scrubber__track" ref={track}>
        <div className="trim-scrubber__kept" style={{ left: percent(startS), width: percent(endS - startS) }} />
        {(['startS', 'endS'] as const).map((point) => {
          const seconds = point === 'startS' ? startS : endS
          return (
            <div
              key={point}
              className={`trim-scrubber__handle trim-scrubber__handle--${point === 'startS' ? 'in' : 'out'}`}
              style={{ left: percent(seconds) }}
              role="slider"
              tabIndex={0}
              aria-label={point === 'startS' ? 'In point' : 'Out point'}
              aria-valuemin={0}
              aria-valuemax={lastFrame}
              aria-valuenow={seconds}
              aria-valuetext={sourceTimecode(seconds, fps, clip.meta)}
              {...handlers(point)}
            />
          )
        })}
      </div>
      <p className="trim-scrubber__times">
        <span>In {sourceTimecode(startS, fps, clip.meta)}</span>
        <span>Out {sourceTimecode(endS, fps, clip.meta)}</span>
        <span>{frames} frames</span>
      </p>
    </div>
  )
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
