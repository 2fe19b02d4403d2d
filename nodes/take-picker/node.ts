import { z } from 'zod'
import { defineNode, itemLabel, port, type AssetRef, type ParamUi } from '../../src/engine'

/** Generate-video makes at most this many takes of a shot. */
const MAX_TAKES = 20

/** What the filmmaker noted about one take while reviewing. */
export const takeReviewSchema = z.object({
  rejected: z.boolean().optional(),
  rating: z.number().int().min(1).max(5).optional(),
  note: z.string().max(1000).optional(),
})
export type TakeReview = z.infer<typeof takeReviewSchema>

const takeIndex = z.number().int().min(0).max(MAX_TAKES - 1).meta({ ui: 'number', label: 'Take', countsFromOne: true } satisfies ParamUi)

const selectedSchema = z
  .array(takeIndex)
  .max(MAX_TAKES)
  .refine((indices) => new Set(indices).size === indices.length, 'a take is chosen once')

const reviewsSchema = z.record(z.string().regex(/^\d+$/, 'is not a take index'), takeReviewSchema)

/** One item's own choice and reviews, when the node runs once per item (a shot of a list). */
export const itemBoardSchema = z.object({ selected: selectedSchema, reviews: reviewsSchema.default({}) })
export type ItemBoard = z.infer<typeof itemBoardSchema>

/** An item key as the run record names it: `3`, `12A`, or `4 / 2` for a list inside an item. */
const itemKey = z.string().min(1).max(400)

export default defineNode({
  type: 'take-picker',
  version: 1,
  title: 'Pick takes',
  category: 'Generation',
  description: 'Review a shot’s takes, rate and note them, and send the chosen one on to post.',
  inputs: { takes: port.list('video') },
  // Rating and noting a take changes no clip: the grade and export below stay as they are.
  notes: ['reviews'],
  outputs: {
    video: port.video({ label: 'Chosen take' }),
    selects: port.list('video', { label: 'All chosen' }),
  },
  params: z.object({
    selected: selectedSchema
      .default([])
      .meta({ label: 'Chosen takes', description: 'Numbered as on the node’s take grid, where they are picked.' } satisfies ParamUi),
    reviews: reviewsSchema
      .default({})
      .meta({ label: 'Reviews', description: 'Rejections, ratings and notes, made on the node’s take grid.' } satisfies ParamUi),
    // Optional rather than defaulted: a node without it keeps the cache key it had before it existed.
    byItem: z
      .record(itemKey, itemBoardSchema)
      .optional()
      .meta({
        label: 'Choices per item',
        description: 'When the node runs once per shot: each shot’s own chosen takes and reviews, by item key, made on the node or in the Dailies. A shot without its own uses the choice above.',
      } satisfies ParamUi),
  }),
  // Each item runs with its own choice alone, so choosing for shot 3 re-runs shot 3 and nothing else.
  forItem: (params, path) => ({ ...boardFor(params, itemLabel(path)), byItem: undefined }),
  async run({ inputs, params, ctx }) {
    const chosen = chosenTakes(inputs.takes, params.selected)
    // A chosen take is what the film is cut from: it must outlive any cache eviction.
    for (const take of chosen) await ctx.assets.pin(take)
    return { video: chosen[0] as AssetRef, selects: chosen }
  },
})

/**
 * The choice and reviews one item runs with: its own when it has them, else the node's, which is
 * also what a node that runs once uses (its key is '').
 */
export function boardFor(params: { selected: number[]; reviews: Record<string, TakeReview>; byItem?: Record<string, ItemBoard> | undefined }, key: string): ItemBoard {
  const own = params.byItem && Object.hasOwn(params.byItem, key) ? params.byItem[key] : undefined
  return own ?? { selected: params.selected, reviews: params.reviews }
}

/**
 * The chosen takes in take order, or an error that says what to do: pick one, or pick again when
 * fewer takes came in than were chosen from.
 */
export function chosenTakes(takes: readonly AssetRef[], selected: readonly number[]): AssetRef[] {
  if (takes.length === 0) throw new Error('No takes came in: run the generate node linked into “takes”.')
  if (selected.length === 0) throw new Error(`Pick a take: mark one of the ${takes.length} takes as chosen on this node.`)
  const missing = selected.filter((index) => index >= takes.length)
  if (missing.length > 0) {
    const names = missing.map((index) => `take ${index + 1}`).join(' and ')
    throw new Error(`${capitalise(names)} ${missing.length === 1 ? 'was' : 'were'} chosen, but only ${takes.length} takes came in; pick again.`)
  }
  return [...selected].sort((a, b) => a - b).map((index) => takes[index] as AssetRef)
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
