import { z } from 'zod'
import { defineNode, port, type AssetRef, type ParamUi } from '../../src/engine'

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
    selected: z
      .array(takeIndex)
      .max(MAX_TAKES)
      .refine((indices) => new Set(indices).size === indices.length, 'a take is chosen once')
      .default([])
      .meta({ label: 'Chosen takes', description: 'Numbered as on the node’s take grid, where they are picked.' } satisfies ParamUi),
    reviews: z
      .record(z.string().regex(/^\d+$/, 'is not a take index'), takeReviewSchema)
      .default({})
      .meta({ label: 'Reviews', description: 'Rejections, ratings and notes, made on the node’s take grid.' } satisfies ParamUi),
  }),
  async run({ inputs, params, ctx }) {
    const chosen = chosenTakes(inputs.takes, params.selected)
    // A chosen take is what the film is cut from: it must outlive any cache eviction.
    for (const take of chosen) await ctx.assets.pin(take)
    return { video: chosen[0] as AssetRef, selects: chosen }
  },
})

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
