/*
 * One interface for every generation back end, local or cloud. A node that generates knows only
 * this: what a back end can do, what a request would cost, and how to submit, follow, cancel and
 * collect a job. A request a back end cannot honour is refused by `checkRequest` before anything is
 * submitted, so nothing is paid for a clip that could never come back.
 */

import { chargeOf, type AssetAccess, type AssetRef, type JobLedger, type RemoteAccess, type RemoteJob } from '../engine'
import { pause, ProviderError } from './http'
import { withTakeLock } from './take-lock'

export const ASPECTS = ['16:9', '9:16', '1:1'] as const
export type Aspect = (typeof ASPECTS)[number]

/** The shot prompt as a back end receives it: the composed text and the fields it came from. */
export interface ShotPrompt {
  text: string
  /** subject, action, environment, camera, lighting, mood, style, dialogue, durationS */
  fields: Record<string, string>
}

export interface ReferenceImage {
  image: Blob
  name?: string
  /** What the image stands for: `character`, `location`, `style` (a storyboard frame); unset when nobody said. */
  role?: string
}

export interface GenerationRequest {
  prompt: ShotPrompt
  references: ReferenceImage[]
  durationS: number
  aspect: Aspect
  /** The resolution class, as back ends name it: 720 is 1280×720 in 16:9 and 720×1280 in 9:16. */
  height: number
  fps: number
  seed: number
}

export interface ProviderCapabilities {
  durationS: { min: number; max: number }
  /** When only some lengths are made (Luma: 5 or 9 s; Veo: 4, 6 or 8 s). */
  durationsS?: readonly number[]
  aspects: readonly Aspect[]
  heights: readonly number[]
  fps: readonly number[]
  maxReferenceImages: number
  /** When a clip is made from a picture and not from words alone (image-to-video only). */
  minReferenceImages?: number
  /** True when the clip comes back with its own sound. */
  nativeAudio: boolean
  /** Rules that tie one setting to another (Veo: 1080p or subject references only at 8 s); why not, or undefined. */
  combinations?: (request: GenerationRequest) => string | undefined
}

export interface CostEstimate {
  /** In `currency`; zero for a local back end. */
  amount: number
  currency: 'USD'
  /** How it was worked out, for the person deciding whether to run: "$0.05 per second × 8 s". */
  basis: string
}

/** Where a submitted job stands. */
export type JobStatus =
  | { state: 'queued' }
  | { state: 'running'; progress?: number }
  | { state: 'succeeded' }
  | { state: 'failed'; message: string }
  | { state: 'cancelled' }
  /** The back end answers and says it never had the job (a restarted server): nothing was made, so it may be made anew. */
  | { state: 'lost'; message: string }

/** A finished clip, as the bytes to store and the facts about it. */
export interface GeneratedClip {
  video: Blob
  width: number
  height: number
  fps: number
  durationS: number
  hasAudio: boolean
}

/**
 * A back end's paid or long work, followed the same way whatever it makes (a clip, a still): a job
 * is submitted, polled, cancelled, and its result fetched.
 */
export interface JobBackEnd<Request, Result> {
  /** Stable: documents name it in a generating node's `provider` param. */
  id: string
  /** As the filmmaker knows it. */
  name: string
  /**
   * The account whose key it uses and whose jobs-at-once it counts against, when several back ends
   * share one (Veo and Veo Fast; Kling, Veo and FLUX on fal); its `id` when unset.
   */
  account?: string
  /**
   * `cloud` work is paid and outlives the page: its jobs are recorded before the first poll and
   * picked up again after a reload. `own-server` work (a ComfyUI the person runs) is free but
   * outlives the page too, so it is recorded the same way. `this-machine` work ends with the page.
   */
  runsOn: 'this-machine' | 'own-server' | 'cloud'
  /**
   * Set when the back end's API has been shut down: documents naming it still open and their cached
   * takes are still used, but nothing is submitted. `message` says so, with the date, to the person.
   */
  retired?: { on: string; message: string }
  /** How long to wait between polls of one job; back ends ask for anything from 0.1 s to 10 s. */
  pollIntervalMs: number
  estimateCost(request: Request): CostEstimate
  /**
   * Starts a job and gives its id; the job runs on (and is paid for) from here on. `clientId` is
   * ours and stable for the take: back ends that accept an id of the caller's (ComfyUI's
   * `prompt_id`, Kling's `external_task_id`) get it, so a lost answer can be found again.
   */
  submit(request: Request, job: SubmitJob): Promise<string>
  poll(jobId: string, signal?: AbortSignal): Promise<JobStatus>
  /** Stops the job at the back end; false when the back end cannot stop it (it runs on, and is paid). */
  cancel(jobId: string): Promise<boolean>
  /** The result of a succeeded job, to be stored at once: a back end's result links expire. */
  fetchResult(jobId: string, signal?: AbortSignal): Promise<Result>
  /** The job id of a submit whose answer was lost, found by our `clientId`; undefined when there was none. */
  recover?(clientId: string): Promise<string | undefined>
}

