/*
 * Talking to the person's ComfyUI servers (docs/providers.md §8), for every kind of job sent to
 * them (a take, an upscale): a job is an API-format workflow queued with `POST /prompt` under our
 * own `prompt_id` (so a lost answer is found again by looking that id up), followed through
 * `/history/<id>` and `/queue`, and its video fetched from `/view`; files it needs are uploaded to
 * ComfyUI's input folder first. With several servers a job goes to the least busy one that answers
 * and stays there (servers.ts); a server that stops answering is given no more jobs. The browser
 * calls the servers directly, which answer it when started with `--enable-cors-header`.
 */
import { z } from 'zod'
import { hashBytes, type OwnServer, type RemoteAccess } from '../../engine'
import { callApi, pause, ProviderError } from '../http'
import type { JobBackEnd, JobStatus, SubmitJob } from '../provider'
import { comfyServersOf, COMFYUI_DEFAULT_URL, hold, jobIdOn, placeTake, readJobId, release } from './servers'
import type { ComfyWorkflow } from './workflow'

export { COMFYUI_DEFAULT_URL }
/** How the person knows the back end, in every message. */
export const NAME = 'ComfyUI'
const VIDEO_FILE = /\.(mp4|webm|mov|mkv)$/i
/** How long a server has to answer "how busy are you" before a take is given to another. */
const PROBE_TIMEOUT_MS = 4000
/** Tries of a read before a server is taken to be down: one refused connection may be a blip. */
const READ_TRIES = 3

