import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'
import type { ClipEdit, Edit } from '../../../nodes/sequence/edit'
import { timecode } from '../preview/timecode'
import { useEditorContext } from '../state/use-editor-context'
import { dropPosition, type ClipBlock } from './layout'
import type { TimelineEdits } from './SequenceTimeline'
import { thumbnail } from './thumbnails'
import { moveClip, setDissolve, setIn, setOut, type TimelineClip } from './timeline-edits'
import type { LinkedClip } from './use-linked-clips'

/** A pointer must move this far before a press on a clip becomes a drag. */
const DRAG_THRESHOLD_PX = 4
/** Below this width a block shows its first frame only, not its middle one too. */
const TWO_PICTURES_PX = 240

interface TrackProps {
  blocks: ClipBlock[]
  edit: Edit
  entries: ClipEdit[]
  clips: TimelineClip[]
  linked: Required<LinkedClip>[]
  fps: number
  pixelsPerFrame: number
  edits: TimelineEdits
  onSeek(frame: number): void
}

/**
 * The picture track: a block per clip in play order, with pictures of its first and middle frames.
 * Drag a block to move it in the cut, drag its edges to trim it, drag a dissolve's edge to lengthen
 * it; from the keyboard, Alt+arrows move a focused clip and arrows move a focused edge by a frame.
 */
export function PictureTrack({ blocks, edit, entries, clips, linked, fps, pixelsPerFrame, edits, onSeek }: TrackProps) {
  // The block being moved: its play position, how far the pointer went, and whether it is a drag yet.
  const [moving, setMoving] = useState<{ index: number; startX: number; dx: number; dragging: boolean }>()
  const target = moving?.dragging ? dropTarget(blocks, moving.index, moving.dx / pixelsPerFrame) : undefined

  const move = (from: number, to: number) => {
    if (from !== to) edits.commit(moveClip(entries, from, to))
  }
  const blockHandlers = (block: ClipBlock) => ({
    onPointerDown(event: PointerEvent<HTMLDivElement>) {
      if (event.button !== 0) return
      event.currentTarget.setPointerCapture?.(event.pointerId)
      setMoving({ index: block.index, startX: event.clientX, dx: 0, dragging: false })
    },
    onPointerMove(event: PointerEvent<HTMLDivElement>) {
      if (moving?.index !== block.index) return
      const dx = event.clientX - moving.startX
      setMoving({ ...moving, dx, dragging: moving.dragging || Math.abs(dx) >= DRAG_THRESHOLD_PX })
    },
    onPointerUp(event: PointerEvent<HTMLDivElement>) {
      if (moving?.index !== block.index) return
      setMoving(undefined)
      if (!moving.dragging) return onSeek(block.start)
      move(block.index, dropTarget(blocks, block.index, (event.clientX - moving.startX) / pixelsPerFrame))
    },
    onPointerCancel: () => setMoving(undefined),
    onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
      if (event.key === 'Enter') {
        event.preventDefault()
        event.stopPropagation()
        return onSeek(block.start)
      }
      if (!event.altKey || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return
      event.preventDefault()
      event.stopPropagation()
      move(block.index, block.index + (event.key === 'ArrowLeft' ? -1 : 1))
    },
  })

  return (
    <div className="timeline__track timeline__track--picture" role="list" aria-label="Picture track">
      {blocks.map((block) => {
        const clip = clips[block.link]!
        const placed = edit.clips[block.index]!
        const shift = moving?.dragging && moving.index === block.index ? moving.dx : 0
        const width = block.frames * pixelsPerFrame
        const seconds = placed.sourceFrames / clip.fps
        return (
          <div
            key={block.link}
            role="listitem"
            className={`timeline__clip${shift !== 0 ? ' timeline__clip--moving' : ''}`}
            style={{ left: block.start * pixelsPerFrame, width, transform: shift ? `translateX(${shift}px)` : undefined }}
            data-link={block.link}
            data-frames={placed.frames}
          >
            <div
              className="timeline__clip-body"
              tabIndex={0}
              role="button"
              aria-roledescription="clip"
              aria-label={`${clip.name}: ${placed.frames} frames (${seconds.toFixed(2)} s), from ${timecode(placed.first, clip.fps)} of the clip`}
              aria-keyshortcuts="Alt+ArrowLeft Alt+ArrowRight Enter"
              title={`${clip.name} · drag to move it in the cut (Alt+arrows), drag its edges to trim`}
              {...blockHandlers(block)}
            >
              <div className="timeline__thumbs">
                <Thumbnail hash={linked[block.link]!.clip.hash} seconds={placed.first / clip.fps} label={`First frame of ${clip.name}`} />
                {width >= TWO_PICTURES_PX && (
                  <Thumbnail
                    hash={linked[block.link]!.clip.hash}
                    seconds={(placed.first + Math.floor(placed.sourceFrames / 2)) / clip.fps}
                    label={`Middle frame of ${clip.name}`}
                    middle
                  />
                )}
              </div>
              <span className="timeline__clip-name">{clip.name}</span>
              <span className="timeline__clip-length">{timecode(placed.frames, fps)}</span>
            </div>
            <TrimHandle side="in" block={block} entries={entries} clip={clip} pixelsPerFrame={pixelsPerFrame} fps={fps} edits={edits} />
            <TrimHandle side="out" block={block} entries={entries} clip={clip} pixelsPerFrame={pixelsPerFrame} fps={fps} edits={edits} />
          </div>
        )
      })}
      {blocks.slice(1).map((block) => (
        <DissolveHandle key={`dissolve-${block.link}`} block={block} entries={entries} clips={clips} fps={fps} pixelsPerFrame={pixelsPerFrame} edits={edits} />
      ))}
      {target !== undefined && target !== moving?.index && (
        <div className="timeline__drop" style={{ left: dropX(blocks, moving!.index, target) * pixelsPerFrame }} aria-hidden="true" />
      )}
    </div>
  )
}

