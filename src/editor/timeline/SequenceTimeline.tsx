import { useEffect, useMemo, useState, type KeyboardEvent } from 'react'
import type { ClipEdit } from '../../../nodes/sequence/edit'
import { isAssetRef, type AssetRef } from '../../engine'
import { useParamsSetter } from '../panel-kit'
import { timecode } from '../preview/timecode'
import { useEditorStore } from '../state/use-editor-store'
import { clipBlocks } from './layout'
import { PictureTrack } from './PictureTrack'
import { Ruler } from './Ruler'
import { SoundTrack, MixTrack } from './SoundTrack'
import { entriesFor, sequenceRate, tryEdit, type TimelineClip } from './timeline-edits'
import { useLinkedClips, type LinkedClip } from './use-linked-clips'
import { useTransport } from './use-transport'
import { Viewer } from './Viewer'
import './timeline.css'

/** Zoom steps: each press of + or − multiplies the pixels a frame takes by this. */
const ZOOM_STEP = 1.5
const MIN_PIXELS_PER_FRAME = 0.05
const MAX_PIXELS_PER_FRAME = 40

/** The sequence's cut on a timeline: every clip linked into it, once each has a result. */
export function SequenceTimeline({ nodeId }: { nodeId: string }) {
  const linked = useLinkedClips(nodeId)
  const waiting = linked.filter((entry) => !hasLength(entry.clip))
  if (linked.length === 0) return <p className="dock__hint">Link clips into this sequence and they appear here, in order, on its timeline.</p>
  if (waiting.length > 0) {
    return (
      <p className="dock__hint">
        Run the clips first: the timeline needs each clip’s length. Not run yet: {waiting.map((entry) => entry.name).join(', ')}.
      </p>
    )
  }
  return <Cut nodeId={nodeId} linked={linked as Required<LinkedClip>[]} />
}

function hasLength(clip: AssetRef | undefined): clip is AssetRef {
  return clip !== undefined && typeof clip.meta.fps === 'number' && typeof clip.meta.durationS === 'number'
}

/** A clip's rate and frames as its probe recorded them. */
function lengthOf(clip: AssetRef, name: string): TimelineClip {
  const fps = clip.meta.fps!
  const frameCount = typeof clip.meta.frameCount === 'number' ? clip.meta.frameCount : Math.max(1, Math.round(clip.meta.durationS! * fps))
  return { fps, frameCount, name }
}