export interface ComfyJobOptions {
  pollIntervalMs?: number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

/** A server that did not answer at all (nothing listens, it timed out, or it refused this page's origin). */
export class ServerNotAnswering extends ProviderError {
  constructor(readonly server: string) {
    super('unavailable', notAnswering(server))
  }
}

/** What every ComfyUI back end shares: the job calls, with `submit` given how to build the workflow on the server chosen. */
export type ComfyJobs = Pick<JobBackEnd<never, Blob>, 'pollIntervalMs' | 'poll' | 'cancel' | 'recover'> & {
  /**
   * Queues the workflow `build` makes on a server chosen for it; `upload` puts a file in that
   * server's input folder and gives its name there.
   */
  submit(build: (upload: (file: Blob) => Promise<string>) => Promise<ComfyWorkflow>, job: SubmitJob): Promise<string>
  /** The video the finished job saved; `noun` names it in messages. */
  fetchVideo(jobId: string, noun: string, signal?: AbortSignal): Promise<Blob>
}

export function comfyJobs(remote: RemoteAccess, options: ComfyJobOptions = {}): ComfyJobs {
  const sleep = options.sleep ?? pause
  const pollIntervalMs = options.pollIntervalMs ?? 2000
  // Groups this app's prompts in ComfyUI's queue and its `/ws` messages.
  const sessionId = crypto.randomUUID()

  async function servers(): Promise<readonly OwnServer[]> {
    return comfyServersOf(await remote.servers?.('comfyui'))
  }

  async function call(server: string, path: string, init: RequestInit, kind: 'create' | 'read', signal?: AbortSignal): Promise<Response> {
    try {
      return await callApi(remote, { provider: NAME, url: `${server}${path}`, init, kind, sleep, classify: classifyComfy, ...(signal ? { signal } : {}) })
    } catch (error) {
      if (signal?.aborted) throw error
      if (error instanceof ProviderError && error.failure === 'no-proxy') {
        throw new ProviderError('unavailable', `${server} answers with a web page, not ComfyUI's API: check ComfyUI's address in File → Provider keys.`)
      }
      if (error instanceof ProviderError) throw error
      // The browser says no more than "failed to fetch" both when nothing listens there and when
      // ComfyUI refused this page's origin; the one sentence covers both.
      throw new ServerNotAnswering(server)
    }
  }

  /** A read, tried again after a refused connection: a server is taken to be down only when it stays silent. */
  async function read(server: string, path: string, signal?: AbortSignal): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call(server, path, { method: 'GET' }, 'read', signal)
      } catch (error) {
        if (!(error instanceof ServerNotAnswering) || attempt >= READ_TRIES) throw error
        await sleep(pollIntervalMs, signal)
      }
    }
  }

  async function postJson(server: string, path: string, body: unknown, kind: 'create' | 'read', signal?: AbortSignal): Promise<Response> {
    return call(server, path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, kind, signal)
  }

  async function historyEntry(server: string, promptId: string, signal?: AbortSignal): Promise<HistoryEntry | undefined> {
    const response = await read(server, `/history/${encodeURIComponent(promptId)}`, signal)
    const history = historySchema.safeParse(await response.json())
    if (!history.success) throw new ProviderError('unavailable', `${NAME} at ${server} answered with a history this app cannot read.`)
    return history.data[promptId]
  }

  async function queue(server: string, signal?: AbortSignal): Promise<{ running: string[]; pending: string[] }> {
    const response = await read(server, '/queue', signal)
    const parsed = queueSchema.safeParse(await response.json())
    if (!parsed.success) throw new ProviderError('unavailable', `${NAME} at ${server} answered with a queue this app cannot read.`)
    return { running: parsed.data.queue_running.map((item) => item[1]), pending: parsed.data.queue_pending.map((item) => item[1]) }
  }

  /**
   * The prompts in a server's queue, asked once and briefly; undefined when it does not answer, or
   * answers with a refusal (kept in `refusals`, to be told when no server takes the take).
   */
  async function queueNow(server: string, refusals: Map<string, ProviderError>, signal?: AbortSignal): Promise<readonly string[] | undefined> {
    const timeout = AbortSignal.timeout(PROBE_TIMEOUT_MS)
    try {
      const response = await call(server, '/queue', { method: 'GET' }, 'read', signal ? AbortSignal.any([signal, timeout]) : timeout)
      const parsed = queueSchema.safeParse(await response.json())
      if (parsed.success) return [...parsed.data.queue_running, ...parsed.data.queue_pending].map((item) => item[1])
      refusals.set(server, new ProviderError('unavailable', `${NAME} at ${server} answered with a queue this app cannot read.`))
    } catch (error) {
      signal?.throwIfAborted()
      if (error instanceof ProviderError && !(error instanceof ServerNotAnswering)) refusals.set(server, error)
    }
    return undefined
  }

  /** Whether a server holds a prompt (queued, running or in its history); undefined when it does not answer. */
  async function holds(server: string, promptId: string, signal?: AbortSignal): Promise<boolean | undefined> {
    try {
      if (await historyEntry(server, promptId, signal)) return true
      const { running, pending } = await queue(server, signal)
      return running.includes(promptId) || pending.includes(promptId)
    } catch (error) {
      if (error instanceof ServerNotAnswering) return undefined
      throw error
    }
  }

  /** Puts a file (a reference image, a clip) in the server's input folder, named by its content so a re-run reuses it. */
  async function upload(server: string, image: Blob, signal?: AbortSignal): Promise<string> {
    const name = `reelgraph-${(await hashBytes(image)).slice(0, 16)}.${extensionOf(image.type)}`
    const form = new FormData()
    form.append('image', image, name)
    form.append('type', 'input')
    form.append('overwrite', 'true')
    const response = await call(server, '/upload/image', { method: 'POST', body: form }, 'read', signal)
    const uploaded = uploadSchema.safeParse(await response.json())
    if (!uploaded.success) throw new ProviderError('unavailable', `${NAME} took a reference image but did not say where it put it.`)
    const { name: stored, subfolder } = uploaded.data
    return subfolder ? `${subfolder}/${stored}` : stored
  }

  async function jobOf(jobId: string): Promise<{ server: string; promptId: string }> {
    const job = readJobId(jobId, await servers())
    // Followed after a reload, it still occupies its server.
    hold(job.server, job.promptId)
    return job
  }

  return {
    pollIntervalMs,
    async submit(build, job) {
      // Our id for the job: ComfyUI keeps it, so after a lost answer the job is looked up, not queued again.
      const promptId = job.clientId
      const all = await servers()
      const silent = new Set<string>()
      const refusals = new Map<string, ProviderError>()
      for (;;) {
        const server = await placeTake(all, promptId, (url) => queueNow(url, refusals, job.signal), silent)
        // A server that answered with a refusal (this page's origin not allowed, say) says why better than silence.
        if (!server) throw refusals.values().next().value ?? new ProviderError('unavailable', noServerAnswering(all.map((one) => one.url)))
        const jobId = jobIdOn(server.url, promptId)
        let sent = false
        try {
          const prompt = await build((file) => upload(server.url, file, job.signal))
          // Where the take goes is recorded before it is sent: a lost answer is looked up on that server alone.
          await job.placed?.(jobId)
          sent = true
          const response = await postJson(server.url, '/prompt', { prompt, client_id: sessionId, prompt_id: promptId }, 'create', job.signal)
          const queued = z.object({ prompt_id: z.string() }).safeParse(await response.json())
          if (!queued.success) throw new ProviderError('unavailable', `${NAME} at ${server.url} took the workflow but did not say which prompt it queued.`)
          return jobIdOn(server.url, queued.data.prompt_id)
        } catch (error) {
          if (!(error instanceof ServerNotAnswering) || job.signal?.aborted) {
            if (!sent || !(error instanceof ProviderError && error.failure === 'unavailable')) release(promptId)
            throw error
          }
          // Went down before the take reached it, or as it was sent: only it can say whether it took
          // the take, and a take it took is never made elsewhere too.
          const took = sent ? await holds(server.url, promptId, job.signal) : false
          if (took === true) return jobId
          if (took === undefined) throw new ProviderError('unavailable', sentToSilentServer(server.url))
          release(promptId)
          silent.add(server.url)
        }
      }
    },
    async poll(jobId, signal): Promise<JobStatus> {
      const { server, promptId } = await jobOf(jobId)
      try {
        const finished = await historyEntry(server, promptId, signal)
        if (finished) return ended(promptId, statusOf(finished))
        const { running, pending } = await queue(server, signal)
        if (running.includes(promptId)) return { state: 'running' }
        if (pending.includes(promptId)) return { state: 'queued' }
        // It may have finished between the two reads.
        const late = await historyEntry(server, promptId, signal)
        if (late) return ended(promptId, statusOf(late))
      } catch (error) {
        if (error instanceof ServerNotAnswering) throw new ProviderError('unavailable', heldBySilentServer(server))
        throw error
      }
      release(promptId)
      // The server answers and has no trace of it: restarted (its queue is kept in memory only) before it made the take.
      return { state: 'lost', message: `${NAME} at ${server} no longer has this take (it was restarted, or its queue cleared, before the take was made)` }
    },
    async cancel(jobId) {
      const { server, promptId } = await jobOf(jobId)
      release(promptId)
      const { running, pending } = await queue(server)
      if (pending.includes(promptId)) await postJson(server, '/queue', { delete: [promptId] }, 'read')
      // With the id, ComfyUI stops this prompt only if it is still the one running.
      else if (running.includes(promptId)) await postJson(server, '/interrupt', { prompt_id: promptId }, 'read')
      // Finished or gone, nothing of it runs on.
      return true
    },
    async fetchVideo(jobId, noun, signal) {
      const { server, promptId } = await jobOf(jobId)
      try {
        const entry = await historyEntry(server, promptId, signal)
        const file = entry && videoOf(entry)
        if (!file) throw new ProviderError('unavailable', `${NAME} finished ${noun}, but the workflow saved no video: end it with a Save Video node.`)
        const query = new URLSearchParams({ filename: file.filename, subfolder: file.subfolder, type: file.type })
        const response = await read(server, `/view?${query}`, signal)
        return await response.blob()
      } finally {
        release(promptId)
      }
    },
    async recover(clientId) {
      const all = await servers()
      const answers = await Promise.all(all.map((server) => holds(server.url, clientId)))
      const at = answers.indexOf(true)
      if (at >= 0) return jobIdOn(all[at]?.url ?? COMFYUI_DEFAULT_URL, clientId)
      // A server that is silent may hold it: the take waits for it rather than be made twice.
      const silent = all.filter((_, index) => answers[index] === undefined).map((server) => server.url)
      if (silent.length > 0) throw new ProviderError('unavailable', sentToSilentServer(silent.join(', ')))
      return undefined
    },
  }
}

