import { Dexie, type EntityTable } from 'dexie'
import { z } from 'zod'
import { assetRefSchema, shotValueSchema, type RunRecord, type Value } from '../engine'

/** The database name the app uses; tests and the headless runner pass their own. */
export const DEFAULT_DATABASE_NAME = 'reelgraph'

/*
 * The shape of every stored row. Rows are parsed with these schemas when they are read back:
 * the database outlives the build that wrote it.
 */

const promptValueSchema = z.object({
  kind: z.literal('prompt'),
  text: z.string(),
  fields: z.record(z.string(), z.string()),
  references: z.array(assetRefSchema).optional(),
})

const characterValueSchema = z.object({
  kind: z.literal('character'),
  name: z.string(),
  description: z.string(),
  references: z.array(assetRefSchema),
})

/**
 * Text and numbers are tried first and the objects by their `kind`: a union tries its options in
 * turn and builds the issues of each that fails, so a cached text read back used to fail four
 * object schemas first (every hit of a cached run is parsed here).
 */
export const valueSchema: z.ZodType<Value> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.discriminatedUnion('kind', [assetRefSchema, promptValueSchema, characterValueSchema, shotValueSchema]),
    z.array(valueSchema),
  ]),
)

export const pipelineRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  nodeCount: z.number().int().nonnegative(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** The document as saved; parsed and migrated with src/graph when it is opened. */
  doc: z.unknown(),
})
export type PipelineRow = z.infer<typeof pipelineRowSchema>

export const assetRowSchema = z.object({
  hash: z.string(),
  data: z.instanceof(Blob),
  mime: z.string(),
  bytes: z.number().int().nonnegative(),
  /** 1 or 0, not a boolean: IndexedDB cannot index booleans, and usage is summed from an index. */
  pinned: z.union([z.literal(0), z.literal(1)]),
  createdAt: z.number(),
  /** When these bytes were last written; eviction keeps an asset written again after its result was last used. */
  lastUsed: z.number(),
})
export type AssetRow = z.infer<typeof assetRowSchema>

export const resultRowSchema = z.object({
  key: z.string(),
  outputs: z.record(z.string(), valueSchema),
  nodeType: z.string(),
  durationMs: z.number(),
  /** The sum of the referenced assets' sizes. */
  bytes: z.number().nonnegative(),
  createdAt: z.number(),
  lastUsed: z.number(),
  assetHashes: z.array(z.string()),
})
export type ResultRow = z.infer<typeof resultRowSchema>

/**
 * A paid remote job, written before its first poll so a reload can pick it up again: the engine's
 * RemoteJob under its cache key (`id`), with its state as the indexed `status`.
 */
export const jobRowSchema = z.object({
  id: z.string(),
  provider: z.string(),
  status: z.enum(['submitting', 'pending']),
  remoteId: z.string().optional(),
  output: z.object({ nodeType: z.string(), port: z.string(), meta: z.record(z.string(), z.unknown()) }),
  priceUsd: z.number().finite().nonnegative().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type JobRow = z.infer<typeof jobRowSchema>

/**
 * What one accepted paid request cost, kept after its job is collected: the engine's JobCharge
 * with the pipeline whose run made it. A pipeline's spending so far is the sum of its charges.
 */
export const chargeRowSchema = z.object({
  id: z.string(),
  /** Absent for a charge made outside a pipeline's run (a job followed after a reload). */
  pipelineId: z.string().optional(),
  provider: z.string(),
  priceUsd: z.number().finite().nonnegative(),
  acceptedAt: z.number(),
})
export type ChargeRow = z.infer<typeof chargeRowSchema>

/** An API key, kept here and never in a pipeline document. */
export interface SecretRow {
  provider: string
  key: string
}

/** One saved state of a pipeline, kept so an older one can be looked at and restored. */
export const snapshotRowSchema = z.object({
  id: z.number().int().optional(),
  pipelineId: z.string(),
  savedAt: z.number(),
  name: z.string(),
  nodeCount: z.number().int().nonnegative(),
  /** The document as saved; parsed and migrated with src/graph when it is read back. */
  doc: z.unknown(),
})
export type SnapshotRow = z.infer<typeof snapshotRowSchema>

/** A pipeline the person saved as a template, shown in the gallery beside the built-in ones. */
export const templateRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  createdAt: z.number(),
  doc: z.unknown(),
})
export type TemplateRow = z.infer<typeof templateRowSchema>

