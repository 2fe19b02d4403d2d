import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { AssetRef } from '../../engine'
import { annotate, choose, itemBoardChange, rate, toggleRejected, type TakeBoard } from '../../../nodes/take-picker/reviews'
import { useAssetUrl } from '../canvas/use-asset-url'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { dailiesRows, hasSelect, type DailiesRow } from './dailies-rows'
import { takePosters } from './posters'
import { visibleRange } from './visible-range'
import './dailies.css'

/** Every row is this tall, so the rows in view are known from the scroll position alone. */
export const DAILIES_ROW_HEIGHT = 150
/** Rows mounted above and below the view, so a short scroll shows takes already loaded. */
const OVERSCAN_ROWS = 2
/** A scroll has settled once no scroll event came for this long: rows that came into view meanwhile load their takes then. */
const SCROLL_SETTLE_MS = 150

interface Cursor {
  rowId: string
  take: number
}

/**
 * The Dailies: every shot's takes in one view, a row a shot in script order, to play, rate, reject,
 * note and choose from the keyboard. Choices are the take pickers' params, set through the editor's
 * store as any edit (one undo step each, saved with the document); the view keeps nothing of its own
 * but where the cursor is. Only the rows in view are mounted, so a film's hundred takes scroll freely.
 */
export function Dailies() {
  const doc = useEditorStore((state) => state.levelDoc)
  const nodeRuns = useEditorStore((state) => state.nodeRuns)
  const setParams = useEditorStore((state) => state.setParams)
  const rows = useMemo(() => dailiesRows(doc, nodeRuns), [doc, nodeRuns])
  const [onlyOpen, setOnlyOpen] = useState(false)
  const [full, setFull] = useState(false)
  const [cursor, setCursor] = useState<Cursor | null>(null)
  const [playing, setPlaying] = useState<Cursor | null>(null)
  const [noting, setNoting] = useState<Cursor | null>(null)
  const list = useRef<HTMLDivElement | null>(null)
  // The list mounts once there are rows: observed from then on, whenever that is.
  const [listElement, setListElement] = useState<HTMLDivElement | null>(null)
  const [view, setView] = useState({ top: 0, height: 0 })
  const [scrolling, setScrolling] = useState(false)
  const settleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(settleTimer.current), [])

  const shown = useMemo(() => (onlyOpen ? rows.filter((row) => !hasSelect(row) || row.id === cursor?.rowId) : rows), [rows, onlyOpen, cursor?.rowId])
  const selects = rows.filter(hasSelect).length
  const at = cursor ? shown.findIndex((row) => row.id === cursor.rowId) : -1
  const current = at >= 0 ? { row: shown[at] as DailiesRow, take: (cursor as Cursor).take } : undefined

  useEffect(() => {
    list.current = listElement
    if (!listElement) return
    const measure = () => setView({ top: listElement.scrollTop, height: listElement.clientHeight })
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(listElement)
    return () => observer.disconnect()
  }, [listElement])

  const change = useCallback(
    (row: DailiesRow, next: TakeBoard) => {
      const picker = doc.nodes.find((node) => node.id === row.pickerId)
      if (picker) setParams(row.pickerId, itemBoardChange(picker.params, row.key, next))
    },
    [doc, setParams],
  )
  const point = useCallback((row: DailiesRow, take: number) => setCursor({ rowId: row.id, take }), [])
  const chooseTake = useCallback((row: DailiesRow, take: number) => change(row, choose(row.board, take)), [change])
  const note = useCallback(
    (row: DailiesRow, take: number, text: string) => {
      setNoting(null)
      change(row, annotate(row.board, take, text))
      list.current?.closest<HTMLElement>('.dailies')?.focus()
    },
    [change],
  )
  /** Scrolling re-renders only when another row comes into reach; the rows already there move with the list. */
  const onScroll = (element: HTMLDivElement) => {
    if (!scrolling) setScrolling(true)
    clearTimeout(settleTimer.current)
    settleTimer.current = setTimeout(() => setScrolling(false), SCROLL_SETTLE_MS)
    const next = { top: element.scrollTop, height: element.clientHeight }
    const before = visibleRange(view.top, view.height, DAILIES_ROW_HEIGHT, shown.length, OVERSCAN_ROWS)
    const after = visibleRange(next.top, next.height, DAILIES_ROW_HEIGHT, shown.length, OVERSCAN_ROWS)
    if (before.first !== after.first || before.last !== after.last) setView(next)
  }

  /** Moves the cursor to a row and take, and scrolls the row into view. */
  const moveTo = (index: number, take: number) => {
    const row = shown[index]
    if (!row) return
    setCursor({ rowId: row.id, take: Math.max(0, Math.min(take, row.takes.length - 1)) })
    const element = list.current
    if (!element) return
    const top = index * DAILIES_ROW_HEIGHT
    if (top < element.scrollTop) element.scrollTop = top
    else if (top + DAILIES_ROW_HEIGHT > element.scrollTop + element.clientHeight) element.scrollTop = top + DAILIES_ROW_HEIGHT - element.clientHeight
  }

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    // The note being typed keeps its keys.
    if (event.target instanceof HTMLInputElement && event.target.type === 'text') return
    if (event.ctrlKey || event.metaKey || event.altKey) return
    const handled = handleKey(event.key)
    if (handled) {
      event.preventDefault()
      event.stopPropagation()
    }
  }

  const handleKey = (key: string): boolean => {
    if (key === 'Escape' && full) {
      setFull(false)
      return true
    }
    if (!current) {
      if (!['ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight'].includes(key) || shown.length === 0) return false
      moveTo(0, 0)
      return true
    }
    const { row, take } = current
    switch (key) {
      case 'ArrowDown':
        moveTo(at + 1, take)
        return true
      case 'ArrowUp':
        moveTo(at - 1, take)
        return true
      case 'ArrowRight':
        moveTo(at, take + 1)
        return true
      case 'ArrowLeft':
        moveTo(at, take - 1)
        return true
      case ' ':
        setPlaying(playing?.rowId === row.id && playing.take === take ? null : { rowId: row.id, take })
        return true
      case 'Enter':
        if (row.takes.length > 0) change(row, choose(row.board, take))
        return true
      case 'x':
      case 'X':
        if (row.takes.length > 0) change(row, toggleRejected(row.board, take))
        return true
      case 'n':
      case 'N':
        if (row.takes.length > 0) setNoting({ rowId: row.id, take })
        return true
      default:
        if (/^[1-5]$/.test(key) && row.takes.length > 0) {
          change(row, rate(row.board, take, Number(key)))
          return true
        }
        return false
    }
  }

  const range = visibleRange(view.top, view.height, DAILIES_ROW_HEIGHT, shown.length, OVERSCAN_ROWS)
  return (
    <section className={`dailies${full ? ' dailies--full' : ''}`} aria-label="Shots and takes" data-own-keys="" tabIndex={0} onKeyDown={onKeyDown}>
      <header className="dailies__bar">
        <strong className="dailies__title">Dailies</strong>
        <span className="dailies__count" role="status">
          {selects} of {rows.length} {rows.length === 1 ? 'shot has' : 'shots have'} a select
        </span>
        <label className="dailies__filter">
          <input type="checkbox" checked={onlyOpen} onChange={(event) => setOnlyOpen(event.target.checked)} /> Only shots without a select
        </label>
        <span className="dailies__keys" aria-hidden="true">
          ↑↓ shot · ←→ take · Space play · 1–5 rate · Enter choose · X reject · N note
        </span>
        <button type="button" className="button--quiet" onClick={() => setFull(!full)}>
          {full ? 'Back to the dock' : 'Full window'}
        </button>
      </header>
      {rows.length === 0 ? (
        <p className="dailies__empty">No takes to review yet: link a generate node into a take picker and run the pipeline.</p>
      ) : (
        <div
          ref={setListElement}
          className="dailies__rows"
          role="list"
          aria-label="Shots"
          onScroll={(event) => onScroll(event.currentTarget)}
        >
          <div className="dailies__spacer" style={{ height: shown.length * DAILIES_ROW_HEIGHT }}>
            {shown.slice(range.first, range.last).map((row, offset) => (
              <ShotRow
                key={row.id}
                row={row}
                top={(range.first + offset) * DAILIES_ROW_HEIGHT}
                settled={!scrolling}
                cursorTake={cursor?.rowId === row.id ? cursor.take : undefined}
                playingTake={playing?.rowId === row.id ? playing.take : undefined}
                notingTake={noting?.rowId === row.id ? noting.take : undefined}
                onPoint={point}
                onChoose={chooseTake}
                onNote={note}
              />
            ))}
          </div>
        </div>
      )}
    </section>
  )
}