/** A take that has ended no longer occupies its server; a made one does until it is fetched. */
function ended(promptId: string, status: JobStatus): JobStatus {
  if (status.state !== 'succeeded' && status.state !== 'running') release(promptId)
  return status
}

function noServerAnswering(servers: readonly string[]): string {
  if (servers.length === 1) return notAnswering(servers[0] ?? COMFYUI_DEFAULT_URL)
  const page = globalThis.location?.origin ?? 'http://localhost:5173'
  return `None of your ComfyUI servers answers (${servers.join(', ')}). Start them letting this page call them: \`python main.py --enable-cors-header ${page}\`; check their addresses in File → Provider keys.`
}

function sentToSilentServer(server: string): string {
  return `ComfyUI at ${server} stopped answering as this take was sent to it. It is not sent to another server while ${server} may be making it: it is followed there when that server answers again (run again then), and goes to another once that server says it never had it.`
}

function heldBySilentServer(server: string): string {
  return `ComfyUI at ${server} stopped answering while it held this take. The take stays with that server, which may still be making it: run again once it answers; a restarted ComfyUI has forgotten the take, which then goes to a server that is up.`
}

/** What a person is told when the server does not answer: how to start it so that this page may call it. */
function notAnswering(server: string): string {
  const page = globalThis.location?.origin ?? 'http://localhost:5173'
  return `ComfyUI is not answering at ${server}. Start it and let this page call it: \`python main.py --enable-cors-header ${page}\` in ComfyUI's folder; if it runs elsewhere, set its address in File → Provider keys.`
}

