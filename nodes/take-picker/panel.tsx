import { useId, useRef, useState, type ReactNode } from 'react'
import { isAssetRef, type AssetRef } from '../../src/engine'
import { useAssetUrl, useIncomingValues, useOpenDailies, useParamSetter, useParamsSetter, usePickerShots, type NodePanelProps } from '../../src/editor/panel-kit'
import { annotate, choose, itemBoardChange, rate, readBoard, toggleChosen, toggleRejected, type TakeBoard } from './reviews'
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

  // Per item (a list of shots), each item's own takes arrive as a list: one shot's grid at a time, chosen here or in the Dailies.
  if (takes.length === 0 && incoming.some(Array.isArray)) return <PerShotGrid nodeId={nodeId} params={params} run={run} dailiesButton={dailiesButton} />
  if (takes.length === 0) return <p className="node__placeholder">Run the pipeline: the takes appear here to pick from.</p>
  return (
    <TakeGrid
      takes={takes}
      board={board}
      stale={run?.stale === true}
      onChange={change}
      // Typing goes through the one-param setter, which makes a pause in typing one undo step.
      onNote={(index, note) => setParam('reviews', annotate(board, index, note).reviews)}
      dailiesButton={dailiesButton}
    />
  )
}

/**
 * A picker run per shot: a chooser of the shot, with where its choice comes from, and that shot's
 * takes as the grid; a choice made here is the shot's own (`byItem`), as in the Dailies.
 */
function PerShotGrid({ nodeId, params, run, dailiesButton }: Pick<NodePanelProps, 'nodeId' | 'params' | 'run'> & { dailiesButton: ReactNode }) {
  const shots = usePickerShots(nodeId)
  const setParams = useParamsSetter(nodeId)
  const setParam = useParamSetter(nodeId)
  const [shownKey, setShownKey] = useState<string | undefined>(undefined)
  const chooserId = useId()
  const board = readBoard(params)
  const shot = shots.find((candidate) => candidate.key === shownKey) ?? shots[0]
  if (!shot) return <p className="node__placeholder">Run the pipeline: each shot’s takes appear here to pick from.</p>
  const fallback = board.selected.length === 0 ? 'fails with “Pick a take” until one is chosen' : `uses the node’s take ${board.selected.map((index) => index + 1).join(', ')}`
  const stale = run?.stale === true || run?.items?.some((item) => item.key === shot.key && item.stale) === true
  return (
    <div className="take-grid__per-shot">
      <div className="take-grid__per-item">
        <label htmlFor={chooserId}>Shot</label>
        <select id={chooserId} className="nodrag" value={shot.key} onChange={(event) => setShownKey(event.target.value)}>
          {shots.map((candidate) => (
            <option key={candidate.key} value={candidate.key}>
              {candidate.title} · {candidate.usesPickerChoice ? 'no choice of its own' : choiceName(candidate.board, candidate.takes.length)}
            </option>
          ))}
        </select>
        {shot.usesPickerChoice && <span className="take-grid__fallback">Shot {shot.title} {fallback}.</span>}
      </div>
      {shot.takes.length === 0 ? (
        <p className="node__placeholder">No takes came in for shot {shot.title} yet.</p>
      ) : (
        <TakeGrid
          key={shot.key}
          takes={shot.takes}
          board={shot.board}
          stale={stale}
          onChange={(next) => setParams(itemBoardChange(params, shot.key, next))}
          onNote={(index, note) => setParam('byItem', itemBoardChange(params, shot.key, annotate(shot.board, index, note)).byItem)}
          dailiesButton={dailiesButton}
        />
      )}
    </div>
  )
}

function choiceName(board: TakeBoard, takes: number): string {
  const chosen = board.selected.filter((index) => index < takes)
  return chosen.length === 0 ? 'none chosen' : `take ${chosen.map((index) => index + 1).join(', ')}`
}

interface TakeGridProps {
  takes: readonly AssetRef[]
  board: TakeBoard
  stale: boolean
  onChange(next: TakeBoard): void
  onNote(index: number, note: string): void
  dailiesButton: ReactNode
}

function TakeGrid({ takes, board, stale, onChange, onNote, dailiesButton }: TakeGridProps) {
  const chosen = board.selected.filter((index) => index < takes.length).length
  const rejected = takes.filter((_, index) => board.reviews[String(index)]?.rejected === true).length
  return (
    <div className={`take-grid${stale ? ' take-grid--stale' : ''}`} role="list" aria-label="Takes">
      {takes.map((take, index) => (
        <TakeCard
          key={`${index}:${take.hash}`}
          take={take}
          index={index}
          board={board}
          onChoose={() => onChange(choose(board, index))}
          onToggleSelect={() => onChange(toggleChosen(board, index))}
          onToggleRejected={() => onChange(toggleRejected(board, index))}
          onRate={(stars) => onChange(rate(board, index, stars))}
          onNote={(note) => onNote(index, note)}
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