/**
 * A component the person saved to the library, to place in any pipeline: kept as a pipeline document
 * whose one node is an instance of it (`componentDocument`, src/graph/component-library.ts).
 */
export const componentRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Nodes inside it, nested components' included: shown beside its name. */
  nodeCount: z.number().int().nonnegative(),
  savedAt: z.number(),
  doc: z.unknown(),
})
export type ComponentRow = z.infer<typeof componentRowSchema>

export interface SettingsRow {
  key: string
  value: unknown
}

/** Just what a run record of an older build says it spent, for the charges it becomes. */
const recordedSpendSchema = z.object({
  id: z.string(),
  pipelineId: z.string(),
  startedAt: z.number(),
  nodes: z.record(z.string(), z.object({ costUsd: z.number().finite().nonnegative().optional() })),
})

export class ReelgraphDB extends Dexie {
  pipelines!: EntityTable<PipelineRow, 'id'>
  assets!: EntityTable<AssetRow, 'hash'>
  results!: EntityTable<ResultRow, 'key'>
  jobs!: EntityTable<JobRow, 'id'>
  charges!: EntityTable<ChargeRow, 'id'>
  runs!: EntityTable<RunRecord, 'id'>
  secrets!: EntityTable<SecretRow, 'provider'>
  settings!: EntityTable<SettingsRow, 'key'>
  snapshots!: EntityTable<SnapshotRow, 'id'>
  templates!: EntityTable<TemplateRow, 'id'>
  components!: EntityTable<ComponentRow, 'id'>

  constructor(name: string = DEFAULT_DATABASE_NAME) {
    // Strict durability: a result that was paid for must be on disk when its write resolves.
    super(name, { chromeTransactionDurability: 'strict' })
    // Every schema change adds a new version (with an upgrade function when rows change shape);
    // a version that has shipped is never edited.
    this.version(1).stores({
      pipelines: 'id, updatedAt',
      assets: 'hash, [pinned+bytes]',
      results: 'key, lastUsed, *assetHashes',
      jobs: 'id, provider, status, createdAt',
      runs: 'id, [pipelineId+startedAt]',
      secrets: 'provider',
      settings: 'key',
    })
    // Version history and the person's own templates: two new tables, every existing row kept as it is.
    this.version(2).stores({
      snapshots: '++id, [pipelineId+savedAt]',
      templates: 'id, createdAt',
    })
    // Components saved to the library: one new table, every existing row kept as it is.
    this.version(3).stores({ components: 'id, savedAt' })
    // The ledger keeps what each accepted paid job cost: one new table. What the runs before it
    // recorded as spent comes in as one charge per paid node of each run, so no pipeline's
    // spending so far starts again from nothing.
    this.version(4)
      .stores({ charges: 'id, pipelineId' })
      .upgrade(async (tx) => {
        const charges: ChargeRow[] = []
        await tx
          .table('runs')
          .toCollection()
          .each((row: unknown) => {
            const run = recordedSpendSchema.safeParse(row)
            if (!run.success) return
            for (const [nodeId, node] of Object.entries(run.data.nodes)) {
              if (node.costUsd === undefined || node.costUsd <= 0) continue
              charges.push({ id: `run ${run.data.id} ${nodeId}`, pipelineId: run.data.pipelineId, provider: 'recorded by a run', priceUsd: node.costUsd, acceptedAt: run.data.startedAt })
            }
          })
        await tx.table('charges').bulkPut(charges)
      })
  }
}
