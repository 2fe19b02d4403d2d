import { z } from 'zod'
import { takeReviewSchema, type TakeReview } from './node'

/** The review state the panel shows and edits, read leniently from the document's params. */
export interface TakeBoard {
  selected: number[]
  reviews: Record<string, TakeReview>
}

const boardSchema = z.object({
  selected: z.array(z.number().int().min(0)).catch([]),
  reviews: z.record(z.string(), takeReviewSchema.catch({})).catch({}),
})

export function readBoard(params: Readonly<Record<string, unknown>>): TakeBoard {
  return boardSchema.parse({ selected: params.selected ?? [], reviews: params.reviews ?? {} })
}

/**
 * "Choose": this take becomes the one, replacing the choice (a take is the shot); choosing the only
 * chosen take again lets go of it. Choosing un-rejects it.
 */
export function choose(board: TakeBoard, take: number): TakeBoard {
  if (board.selected.length === 1 && board.selected[0] === take) return { ...board, selected: [] }
  return { selected: [take], reviews: withReview(board.reviews, take, { rejected: undefined }) }
}

/** Shift+Choose or "Add to selects": adds the take to the selects, or takes it out. Choosing un-rejects it; un-choosing leaves its review as it was. */
export function toggleChosen(board: TakeBoard, take: number): TakeBoard {
  if (board.selected.includes(take)) return { ...board, selected: board.selected.filter((index) => index !== take) }
  const selected = [...board.selected, take].sort((a, b) => a - b)
  return { selected, reviews: withReview(board.reviews, take, { rejected: undefined }) }
}

/** Rejecting a take takes it out of the choice. */
export function toggleRejected(board: TakeBoard, take: number): TakeBoard {
  const rejected = board.reviews[String(take)]?.rejected !== true
  return {
    selected: rejected ? board.selected.filter((index) => index !== take) : board.selected,
    reviews: withReview(board.reviews, take, { rejected: rejected || undefined }),
  }
}

/** Giving a take the rating it has clears the rating. */
export function rate(board: TakeBoard, take: number, stars: number): TakeBoard {
  const current = board.reviews[String(take)]?.rating
  return { ...board, reviews: withReview(board.reviews, take, { rating: current === stars ? undefined : stars }) }
}

export function annotate(board: TakeBoard, take: number, note: string): TakeBoard {
  return { ...board, reviews: withReview(board.reviews, take, { note: note === '' ? undefined : note }) }
}

/** The reviews with one take's review changed; fields set to undefined go, and an empty review goes. */
function withReview(reviews: Record<string, TakeReview>, take: number, change: Partial<TakeReview>): Record<string, TakeReview> {
  const key = String(take)
  const merged: Record<string, unknown> = { ...reviews[key], ...change }
  const review = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as TakeReview
  const { [key]: _old, ...others } = reviews
  return Object.keys(review).length === 0 ? others : { ...others, [key]: review }
}

const itemBoardsSchema = z.record(z.string(), boardSchema.catch({ selected: [], reviews: {} })).catch({})

/**
 * One item's board (an item key as the run record names it; '' for a node that runs once): its own
 * choice when it has one, else the node's, which every item without its own runs with.
 */
export function readItemBoard(params: Readonly<Record<string, unknown>>, key: string): TakeBoard {
  const own = key === '' ? undefined : ownBoards(params)[key]
  return own ?? readBoard(params)
}

/** Whether the item runs with a choice of its own, rather than the node's. */
export function hasOwnBoard(params: Readonly<Record<string, unknown>>, key: string): boolean {
  return key !== '' && Object.hasOwn(ownBoards(params), key)
}

/** The params to set so the item's board becomes `board`: its own entry in `byItem`, or the node's for a node that runs once. */
export function itemBoardChange(params: Readonly<Record<string, unknown>>, key: string, board: TakeBoard): Record<string, unknown> {
  if (key === '') return { selected: board.selected, reviews: board.reviews }
  return { byItem: { ...ownBoards(params), [key]: { selected: board.selected, reviews: board.reviews } } }
}

function ownBoards(params: Readonly<Record<string, unknown>>): Record<string, TakeBoard> {
  const boards = itemBoardsSchema.parse(params.byItem ?? {})
  return Object.setPrototypeOf(boards, null) as Record<string, TakeBoard>
}