interface ShotRowProps {
  row: DailiesRow
  top: number
  /** False while the list scrolls: a row that comes into view then waits for the scroll to settle before it loads its takes. */
  settled: boolean
  cursorTake: number | undefined
  playingTake: number | undefined
  notingTake: number | undefined
  onPoint(row: DailiesRow, take: number): void
  onChoose(row: DailiesRow, take: number): void
  onNote(row: DailiesRow, take: number, note: string): void
}

/** A shot's row: re-rendered only when its shot, its place or the cursor on it changes. */
const ShotRow = memo(function ShotRow({ row, top, settled, cursorTake, playingTake, notingTake, onPoint, onChoose, onNote }: ShotRowProps) {
  // Decoding a take's poster reads its bytes and starts a decoder: rows passing by in a fast scroll skip it, and a row that has loaded keeps its posters.
  const [live, setLive] = useState(settled)
  if (settled && !live) setLive(true)
  const chosen = row.board.selected.filter((index) => index < row.takes.length)
  const state = chosen.length === 0 ? 'No select' : `Take ${chosen.map((index) => index + 1).join(', ')}${row.usesPickerChoice ? ' (the picker’s)' : ''}`
  return (
    <div
      className={`dailies-row${chosen.length === 0 ? ' dailies-row--open' : ''}`}
      role="listitem"
      aria-label={row.key === '' ? row.title : `Shot ${row.title}`}
      data-item-key={row.key}
      style={{ transform: `translateY(${top}px)`, height: DAILIES_ROW_HEIGHT }}
    >
      <div className="dailies-row__info">
        <span className="dailies-row__title">{row.title}</span>
        {row.durationS !== undefined && <span className="dailies-row__facts">{row.durationS.toFixed(1)} s</span>}
        {row.prompt !== undefined && <p className="dailies-row__prompt" title={row.prompt}>{row.prompt}</p>}
        <span className="dailies-row__state" data-select={chosen.length > 0}>
          {state}
        </span>
      </div>
      <div className="dailies-row__takes">
        {row.takes.length === 0 && <p className="dailies-row__none">No takes came in for this shot.</p>}
        {row.takes.map((take, index) => (
          <TakeTile
            key={`${index}:${take.hash}`}
            take={take}
            live={live}
            index={index}
            shot={row.title}
            board={row.board}
            pointed={cursorTake === index}
            playing={playingTake === index}
            noting={notingTake === index}
            onPoint={() => onPoint(row, index)}
            onChoose={() => onChoose(row, index)}
            onNote={(text) => onNote(row, index, text)}
          />
        ))}
      </div>
    </div>
  )
})

