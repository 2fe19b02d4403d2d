import type { z } from 'zod'
import type { BaseValueType, PortType } from '../graph'
import type { PortSpec } from './ports'
import type { RemoteAccess } from './remote'
import type { SpendEstimate } from './spend'
import type { AssetKind, AssetMeta, AssetRef, CharacterValue, Outputs, PromptValue, ShotValue, Value } from './values'

/** The value a port of type T carries. */
export type ValueOf<T extends PortType> = T extends `${infer B extends BaseValueType}[]`
  ? SingleValueOf<B>[]
  : T extends BaseValueType
    ? SingleValueOf<T>
    : T extends `${infer A extends BaseValueType}|${infer B extends BaseValueType}`
      ? SingleValueOf<A | B>
      : Value

type SingleValueOf<T extends BaseValueType> = T extends 'image' | 'video' | 'audio' | 'file'
  ? AssetRef
  : T extends 'prompt'
    ? PromptValue
    : T extends 'character'
      ? CharacterValue
      : T extends 'shot'
        ? ShotValue
        : T extends 'text'
          ? string
          : number

/** What an input receives: its type's value, and for a list that gathers `also` types, theirs too. */
type InputOf<S extends PortSpec> = S extends { also: readonly (infer A extends BaseValueType)[] }
  ? S['type'] extends `${infer B extends BaseValueType}[]`
    ? SingleValueOf<A | B>[]
    : ValueOf<S['type']>
  : ValueOf<S['type']>

export type InputValues<I extends Record<string, PortSpec>> = {
  [K in keyof I]: I[K]['optional'] extends true ? InputOf<I[K]> | undefined : InputOf<I[K]>
}
export type OutputValues<O extends Record<string, PortSpec>> = { [K in keyof O]: ValueOf<O[K]['type']> }

/**
 * How reading an asset that is made when asked for (a render recipe's clip, docs/architecture.md,
 * "Chains of pixel nodes") reports on that work and is stopped. In a run the engine passes the
 * run's signal and the asking node's progress, so a node need not.
 */
export interface AssetReadOptions {
  signal?: AbortSignal
  /** From 0 to 1, with what is being made in the filmmaker's words ("Rendering graded clip"). */
  progress?(fraction: number, doing: string): void
}

/** How a node reads and writes media: bytes live once, by content hash, in the asset store. */
export interface AssetAccess {
  put(data: Blob, info: { kind: AssetKind; mime?: string; meta?: AssetMeta }): Promise<AssetRef>
  get(ref: AssetRef, options?: AssetReadOptions): Promise<Blob>
  /** Keeps an asset out of eviction for good: a chosen take, an export, a document's own input. */
  pin(ref: AssetRef): Promise<void>
}

/** Which of a node's pieces (takes, tiles) it is making: `at` counts from 1. */
export interface ProgressPiece {
  unit: string
  at: number
  of: number
}

export interface RunContext {
  nodeId: string
  /** Aborted when the person presses Cancel; long work checks it and stops. */
  signal: AbortSignal
  /**
   * Reports progress from 0 to 1, and where a node makes several paid pieces one after another
   * (takes), which one it is on: the run bar reads "take 3 of 5".
   */
  progress(fraction: number, piece?: ProgressPiece): void
  log(message: string): void
  assets: AssetAccess
  /**
   * A part of the node's work with a cache entry of its own, such as one take of several: keyed by
   * the node's type, its inputs and `parts` (say, the params without the take count, plus the take
   * index). Asking for seven takes after five reuses the five and makes two. `make` is given the
   * part's cache key: a paid job is recorded under it, so a re-run finds the job instead of paying again.
   */
  memo(parts: Record<string, unknown>, make: (key: string) => Promise<Outputs>): Promise<Outputs>
  /** Remote services (cloud generation APIs): how to reach them, the keys, the ledger of paid jobs. */
  remote: RemoteAccess
  /**
   * Records paid work once the provider has accepted it (answered a create with a job, or sent the
   * sound), at the node's estimate in US dollars; the run record sums it. A refused create records nothing.
   */
  spend(amountUsd: number): void
}

export interface RunArgs<I extends Record<string, PortSpec>, P extends z.ZodObject> {
  inputs: InputValues<I>
  params: z.output<P>
  ctx: RunContext
}

/** What an estimate may read: the media it is given (to probe them, not to trust their labels) and whether a key is there. */
export interface EstimateContext {
  assets: Pick<AssetAccess, 'get'>
  remote: Pick<RemoteAccess, 'key'>
  /**
   * Whether the part `ctx.memo(parts)` would make is in the cache already (a take made before, in
   * an earlier run with fewer takes): it costs nothing again. Absent where the keys of the node's
   * inputs are not known before the run.
   */
  memoized?(parts: Record<string, unknown>): Promise<boolean>
}