const fileSchema = z.object({ filename: z.string(), subfolder: z.string().default(''), type: z.string().default('output') })
type OutputFile = z.infer<typeof fileSchema>

const historyEntrySchema = z.object({
  outputs: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  status: z
    .object({
      status_str: z.string().optional(),
      completed: z.boolean().optional(),
      messages: z.array(z.tuple([z.string(), z.unknown()])).default([]),
    })
    .optional(),
})
type HistoryEntry = z.infer<typeof historyEntrySchema>
const historySchema = z.record(z.string(), historyEntrySchema)

// Each queue item is [number, prompt_id, prompt, extra_data, outputs_to_execute].
const queueItemSchema = z.tuple([z.number(), z.string()]).rest(z.unknown())
const queueSchema = z.object({ queue_running: z.array(queueItemSchema), queue_pending: z.array(queueItemSchema) })

const uploadSchema = z.object({ name: z.string().min(1), subfolder: z.string().default('') })

const executionErrorSchema = z.object({
  node_id: z.string().optional(),
  node_type: z.string().optional(),
  exception_message: z.string().optional(),
  exception_type: z.string().optional(),
})

function statusOf(entry: HistoryEntry): JobStatus {
  const messages = entry.status?.messages ?? []
  if (messages.some(([kind]) => kind === 'execution_interrupted')) return { state: 'cancelled' }
  if (entry.status?.status_str === 'error') {
    const error = executionErrorSchema.safeParse(messages.find(([kind]) => kind === 'execution_error')?.[1])
    return { state: 'failed', message: executionFailure(error.success ? error.data : {}) }
  }
  if (entry.status && entry.status.completed === false) return { state: 'running' }
  return { state: 'succeeded' }
}

