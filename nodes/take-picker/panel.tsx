import { useRef, useState } from 'react'
import { isAssetRef, type AssetRef } from '../../src/engine'
import { useAssetUrl, useIncomingValues, useOpenDailies, useParamSetter, useParamsSetter, type NodePanelProps } from '../../src/editor/panel-kit'
import { annotate, choose, rate, readBoard, toggleChosen, toggleRejected, type TakeBoard } from './reviews'
import './panel.css'

/** The takes as a grid to review: each plays on hover or click, and is chosen, rejected, rated and noted here. */
export default function TakePickerPanel({ nodeId, params, run }: NodePanelProps) {
  const incoming = useIncomingValues(nodeId).flat()
  const takes = incoming.filter((value): value is AssetRef => isAssetRef(value) && value.kind === 'video')
  const board = readBoard(params)
  const setParams = useParamsSetter(nodeId)
  const setParam = useParamSetter(nodeId)
  const openDailies = useOpenDailies()
  const change = (next: TakeBoard) => setParams({ selected: next.selected, reviews: next.reviews })
  const dailiesButton = (
    <button type="button" className="nodrag take-grid__dailies" onClick={openDailies}>
      Open Dailies
    </button>
  )

  // Per item (a list of shots), each item's own takes arrive as a list, and each shot is chosen in the Dailies.
  if (takes.length === 0 && incoming.some(Array.isArray)) {
    const fallback = board.selected.length === 0 ? 'a shot without one fails with “Pick a take”' : `a shot without one uses take ${board.selected.map((index) => index + 1).join(', ')}`
    const own = Object.keys(typeof params.byItem === 'object' && params.byItem !== null ? params.byItem : {}).length
    return (
      <div className="take-grid__per-item">
        <p className="node__placeholder">
          Runs once per shot: {own === 0 ? 'no shot has a choice of its own yet' : `${own} ${own === 1 ? 'shot has' : 'shots have'} a choice of its own`}; {fallback}.
        </p>
        {dailiesButton}
      </div>
    )
  }
  if (takes.length === 0) return <p className="node__placeholder">Run the pipeline: the takes appear here to pick from.</p>
  const chosen = board.selected.filter((index) => index < takes.length).length
  const rejected = takes.filter((_, index) => board.reviews[String(index)]?.rejected === true).length
  return (
    <div className={`take-grid${run?.stale ? ' take-grid--stale' : ''}`} role="list" aria-label="Takes">
      {takes.map((take, index) => (
        <TakeCard
          key={`${index}:${take.hash}`}
          take={take}
          index={index}
          board={board}
          onChoose={() => change(choose(board, index))}
          onToggleSelect={() => change(toggleChosen(board, index))}
          onToggleRejected={() => change(toggleRejected(board, index))}
          onRate={(stars) => change(rate(board, index, stars))}
          // Typing goes through the one-param setter, which makes a pause in typing one undo step.
          onNote={(note) => setParam('reviews', annotate(board, index, note).reviews)}
        />
      ))}
      <p className="take-grid__summary">
        {takes.length} takes · {chosen === 0 ? 'none chosen yet' : `${chosen} chosen`}
        {rejected > 0 && ` · ${rejected} rejected`} {dailiesButton}
      </p>
    </div>
  )
}

interface TakeCardProps {
  take: AssetRef
  index: number
  board: TakeBoard
  onChoose(): void
  onToggleSelect(): void
  onToggleRejected(): void
  onRate(stars: number): void
  onNote(note: string): void
}

function TakeCard({ take, index, board, onChoose, onToggleSelect, onToggleRejected, onRate, onNote }: TakeCardProps) {
  const review = board.reviews[String(index)] ?? {}
  const chosen = board.selected.includes(index)
  const rejected = review.rejected === true
  const name = `Take ${index + 1}`
  const state = chosen ? 'chosen' : rejected ? 'rejected' : 'open'
  return (
    <div className={`take take--${state}`} role="listitem" aria-label={name} data-take={index} data-take-state={state}>
      <div className="take__frame">
        <TakeVideo take={take} name={name} />
        {chosen && <span className="take__badge take__badge--chosen">Chosen</span>}
        {rejected && <span className="take__badge take__badge--rejected">Rejected</span>}
      </div>
      <div className="take__line">
        <span className="take__name">{name}</span>
        {take.meta.durationS !== undefined && <span className="take__facts">{take.meta.durationS.toFixed(1)} s</span>}
        <Rating name={name} rating={review.rating} onRate={onRate} />
      </div>
      <div className="take__actions">
        <button
          type="button"
          className={`nodrag take__choose${chosen ? ' button--primary' : ''}`}
          aria-pressed={chosen}
          aria-label={`Choose ${name.toLowerCase()}`}
          title="Make this the take (Shift+click adds it to the selects)"
          onClick={(event) => (event.shiftKey ? onToggleSelect() : onChoose())}
        >
          {chosen ? '✓ Chosen' : 'Choose'}
        </button>
        <button
          type="button"
          className="nodrag button--quiet take__select"
          aria-pressed={chosen}
          aria-label={`${chosen ? 'Take' : 'Add'} ${name.toLowerCase()} ${chosen ? 'out of' : 'to'} the selects`}
          title={chosen ? 'Take it out of the selects' : 'Add it to the selects, keeping the others'}
          onClick={onToggleSelect}
        >
          {chosen ? '−' : '+'}
        </button>
        <button type="button" className="nodrag button--quiet" aria-pressed={rejected} aria-label={`Reject ${name.toLowerCase()}`} onClick={onToggleRejected}>
          {rejected ? 'Rejected' : 'Reject'}
        </button>
      </div>
      <input
        className="take__note nodrag"
        type="text"
        maxLength={1000}
        placeholder="Note: hands, physics, timing…"
        aria-label={`Note on ${name.toLowerCase()}`}
        value={review.note ?? ''}
        onChange={(event) => onNote(event.target.value)}
      />
    </div>
  )
}

/** One to five stars; the stars up to the rating are lit. */
function Rating({ name, rating, onRate }: { name: string; rating: number | undefined; onRate(stars: number): void }) {
  return (
    <span className="take__rating" role="group" aria-label={`Rating of ${name.toLowerCase()}`}>
      {[1, 2, 3, 4, 5].map((stars) => (
        <button
          key={stars}
          type="button"
          className={`take__star nodrag${rating !== undefined && stars <= rating ? ' take__star--on' : ''}`}
          aria-label={`${stars} of 5`}
          aria-pressed={rating === stars}
          onClick={() => onRate(stars)}
        >
          ★
        </button>
      ))}
    </span>
  )
}

/** A take that plays while the pointer is over it, and on click plays or pauses for good. */
function TakeVideo({ take, name }: { take: AssetRef; name: string }) {
  const { url, error } = useAssetUrl(take)
  const video = useRef<HTMLVideoElement>(null)
  const [held, setHeld] = useState(false)
  if (error) return <p className="take__missing">{error}</p>
  if (!url) return <div className="take__video take__video--loading" aria-busy="true" />
  const play = () => void video.current?.play().catch(() => undefined)
  return (
    <video
      ref={video}
      className="take__video nodrag"
      src={url}
      muted
      loop
      playsInline
      preload="auto"
      aria-label={name}
      onMouseEnter={play}
      onMouseLeave={() => {
        if (!held) video.current?.pause()
      }}
      onClick={() => {
        const element = video.current
        if (!element) return
        if (element.paused || !held) {
          setHeld(true)
          play()
        } else {
          setHeld(false)
          element.pause()
        }
      }}
    />
  )
}