export interface EstimateArgs<I extends Record<string, PortSpec>, P extends z.ZodObject> {
  /** The values `run` would receive; an input in `pending` is made earlier in the same run and is not known yet. */
  inputs: Partial<InputValues<I>>
  /** Inputs that exist only once the run has made them: an estimate never guesses their values. */
  pending: ReadonlySet<string>
  params: z.output<P>
  ctx: EstimateContext
}

/** Upgrades a node's params from `typeVersion` n to n+1. */
export type ParamMigration = (params: Record<string, unknown>) => Record<string, unknown>

export interface NodeDefinition<
  I extends Record<string, PortSpec> = Record<string, PortSpec>,
  O extends Record<string, PortSpec> = Record<string, PortSpec>,
  P extends z.ZodObject = z.ZodObject,
> {
  /** Kebab-case and stable: documents, templates and the runner name it. */
  type: string
  /** Bump when params or results change meaning, with a migration in `migrations`. */
  version: number
  title: string
  category: string
  description?: string
  inputs: I
  outputs: O
  /** The single source of defaults, validation and the inspector form. */
  params: P
  /**
   * What it competes for in the scheduler; `cpu` when not given. A function of the params (and the
   * inputs, ready when it runs; none when a catalogue asks) when that depends on them: a generation
   * node takes a slot of the provider it calls, which its routing rules choose from the shot's prompt.
   */
  resources?: string[] | ((params: z.output<P>, inputs: Partial<InputValues<I>>) => string[])
  /**
   * Params that only record what a person noted, such as a take's rating: they change no result, so
   * they stay out of the cache key, and editing them re-runs nothing and dims nothing.
   */
  notes?: readonly string[]
  migrations?: Readonly<Record<number, ParamMigration>>
  /**
   * For a node whose params hold a choice per item (a take chosen for each shot): the params one item
   * runs with, from the node's params and the item's path (its key in each list, outermost first;
   * empty for a node that runs once). Only what this returns reaches `run` and that item's cache key,
   * so a choice made for one item re-runs that item alone.
   */
  forItem?: (params: z.output<P>, path: readonly string[]) => z.output<P>
  /**
   * How many items each list output will hold when the params alone say (a text list's texts, a
   * generator's takes): a cost estimate counts the runs of what runs per item from it.
   */
  listSizes?: (params: z.output<P>) => Partial<Record<keyof O, number>>
  /**
   * For a node that can spend: the most one run of it would spend, worked out by the same code that
   * builds what `run` sends, from the same params and inputs. The panel, the confirm dialog and the
   * run's own check before it starts the node all ask this; a run never starts a node whose estimate
   * is above what was agreed (see `estimateSpend`).
   */
  estimate?(args: EstimateArgs<I, P>): Promise<SpendEstimate>
  /**
   * True for a node whose outputs come from its params and inputs alone, quickly, writing no media
   * and paying nothing (a text, a prompt): an estimate runs it before the run, so a paid node after
   * it is priced on the values the run will really give it (a prompt's filled-in variables).
   */
  pure?: boolean
  run(args: RunArgs<I, P>): Promise<OutputValues<O>>
}

/** A node definition with its types erased, as the registry and the executor hold it. */
export interface AnyNodeDefinition {
  type: string
  version: number
  title: string
  category: string
  description?: string
  inputs: Record<string, PortSpec>
  outputs: Record<string, PortSpec>
  params: z.ZodObject
  resources?: string[] | ((params: Record<string, unknown>, inputs: Record<string, Value | undefined>) => string[])
  notes?: readonly string[]
  migrations?: Readonly<Record<number, ParamMigration>>
  forItem?: (params: Record<string, unknown>, path: readonly string[]) => Record<string, unknown>
  listSizes?: (params: Record<string, unknown>) => Partial<Record<string, number>>
  estimate?(args: { inputs: Record<string, Value | undefined>; pending: ReadonlySet<string>; params: Record<string, unknown>; ctx: EstimateContext }): Promise<SpendEstimate>
  pure?: boolean
  run(args: { inputs: Record<string, Value | undefined>; params: Record<string, unknown>; ctx: RunContext }): Promise<Outputs>
}

export function defineNode<
  const I extends Record<string, PortSpec>,
  const O extends Record<string, PortSpec>,
  P extends z.ZodObject,
>(definition: NodeDefinition<I, O, P>): AnyNodeDefinition {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(definition.type)) {
    throw new Error(`node type "${definition.type}" must be kebab-case`)
  }
  if (!Number.isInteger(definition.version) || definition.version < 1) {
    throw new Error(`node type "${definition.type}" needs an integer version of at least 1`)
  }
  return definition as unknown as AnyNodeDefinition
}

/** The scheduler resources a node takes with these params and inputs. */
export function resourcesFor(definition: AnyNodeDefinition, params: Record<string, unknown>, inputs: Record<string, Value | undefined>): string[] {
  const declared = definition.resources
  return typeof declared === 'function' ? declared(params, inputs) : (declared ?? ['cpu'])
}