function executionFailure(error: z.infer<typeof executionErrorSchema>): string {
  const where = error.node_type ? `${error.node_type}${error.node_id ? ` (node ${error.node_id})` : ''} failed` : 'the workflow failed'
  const text = `${error.exception_type ?? ''} ${error.exception_message ?? ''}`
  if (/out of memory|OutOfMemory/i.test(text)) return `${where}: the GPU ran out of memory; try a lower resolution or a shorter shot`
  const reason = error.exception_message?.trim().split('\n')[0]?.slice(0, 300)
  return reason ? `${where}: ${reason}` : where
}

/** The take's clip among the workflow's outputs: Save Video lists it under `images`, others under `gifs` or `videos`. */
function videoOf(entry: HistoryEntry): OutputFile | undefined {
  const files: OutputFile[] = []
  for (const output of Object.values(entry.outputs)) {
    for (const items of Object.values(output)) {
      if (!Array.isArray(items)) continue
      for (const item of items) {
        const file = fileSchema.safeParse(item)
        if (file.success && VIDEO_FILE.test(file.data.filename)) files.push(file.data)
      }
    }
  }
  // A saved output before a preview's temp file.
  return files.find((file) => file.type === 'output') ?? files[0]
}

const promptErrorSchema = z.object({
  error: z.union([z.object({ type: z.string().optional(), message: z.string().optional(), details: z.string().optional() }), z.string()]).optional(),
  node_errors: z
    .record(
      z.string(),
      z.object({
        class_type: z.string().optional(),
        errors: z.array(z.object({ type: z.string().optional(), message: z.string().optional(), details: z.string().optional() })).default([]),
      }),
    )
    .default({}),
})

/** ComfyUI's refusals, in the terms a person acts on: which node, and what it wants. */
function classifyComfy(status: number, body: unknown): ProviderError | undefined {
  if (status === 400) {
    const refusal = promptErrorSchema.safeParse(body)
    if (!refusal.success) return new ProviderError('bad-request', `${NAME} refused the request (HTTP 400).`)
    return new ProviderError('bad-request', workflowRefusal(refusal.data))
  }
  if (status === 401 || status === 403) {
    const page = globalThis.location?.origin ?? 'this page'
    return new ProviderError('bad-request', `${NAME} refused a call from ${page}: start it with \`--enable-cors-header ${page}\` so that this page may call it.`)
  }
  if (status === 413) return new ProviderError('bad-request', `A reference image is larger than ${NAME} accepts: start it with a higher \`--max-upload-size\`.`)
  if (status === 404) return new ProviderError('not-found', `${NAME} does not have this take's file any more (was its output folder cleaned?).`)
  return undefined
}

function workflowRefusal(refusal: z.infer<typeof promptErrorSchema>): string {
  const nodes = Object.entries(refusal.node_errors).map(([id, node]) => {
    const reasons = node.errors.map((error) => [error.message, error.details].filter(Boolean).join(': ').slice(0, 200))
    return `${node.class_type ?? 'a node'} (node ${id}): ${reasons.join('; ') || 'refused'}`
  })
  const missingModel = Object.values(refusal.node_errors).some((node) => node.errors.some((error) => error.type === 'value_not_in_list' && /_name\b/.test(error.details ?? '')))
  const headline = typeof refusal.error === 'string' ? refusal.error : (refusal.error?.message ?? 'the workflow is not valid')
  const hint = missingModel ? ' Put the model files the workflow names into ComfyUI’s models folders, or give the node a workflow made for the models you have.' : ''
  const listed = nodes.length > 3 ? [...nodes.slice(0, 3), `and ${nodes.length - 3} more`] : nodes
  return `${NAME} refused the workflow: ${headline}${listed.length ? ` — ${listed.join('; ')}` : ''}.${hint}`
}

function extensionOf(mime: string): string {
  const type = mime.split(';')[0]
  if (type === 'image/jpeg') return 'jpg'
  if (type === 'image/webp') return 'webp'
  if (type === 'video/mp4') return 'mp4'
  if (type === 'video/quicktime') return 'mov'
  if (type === 'video/webm') return 'webm'
  return 'png'
}