function Cut({ nodeId, linked }: { nodeId: string; linked: Required<LinkedClip>[] }) {
  const params = useEditorStore((state) => state.levelDoc.nodes.find((candidate) => candidate.id === nodeId)?.params)
  const run = useEditorStore((state) => state.nodeRuns[nodeId])
  const setParams = useParamsSetter(nodeId)
  const clips = useMemo(() => linked.map(({ clip, name }) => lengthOf(clip, name)), [linked])
  const crossfadeS = typeof params?.crossfadeS === 'number' ? params.crossfadeS : 0
  const stored = useMemo(() => entriesFor(linked.length, params?.clips), [linked.length, params?.clips])
  // While a handle or a clip is held, the cut it would make shows here; the params change on release.
  const [held, setHeld] = useState<ClipEdit[]>()
  const entries = held ?? stored
  const fps = sequenceRate(clips, entries)
  const edit = useMemo(() => tryEdit(clips, { crossfadeS, clips: entries }, fps), [clips, crossfadeS, entries, fps])
  const [zoom, setZoom] = useState<number | 'fit'>('fit')
  const [scroll, setScroll] = useState<HTMLDivElement | null>(null)
  const width = useWidth(scroll)
  const transport = useTransport(edit?.timeline.frames ?? 1, fps)

  if (!edit) {
    return <p className="dock__hint">This cut cannot be made: a clip is shorter than the dissolves at its ends, or an in point is past its clip’s end. Change it in the inspector.</p>
  }
  const frames = edit.timeline.frames
  // Before it is laid out (or where nothing is, as in a test's DOM) a frame takes a few pixels.
  const fitted = width > 0 ? Math.max(MIN_PIXELS_PER_FRAME, (width - 24) / frames) : 4
  const pixelsPerFrame = zoom === 'fit' ? fitted : zoom
  const zoomBy = (factor: number) => setZoom(Math.min(MAX_PIXELS_PER_FRAME, Math.max(MIN_PIXELS_PER_FRAME, pixelsPerFrame * factor)))
  const result = currentResult(run)

  const edits = {
    hold: setHeld,
    commit(next: ClipEdit[]) {
      setHeld(undefined)
      if (tryEdit(clips, { crossfadeS, clips: next }, sequenceRate(clips, next))) setParams({ clips: next })
    },
    tryEntries: (next: ClipEdit[]) => tryEdit(clips, { crossfadeS, clips: next }, sequenceRate(clips, next)) !== undefined,
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return
    const key = event.key.toLowerCase()
    if (key === 'j' || key === 'k' || key === 'l') transport.shuttle(key)
    else if (key === ' ') transport.togglePlay()
    else if (event.key === 'ArrowLeft') transport.seek(transport.frame - (event.shiftKey ? Math.round(fps) : 1))
    else if (event.key === 'ArrowRight') transport.seek(transport.frame + (event.shiftKey ? Math.round(fps) : 1))
    else if (event.key === 'Home') transport.seek(0)
    else if (event.key === 'End') transport.seek(frames - 1)
    else if (event.key === '+' || event.key === '=') zoomBy(ZOOM_STEP)
    else if (event.key === '-') zoomBy(1 / ZOOM_STEP)
    else return
    event.preventDefault()
  }

  const contentWidth = Math.ceil(frames * pixelsPerFrame) + 24
  const blocks = clipBlocks(edit)
  return (
    <div
      className="timeline"
      data-own-keys
      tabIndex={0}
      role="group"
      aria-label="Timeline"
      aria-keyshortcuts="J K L Space ArrowLeft ArrowRight Home End"
      aria-description="J plays backwards, K stops, L plays forwards (again to go faster), Space plays or stops, arrows step a frame (Shift a second)."
      data-frames={frames}
      onKeyDown={onKeyDown}
    >
      <Viewer edit={edit} linked={linked} clips={clips} fps={fps} frame={transport.frame} speed={transport.speed} result={result} />
      <div className="timeline__main">
        <div className="timeline__bar" role="toolbar" aria-label="Timeline controls">
          <button type="button" aria-label="Play backwards (J)" aria-pressed={transport.speed < 0} onClick={() => transport.shuttle('j')}>
            ◀◀
          </button>
          <button type="button" aria-label="Stop (K)" onClick={() => transport.shuttle('k')}>
            ■
          </button>
          <button type="button" aria-label={transport.speed === 0 ? 'Play (Space)' : 'Pause (Space)'} onClick={transport.togglePlay}>
            {transport.speed === 0 ? '▶' : '❚❚'}
          </button>
          <button type="button" aria-label="Play forwards (L)" aria-pressed={transport.speed > 0} onClick={() => transport.shuttle('l')}>
            ▶▶
          </button>
          <output className="timeline__timecode" aria-label="Playhead timecode" data-frame={transport.frame}>
            {timecode(transport.frame, fps)}
          </output>
          <span className="timeline__speed">{transport.speed === 0 ? 'stopped' : `${transport.speed > 0 ? '' : '−'}${Math.abs(transport.speed)}×`}</span>
          <span className="timeline__length">
            {timecode(frames, fps)} · {frames} frames at {Number.isInteger(fps) ? fps : fps.toFixed(3)} fps
          </span>
          <span className="timeline__zoom">
            <button type="button" aria-label="Zoom out (−)" onClick={() => zoomBy(1 / ZOOM_STEP)}>
              −
            </button>
            <button type="button" aria-label="Zoom in (+)" onClick={() => zoomBy(ZOOM_STEP)}>
              +
            </button>
            <button type="button" aria-pressed={zoom === 'fit'} onClick={() => setZoom('fit')}>
              Fit
            </button>
          </span>
        </div>
        <div className="timeline__tracks">
          <div className="timeline__labels" aria-hidden="true">
            <span className="timeline__label timeline__label--ruler" />
            <span className="timeline__label timeline__label--picture">V1</span>
            <span className="timeline__label timeline__label--sound">A1</span>
            {result?.hasAudio && <span className="timeline__label timeline__label--sound">Mix</span>}
          </div>
          <div className="timeline__scroll" ref={setScroll}>
            <div className="timeline__content" style={{ width: contentWidth }}>
              <Ruler frames={frames} fps={fps} pixelsPerFrame={pixelsPerFrame} onScrub={transport.seek} />
              <PictureTrack blocks={blocks} edit={edit} entries={entries} clips={clips} linked={linked} fps={fps} pixelsPerFrame={pixelsPerFrame} edits={edits} onSeek={transport.seek} />
              <SoundTrack blocks={blocks} edit={edit} clips={clips} linked={linked} pixelsPerFrame={pixelsPerFrame} />
              {result?.hasAudio && <MixTrack video={result.video} width={frames * pixelsPerFrame} />}
              <div className="timeline__playhead" style={{ left: transport.frame * pixelsPerFrame }} aria-hidden="true" />
            </div>
          </div>
        </div>
      </div>
    </div>
  )
}

/** What a picture-track edit may do: show a cut while held, and write it once let go. */
export interface TimelineEdits {
  hold(entries: ClipEdit[]): void
  commit(entries: ClipEdit[]): void
  /** Whether the cut can hold these entries (no clip shorter than its dissolves). */
  tryEntries(entries: ClipEdit[]): boolean
}

/** The sequence's own result when it is the cut as it stands (not out of date): what the viewer plays. */
function currentResult(run: { stale: boolean; outputs?: Record<string, unknown> } | undefined): { video: AssetRef; hasAudio: boolean } | undefined {
  const video = run?.outputs?.video
  if (!run || run.stale || !isAssetRef(video)) return undefined
  return { video, hasAudio: video.meta.hasAudio === true }
}

/** The width of an element, followed as it changes. */
function useWidth(element: HTMLElement | null): number {
  const [width, setWidth] = useState(0)
  useEffect(() => {
    // The observer reports the first width as soon as it watches.
    if (!element || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(() => setWidth(element.clientWidth))
    observer.observe(element)
    return () => observer.disconnect()
  }, [element])
  return width
}