interface TakeTileProps {
  take: AssetRef
  live: boolean
  index: number
  shot: string
  board: TakeBoard
  pointed: boolean
  playing: boolean
  noting: boolean
  onPoint(): void
  onChoose(): void
  onNote(note: string): void
}

function TakeTile({ take, live, index, shot, board, pointed, playing, noting, onPoint, onChoose, onNote }: TakeTileProps) {
  const [hovered, setHovered] = useState(false)
  const review = board.reviews[String(index)] ?? {}
  const chosen = board.selected.includes(index)
  const rejected = review.rejected === true
  const state = chosen ? 'chosen' : rejected ? 'rejected' : 'open'
  return (
    <div
      className={`dailies-take dailies-take--${state}${pointed ? ' dailies-take--pointed' : ''}`}
      aria-label={`Shot ${shot}, take ${index + 1}`}
      aria-current={pointed ? 'true' : undefined}
      data-take={index}
      data-take-state={state}
      onClick={onPoint}
      onDoubleClick={onChoose}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
    >
      <div className="dailies-take__picture">
        <TakePoster take={take} live={live} />
        {/* Only the take looked at has a video: the others are their posters. */}
        {(hovered || pointed || playing) && <TakeClip take={take} playing={playing || hovered} />}
      </div>
      <div className="dailies-take__line">
        <span>Take {index + 1}</span>
        {review.rating !== undefined && <span className="dailies-take__stars" aria-label={`${review.rating} of 5`}>{'★'.repeat(review.rating)}</span>}
        {chosen && <span className="dailies-take__badge dailies-take__badge--chosen">Chosen</span>}
        {rejected && <span className="dailies-take__badge dailies-take__badge--rejected">Rejected</span>}
      </div>
      {noting ? (
        <NoteField initial={review.note ?? ''} label={`Note on take ${index + 1} of shot ${shot}`} onDone={onNote} />
      ) : (
        review.note !== undefined && <p className="dailies-take__note" title={review.note}>{review.note}</p>
      )}
    </div>
  )
}

