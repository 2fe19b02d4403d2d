import type { StorageUsage } from './eviction'

/** What a refused write was saving, for the sentence the person reads. */
export type RefusedWrite = 'pipeline' | 'media' | 'result' | 'run record' | 'settings' | 'template' | 'component' | 'paid job' | 'API key'

const whatHappened: Record<RefusedWrite, string> = {
  pipeline: 'the pipeline could not be saved. It is still open here and saves again once there is room.',
  media: 'new media could not be saved. Your pipeline is safe; run the node again once there is room.',
  result: "a node's result could not be kept. Your pipeline is safe; the node runs again next time.",
  'run record': 'the record of this run could not be kept. Your pipeline is safe.',
  settings: 'your settings could not be saved. Your pipeline is safe.',
  'paid job': 'a paid job could not be recorded, so it was not started. Your pipeline is safe; run again once there is room.',
  'API key': 'the API key could not be saved. Your pipeline is safe.',
  template: 'the template could not be saved. Your pipeline is safe.',
  component: 'the component could not be saved to the library. It is still in your pipeline.',
}

/** The browser refused a write because Reelgraph's share of the disk is used up. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError'

  constructor(
    readonly usage: StorageUsage,
    readonly refused: RefusedWrite = 'pipeline',
    options?: ErrorOptions,
  ) {
    const cached = formatBytes(usage.assetBytes - usage.pinnedBytes)
    const pinned = formatBytes(usage.pinnedBytes)
    super(
      `The browser's storage for Reelgraph is full (${cached} of cached results, ${pinned} pinned), so ` +
        `${whatHappened[refused]} Free space: lower the cache budget in Settings, clear cached results, ` +
        'or delete pipelines you no longer need.',
      options,
    )
  }
}

/** True for the browser's quota error, bare or wrapped by Dexie (in `inner`, or in a bulk write's `failures`). */
export function isQuotaError(error: unknown): boolean {
  return isQuotaErrorWithin(error, 0)
}

// Wrapping is shallow in practice; the limit only guards against a cycle of `inner` references.
const MAX_WRAPPING_DEPTH = 5

function isQuotaErrorWithin(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_WRAPPING_DEPTH) return false
  const { name, inner, cause, failures } = error as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown }
  // Old Firefox names it differently.
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true
  if (isQuotaErrorWithin(inner, depth + 1) || isQuotaErrorWithin(cause, depth + 1)) return true
  return Array.isArray(failures) && failures.some((failure) => isQuotaErrorWithin(failure, depth + 1))
}

/** What a write path can do when the quota refuses it. */
export interface QuotaRecovery {
  /** Evicts unpinned cached results to make room. */
  makeRoom(): Promise<void>
  usage(): Promise<StorageUsage>
}

/**
 * Tries a write; when the quota refuses it, makes room by evicting cached results and tries once
 * more. The write always comes first, so nothing is evicted for a write that would have fitted.
 */
export async function writeWithRoom<T>(write: () => Promise<T>, recovery: QuotaRecovery, refused: RefusedWrite): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (!isQuotaError(error)) throw error
  }
  await recovery.makeRoom()
  try {
    return await write()
  } catch (error) {
    if (!isQuotaError(error)) throw error
    throw new StorageFullError(await recovery.usage(), refused, { cause: error })
  }
}

/**
 * How many more bytes of media storage can take: what the browser's quota leaves, plus the cached
 * results a write may evict to make room (`writeWithRoom`). Undefined when the browser cannot say.
 */
export async function roomForMedia(recovery: Pick<QuotaRecovery, 'usage'>): Promise<number | undefined> {
  const manager = typeof navigator === 'undefined' ? undefined : navigator.storage
  if (!manager?.estimate) return undefined
  const { quota, usage } = await manager.estimate()
  if (quota === undefined || usage === undefined) return undefined
  const stored = await recovery.usage()
  return Math.max(0, quota - usage) + (stored.assetBytes - stored.pinnedBytes)
}

const byteUnits = ['KB', 'MB', 'GB', 'TB'] as const

/** Sizes as a person reads them: "120 MB", "1.9 GB" (binary units, as the cache budget is set). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024
    unit++
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${byteUnits[unit]}`
}