function dropTarget(blocks: readonly ClipBlock[], index: number, movedFrames: number): number {
  const block = blocks[index]!
  return dropPosition(blocks, index, block.start + block.frames / 2 + movedFrames)
}

/** Where the drop marker stands: the start of the block the moved one would go before, or the end. */
function dropX(blocks: readonly ClipBlock[], moved: number, target: number): number {
  const others = blocks.filter((block) => block.index !== moved)
  const before = others[target]
  if (before) return before.start
  const last = others.at(-1)
  return last ? last.start + last.frames : 0
}

/**
 * A clip's in or out edge. Dragged, it moves by whole frames of the clip (a ripple trim: the clips
 * after it move up or back); with the keyboard, arrows move it a frame, Shift+arrows a second.
 */
function TrimHandle({
  side,
  block,
  entries,
  clip,
  pixelsPerFrame,
  fps,
  edits,
}: {
  side: 'in' | 'out'
  block: ClipBlock
  entries: ClipEdit[]
  clip: TimelineClip
  pixelsPerFrame: number
  fps: number
  edits: TimelineEdits
}) {
  const grab = useRef<{ x: number; entries: ClipEdit[]; latest: ClipEdit[] }>(undefined)
  const entry = entries[block.link]!
  const inS = entry.inS
  const outS = entry.outS ?? clip.frameCount / clip.fps
  const trimmed = (from: ClipEdit[], deltaS: number) => {
    const was = from[block.link]!
    return side === 'in' ? setIn(from, block.link, clip, was.inS + deltaS) : setOut(from, block.link, clip, (was.outS ?? clip.frameCount / clip.fps) + deltaS)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return
    event.preventDefault()
    event.stopPropagation()
    const frames = (event.shiftKey ? Math.round(clip.fps) : 1) * (event.key === 'ArrowLeft' ? -1 : 1)
    const next = trimmed(entries, frames / clip.fps)
    if (edits.tryEntries(next)) edits.commit(next)
  }
  const point = side === 'in' ? inS : outS
  return (
    <div
      className={`timeline__trim timeline__trim--${side}`}
      role="slider"
      tabIndex={0}
      aria-label={`${side === 'in' ? 'In point' : 'Out point'} of ${clip.name}`}
      aria-valuemin={0}
      aria-valuemax={clip.frameCount}
      aria-valuenow={Math.round(point * clip.fps)}
      aria-valuetext={`${timecode(Math.round(point * clip.fps), clip.fps)} of the clip`}
      onKeyDown={onKeyDown}
      onPointerDown={(event) => {
        event.stopPropagation()
        event.currentTarget.setPointerCapture?.(event.pointerId)
        grab.current = { x: event.clientX, entries, latest: entries }
      }}
      onPointerMove={(event) => {
        const held = grab.current
        if (!held) return
        const frames = Math.round(((event.clientX - held.x) / pixelsPerFrame / fps) * clip.fps)
        // A trim the cut cannot hold (past the clip, shorter than its dissolves) stops at the last frame it could.
        const next = furthestValid(frames, (step) => trimmed(held.entries, step / clip.fps), edits)
        if (!next) return
        held.latest = next
        edits.hold(next)
      }}
      onPointerUp={(event) => {
        event.stopPropagation()
        const held = grab.current
        grab.current = undefined
        if (held && held.latest !== held.entries) edits.commit(held.latest)
      }}
    />
  )
}