export interface GenerationProvider extends JobBackEnd<GenerationRequest, GeneratedClip> {
  capabilities: ProviderCapabilities
}

/**
 * The scheduler slot a back end's jobs queue for: one per account, so two models on one account
 * never run more jobs at once than the account allows.
 */
export function accountSlot(backEnd: Pick<JobBackEnd<unknown, unknown>, 'id' | 'account'>): string {
  return `provider:${backEnd.account ?? backEnd.id}`
}

/** The key a back end uses: its account's, shared by the models on one account. */
export function keyIdOf(backEnd: Pick<JobBackEnd<unknown, unknown>, 'id' | 'account'>): string {
  return backEnd.account ?? backEnd.id
}

/** Why a cloud back end cannot be called for want of a key, pointing to where keys are entered; undefined when there is one. */
export async function missingKey(remote: Pick<RemoteAccess, 'key'>, backEnd: { id: string; account?: string; name: string }): Promise<string | undefined> {
  const key = await remote.key(keyIdOf(backEnd))
  return key ? undefined : `no ${backEnd.name} key: add yours in File → Provider keys`
}

/** Ours and stable for the result: back ends that accept an id of the caller's get it. */
export interface SubmitJob {
  clientId: string
  signal?: AbortSignal
  /**
   * For a submit of several steps (Topaz: create, accept, upload): records the back end's id as
   * soon as it exists, so a page closed half-way leaves an id to cancel, not a reserved payment
   * nobody knows of.
   */
  started?: (remoteId: string) => Promise<void>
  /**
   * For a back end that names the job itself before creating it (ComfyUI: our `prompt_id` on the
   * server it chose): records that id as the job's before the create is sent, so a create whose
   * answer is lost is followed where it went, and never made elsewhere too.
   */
  placed?: (remoteId: string) => Promise<void>
}

/** The frame size a request asks for: `height` is the short side, each side even (H.264 needs it). */
export function frameSize(aspect: Aspect, height: number): { width: number; height: number } {
  const [across, down] = aspect.split(':').map(Number) as [number, number]
  const long = even((height * Math.max(across, down)) / Math.min(across, down))
  return across >= down ? { width: long, height: even(height) } : { width: even(height), height: long }
}

function even(size: number): number {
  return 2 * Math.round(size / 2)
}

/** Why a back end cannot make this request, or undefined when it can. */
export function checkRequest(request: GenerationRequest, capabilities: ProviderCapabilities): string | undefined {
  const { durationS, aspects, heights, fps } = capabilities
  if (request.durationS > durationS.max) return `${request.durationS} s is longer than this provider makes (at most ${durationS.max} s)`
  if (request.durationS < durationS.min) return `${request.durationS} s is shorter than this provider makes (at least ${durationS.min} s)`
  if (capabilities.durationsS && !capabilities.durationsS.includes(request.durationS)) {
    return `this provider makes only ${listOr(capabilities.durationsS.map((seconds) => `${seconds} s`))} clips, not ${request.durationS} s`
  }
  if (!aspects.includes(request.aspect)) return `this provider does not make ${request.aspect} (it makes ${aspects.join(', ')})`
  if (!heights.includes(request.height)) return `this provider does not make ${request.height}p (it makes ${heights.map((h) => `${h}p`).join(', ')})`
  if (!fps.includes(request.fps)) return `this provider does not make ${request.fps} fps (it makes ${fps.join(', ')} fps)`
  return referenceRefusal(request.references.length, capabilities) ?? capabilities.combinations?.(request)
}

/** Why a back end cannot take this many reference images, or undefined when it can. */
export function referenceRefusal(count: number, limits: Pick<ProviderCapabilities, 'maxReferenceImages' | 'minReferenceImages'>): string | undefined {
  const { maxReferenceImages } = limits
  if (count > maxReferenceImages) {
    if (maxReferenceImages === 0) return 'this provider takes no reference images: unlink them, or choose a provider that does'
    return `${count} reference images are more than this provider takes (at most ${maxReferenceImages})`
  }
  if (count < (limits.minReferenceImages ?? 0)) return 'this provider makes a clip from a picture: link a reference image (a storyboard frame, say)'
  return undefined
}