/**
 * A take's poster (see posters.ts): drawn at once when already decoded, else decoded once the row is
 * live, so rows passing by in a fast scroll decode nothing.
 */
function TakePoster({ take, live }: { take: AssetRef; live: boolean }) {
  const { storage } = useEditorContext()
  const posters = takePosters(storage.assets)
  const canvas = useRef<HTMLCanvasElement>(null)
  const [state, setState] = useState<{ drawn?: string; error?: string }>({})
  const kept = posters.ready(take.hash)
  useEffect(() => {
    const target = canvas.current
    if (!target || (!live && !kept)) return
    let cancelled = false
    const draw = (bitmap: ImageBitmap) => {
      const context = target.getContext('2d')
      if (cancelled || !context) return
      target.width = bitmap.width
      target.height = bitmap.height
      context.drawImage(bitmap, 0, 0)
      setState({ drawn: take.hash })
    }
    if (kept) draw(kept)
    else
      posters.poster(take).then(draw, (error: unknown) => {
        if (!cancelled) setState({ error: `No poster: ${error instanceof Error ? error.message : String(error)}` })
      })
    return () => {
      cancelled = true
    }
  }, [posters, take, live, kept])
  if (state.error) return <p className="dailies-take__missing">{state.error}</p>
  const drawn = state.drawn === take.hash
  return <canvas ref={canvas} className={`dailies-take__video${drawn ? '' : ' dailies-take__video--loading'}`} data-poster={drawn ? 'drawn' : 'loading'} aria-hidden="true" />
}

/** The take looked at, over its poster: it plays while the pointer is over it, or while Space holds it playing. */
function TakeClip({ take, playing }: { take: AssetRef; playing: boolean }) {
  const { url, error } = useAssetUrl(take)
  const video = useRef<HTMLVideoElement>(null)
  useEffect(() => {
    const element = video.current
    if (!element) return
    if (playing) void element.play().catch(() => undefined)
    else element.pause()
  }, [playing, url])
  if (error) return <p className="dailies-take__missing dailies-take__over">{error}</p>
  if (!url) return null
  return <video ref={video} className="dailies-take__video dailies-take__over" src={url} muted loop playsInline preload="auto" />
}

/** The note being written: Enter keeps it, Escape leaves the note as it was. */
function NoteField({ initial, label, onDone }: { initial: string; label: string; onDone(note: string): void }) {
  const [text, setText] = useState(initial)
  // Enter ends the note, and the field leaving the page may blur it after: the note is kept once.
  const done = useRef(false)
  const finish = (note: string) => {
    if (done.current) return
    done.current = true
    onDone(note)
  }
  return (
    <input
      className="dailies-take__note-field"
      type="text"
      maxLength={1000}
      aria-label={label}
      placeholder="Note: hands, physics, timing…"
      autoFocus
      value={text}
      onChange={(event) => setText(event.target.value)}
      onBlur={() => finish(text)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') finish(text)
        if (event.key === 'Escape') finish(initial)
        if (event.key === 'Enter' || event.key === 'Escape') event.preventDefault()
        event.stopPropagation()
      }}
    />
  )
}