/** The dissolve into a clip: its length shown over the clip's head; drag its right edge, or use the arrows, to change it. */
function DissolveHandle({
  block,
  entries,
  clips,
  fps,
  pixelsPerFrame,
  edits,
}: {
  block: ClipBlock
  entries: ClipEdit[]
  clips: TimelineClip[]
  fps: number
  pixelsPerFrame: number
  edits: TimelineEdits
}) {
  const grab = useRef<{ x: number; frames: number; latest: ClipEdit[] | undefined }>(undefined)
  const name = clips[block.link]!.name
  const withFrames = (frames: number) => setDissolve(entries, block.link, Math.max(0, frames) / fps, fps)
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return
    event.preventDefault()
    event.stopPropagation()
    const next = withFrames(block.dissolve + (event.shiftKey ? Math.round(fps) : 1) * (event.key === 'ArrowLeft' ? -1 : 1))
    if (edits.tryEntries(next)) edits.commit(next)
  }
  return (
    <div
      className={`timeline__dissolve${block.dissolve === 0 ? ' timeline__dissolve--cut' : ''}`}
      style={{ left: block.start * pixelsPerFrame, width: block.dissolve * pixelsPerFrame }}
      role="slider"
      tabIndex={0}
      aria-label={`Dissolve into ${name}`}
      aria-valuemin={0}
      aria-valuemax={Math.round(10 * fps)}
      aria-valuenow={block.dissolve}
      aria-valuetext={block.dissolve === 0 ? 'a cut' : `${block.dissolve} frames (${(block.dissolve / fps).toFixed(2)} s)`}
      title={block.dissolve === 0 ? `Cut into ${name}: drag right for a dissolve` : `Dissolve into ${name}, ${block.dissolve} frames`}
      onKeyDown={onKeyDown}
      onPointerDown={(event) => {
        event.stopPropagation()
        event.currentTarget.setPointerCapture?.(event.pointerId)
        grab.current = { x: event.clientX, frames: block.dissolve, latest: undefined }
      }}
      onPointerMove={(event) => {
        const held = grab.current
        if (!held) return
        const frames = Math.max(-held.frames, Math.round((event.clientX - held.x) / pixelsPerFrame))
        const next = furthestValid(frames, (step) => withFrames(held.frames + step), edits)
        if (!next) return
        held.latest = next
        edits.hold(next)
      }}
      onPointerUp={(event) => {
        event.stopPropagation()
        const held = grab.current
        grab.current = undefined
        if (held?.latest) edits.commit(held.latest)
      }}
    >
      <span className="timeline__dissolve-grip" aria-hidden="true" />
    </div>
  )
}

/**
 * The edit `frames` frames along, or the furthest one short of it the cut can hold: a handle pulled
 * too far stays at its limit instead of stopping where the pointer last was.
 */
function furthestValid(frames: number, edit: (frames: number) => ClipEdit[], edits: TimelineEdits): ClipEdit[] | undefined {
  for (let step = frames; step !== 0; step -= Math.sign(step)) {
    const next = edit(step)
    if (edits.tryEntries(next)) return next
  }
  return undefined
}

/** One picture of a clip, decoded once per file and moment (see thumbnails.ts). */
function Thumbnail({ hash, seconds, label, middle = false }: { hash: string; seconds: number; label: string; middle?: boolean }) {
  const { storage } = useEditorContext()
  const canvas = useRef<HTMLCanvasElement>(null)
  const [state, setState] = useState<{ drawn?: string; error?: string }>({})
  const key = `${hash}@${seconds}`
  useEffect(() => {
    let cancelled = false
    thumbnail(storage.assets, hash, seconds).then(
      (bitmap) => {
        const target = canvas.current
        const context = target?.getContext('2d')
        if (cancelled || !target || !context) return
        target.width = bitmap.width
        target.height = bitmap.height
        context.drawImage(bitmap, 0, 0)
        setState({ drawn: key })
      },
      (error: unknown) => {
        if (!cancelled) setState({ error: error instanceof Error ? error.message : String(error) })
      },
    )
    return () => {
      cancelled = true
    }
  }, [storage, hash, seconds, key])
  return (
    <canvas
      ref={canvas}
      className={`timeline__thumb${middle ? ' timeline__thumb--middle' : ''}`}
      role="img"
      aria-label={state.error ? `${label}: no picture (${state.error})` : label}
      data-thumbnail={state.drawn === key ? 'drawn' : state.error ? 'failed' : 'loading'}
    />
  )
}