function listOr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}

export interface GenerateOptions {
  signal?: AbortSignal
  /** From 0 to 1. */
  onProgress?: (fraction: number) => void
  /**
   * Where a cloud job is recorded, under `key` (the take's cache key), before the first poll. A job
   * already recorded there is followed, not submitted again. The caller deletes the record once the
   * result is stored. `priceUsd`, what the job costs, is charged to the ledger once the back end
   * accepts the job (a refused submit charges nothing), so the ledger knows what was spent.
   */
  ledger?: { jobs: JobLedger; key: string; output: RemoteJob['output']; priceUsd?: number }
  /** Told once the back end has taken a new job (answered its create with an id): only then is it paid for. */
  onAccepted?: () => void
}

/**
 * Submits a request (or finds the job already paid for it) and follows it to its clip. On abort
 * the job is cancelled at the back end, so a cancel in the app stops the work (and the spending)
 * there too; a job the back end cannot stop stays recorded, and its clip lands in the cache later.
 */
export async function generate<Request, Result>(
  provider: JobBackEnd<Request, Result>,
  request: Request,
  options: GenerateOptions & { noun?: string } = {},
): Promise<Result> {
  const { signal, onProgress, noun } = options
  signal?.throwIfAborted()
  // Refused before a job is recorded or anything is sent: there is no API left to ask.
  if (provider.retired) throw new ProviderError('retired', provider.retired.message)
  const ledger = provider.runsOn === 'this-machine' ? undefined : options.ledger
  for (let attempt = 1; ; attempt++) {
    const jobId = await startJob(provider, request, ledger, signal, options.onAccepted)
    try {
      await followJob(provider, jobId, { signal, onProgress, ...(noun ? { noun } : {}) })
    } catch (error) {
      const stopped = signal?.aborted ? await provider.cancel(jobId).catch(() => false) : true
      // A back end that stopped answering may still be making it: the job stays recorded, to be followed when it answers.
      const mayRunOn = error instanceof ProviderError && error.failure === 'unavailable'
      if (ledger && stopped && !mayRunOn) await ledger.jobs.delete(ledger.key)
      // Never made (the server forgot it): made anew, at most a few times.
      if (error instanceof JobLostError && attempt < LOST_JOB_ATTEMPTS) continue
      throw error
    }
    const clip = await provider.fetchResult(jobId, signal).catch(async (error: unknown) => {
      // A result that is gone for good will not come back: a re-run pays for a new job rather than follow this one.
      if (ledger && error instanceof JobEndedError) await ledger.jobs.delete(ledger.key)
      throw error
    })
    onProgress?.(1)
    return clip
  }
}

/** How many times a job a back end forgot before making it is made anew before the take gives up. */
const LOST_JOB_ATTEMPTS = 3

/** A job that ended at the back end without a clip: there is nothing more to follow. */
export class JobEndedError extends Error {
  override name = 'JobEndedError'
}

/** A job the back end says it never had: nothing was made or paid, so it may be submitted again. */
export class JobLostError extends JobEndedError {
  override name = 'JobLostError'
}

/**
 * Polls a job until it has succeeded; throws when it failed or was cancelled at the back end.
 * `noun` names the result in messages: "this take" unless said otherwise.
 */
export async function followJob(provider: JobBackEnd<never, unknown>, jobId: string, options: Pick<GenerateOptions, 'signal' | 'onProgress'> & { noun?: string } = {}): Promise<void> {
  const { signal, onProgress, noun = 'this take' } = options
  for (;;) {
    signal?.throwIfAborted()
    const status = await provider.poll(jobId, signal)
    if (status.state === 'succeeded') return
    if (status.state === 'failed') throw new JobEndedError(`${provider.name} could not make ${noun}: ${status.message}`)
    if (status.state === 'cancelled') throw new JobEndedError(`${provider.name} cancelled ${noun}`)
    if (status.state === 'lost') throw new JobLostError(`${provider.name} could not make ${noun}: ${status.message}`)
    if (status.state === 'running' && status.progress !== undefined) onProgress?.(status.progress)
    await pause(provider.pollIntervalMs, signal)
  }
}

