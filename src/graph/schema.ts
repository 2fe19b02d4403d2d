import { z } from 'zod'
import type { PipelineDoc } from './types'

/** The document format version this build writes. Every change ships a migration (see migrations/). */
export const CURRENT_DOC_VERSION = 2

const id = z.string().min(1, 'must not be empty').max(200, 'is longer than 200 characters')

export const positionSchema = z.object({ x: z.number().finite(), y: z.number().finite() })

export const nodeSchema = z.object({
  id,
  type: z.string().min(1).max(100),
  typeVersion: z.number().int().min(1),
  position: positionSchema,
  label: z.string().max(200).optional(),
  params: z.record(z.string(), z.unknown()),
})

export const portRefSchema = z.object({ node: id, port: z.string().min(1).max(100) })

export const edgeSchema = z.object({ id, from: portRefSchema, to: portRefSchema })

export const sizeSchema = z.object({ width: z.number().finite().positive(), height: z.number().finite().positive() })

const colorSchema = z.string().max(40)

export const groupSchema = z.object({
  id,
  label: z.string().max(200),
  nodes: z.array(id),
  color: colorSchema.optional(),
  position: positionSchema.optional(),
  size: sizeSchema.optional(),
})

export const noteSchema = z.object({
  id,
  text: z.string().max(20_000),
  position: positionSchema,
  size: sizeSchema,
  color: colorSchema.optional(),
})

export const exposedParamSchema = z.object({ node: id, param: z.string().min(1), label: z.string().max(200) })

const portName = z.string().min(1).max(100)

export const componentSchema = z.object({
  id,
  name: z.string().max(200),
  nodes: z.array(nodeSchema).max(100_000),
  edges: z.array(edgeSchema).max(400_000),
  inputs: z.array(z.object({ name: portName, to: z.array(portRefSchema).min(1).max(1000) })).max(1000),
  outputs: z.array(z.object({ name: portName, from: portRefSchema })).max(1000),
  exposed: z.array(exposedParamSchema).optional(),
})

/** The largest budget a pipeline may set: far above any film's generation, and a figure a person types. */
export const MAX_BUDGET_USD = 1_000_000

export const pipelineDocSchema = z.object({
  format: z.literal('reelgraph'),
  version: z.literal(CURRENT_DOC_VERSION),
  id,
  name: z.string().max(200),
  description: z.string().max(20_000),
  nodes: z.array(nodeSchema).max(100_000),
  edges: z.array(edgeSchema).max(400_000),
  groups: z.array(groupSchema).max(10_000).optional(),
  notes: z.array(noteSchema).max(10_000).optional(),
  exposed: z.array(exposedParamSchema).optional(),
  components: z.array(componentSchema).max(10_000).optional(),
  budgetUsd: z.number().finite().nonnegative().max(MAX_BUDGET_USD).optional(),
}) satisfies z.ZodType<PipelineDoc>

/** Just enough of a document to find out which version it is, before migrating it. */
export const versionedSchema = z.object({
  format: z.literal('reelgraph', { error: 'is not "reelgraph": this is not a Reelgraph pipeline' }),
  version: z.number().int().min(1),
})