async function startJob<Request>(
  provider: JobBackEnd<Request, unknown>,
  request: Request,
  ledger: GenerateOptions['ledger'],
  signal: AbortSignal | undefined,
  onAccepted: (() => void) | undefined,
): Promise<string> {
  const clientId = ledger ? clientIdFor(ledger.key) : crypto.randomUUID()
  if (!ledger) {
    const remoteId = await provider.submit(request, { clientId, ...(signal ? { signal } : {}) })
    onAccepted?.()
    return remoteId
  }
  // One submit per take at a time, across runs and tabs: the second finds the first's job in the ledger.
  return withTakeLock(ledger.key, async () => {
    const recorded = await ledger.jobs.get(ledger.key)
    if (recorded?.provider === provider.id) {
      // Paid for already: follow that job rather than paying again.
      if (recorded.remoteId && recorded.state === 'pending') return recorded.remoteId
      // A submit that stopped half-way (the page closed during an upload) is cancelled, which
      // refunds what it reserved, and made afresh.
      if (recorded.remoteId) await provider.cancel(recorded.remoteId).catch(() => false)
      const recovered = await provider.recover?.(clientId)
      if (recovered) {
        await ledger.jobs.put({ ...recorded, state: 'pending', remoteId: recovered, updatedAt: Date.now() })
        // Accepted before its answer was lost: paid for all the same.
        await chargeAccepted(ledger.jobs, recorded, recovered)
        return recovered
      }
    }
    const now = Date.now()
    const price = ledger.priceUsd !== undefined ? { priceUsd: ledger.priceUsd } : {}
    const job: RemoteJob = { key: ledger.key, provider: provider.id, state: 'submitting', output: ledger.output, ...price, createdAt: now, updatedAt: now }
    await ledger.jobs.put(job)
    let startedId: string | undefined
    const started = (remoteId: string) => {
      startedId = remoteId
      return ledger.jobs.put({ ...job, remoteId, updatedAt: Date.now() })
    }
    const placed = (remoteId: string) => ledger.jobs.put({ ...job, state: 'pending', remoteId, updatedAt: Date.now() })
    let remoteId: string
    try {
      remoteId = await provider.submit(request, { clientId, started, placed, ...(signal ? { signal } : {}) })
    } catch (error) {
      // The provider answered and made nothing: no job to follow or to report after a reload. A
      // lost answer (a network failure, a cancel, a 5xx) keeps the row: that job may exist and be paid.
      if (startedId === undefined && refusedCreate(error)) await ledger.jobs.delete(ledger.key)
      throw error
    }
    await ledger.jobs.put({ ...job, state: 'pending', remoteId, updatedAt: Date.now() })
    await chargeAccepted(ledger.jobs, job, remoteId)
    onAccepted?.()
    return remoteId
  })
}

/** Charges the ledger with what a job the back end accepted under `remoteId` costs, when it has a price. */
async function chargeAccepted(jobs: JobLedger, job: RemoteJob, remoteId: string): Promise<void> {
  const charge = chargeOf(job, remoteId, Date.now())
  if (charge) await jobs.charge(charge)
}

/** A create the provider answered with a refusal it made nothing for (a bad key, no credit, a bad request), or that never left (no key, no proxy). */
function refusedCreate(error: unknown): boolean {
  return error instanceof ProviderError && error.failure !== 'unavailable'
}

/** Stores a clip as a video asset, with the facts of the clip over what the caller knows of it. */
export function storeClip(assets: AssetAccess, clip: GeneratedClip, meta: Record<string, unknown>): Promise<AssetRef> {
  return assets.put(clip.video, {
    kind: 'video',
    mime: clip.video.type || 'video/mp4',
    meta: { ...meta, width: clip.width, height: clip.height, fps: clip.fps, durationS: clip.durationS, hasAudio: clip.hasAudio },
  })
}

/** Stand-ins for references whose bytes are not read, only counted: by a price or a capability check before a run. */
export function countedReferences(count: number): ReferenceImage[] {
  return Array.from({ length: count }, () => ({ image: new Blob() }))
}

/** A reference image's bytes, with its name and role, as a back end receives it. */
export async function referenceImageOf(assets: AssetAccess, ref: AssetRef): Promise<ReferenceImage> {
  const { name, role } = ref.meta
  return { image: await assets.get(ref), ...(name ? { name } : {}), ...(role ? { role } : {}) }
}

/** A UUID made from a take's cache key (a SHA-256 in hex): the same take always gets the same one. */
export function clientIdFor(key: string): string {
  const hex = key.replace(/[^0-9a-f]/gi, '').padEnd(32, '0').slice(0, 32).toLowerCase()
  // Version 4 and variant bits set, so back ends that check the UUID's form accept it.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
