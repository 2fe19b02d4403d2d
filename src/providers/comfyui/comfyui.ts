/*
 * A ComfyUI server the person runs (docs/providers.md §8): the shot goes into an API-format workflow,
 * is queued with `POST /prompt` under our own `prompt_id` (so a lost answer is found again by
 * looking that id up), followed through `/history/<id>` and `/queue`, and its video fetched from
 * `/view`. Reference images are uploaded to ComfyUI's input folder first. It costs nothing; the
 * browser calls the server directly, which answers it when started with `--enable-cors-header`.
 */
import { z } from 'zod'
import { hashBytes, type RemoteAccess } from '../../engine'
import { clipFromDownload } from '../clip-facts'
import { callApi, pause, ProviderError } from '../http'
import { frameSize, type GenerationProvider, type JobStatus } from '../provider'
import { DEFAULT_WORKFLOW, fillWorkflow, referenceSlots, type ComfyWorkflow } from './workflow'

export const COMFYUI_DEFAULT_URL = 'http://127.0.0.1:8188'
const NAME = 'ComfyUI'
const VIDEO_FILE = /\.(mp4|webm|mov|mkv)$/i

export interface ComfyUIOptions {
  /** The workflow a take is made with; the built-in one (Wan 2.2 5B) when not given. */
  workflow?: ComfyWorkflow
  pollIntervalMs?: number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export function createComfyUI(remote: RemoteAccess, options: ComfyUIOptions = {}): GenerationProvider {
  const workflow = options.workflow ?? DEFAULT_WORKFLOW
  const sleep = options.sleep ?? pause
  // Groups this app's prompts in ComfyUI's queue and its `/ws` messages.
  const sessionId = crypto.randomUUID()

  async function serverUrl(): Promise<string> {
    const configured = (await remote.address?.('comfyui'))?.trim()
    return (configured || COMFYUI_DEFAULT_URL).replace(/\/+$/, '')
  }

  async function call(path: string, init: RequestInit, kind: 'create' | 'read', signal?: AbortSignal): Promise<Response> {
    const server = await serverUrl()
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
      throw new ProviderError('unavailable', notAnswering(server))
    }
  }

  async function postJson(path: string, body: unknown, kind: 'create' | 'read', signal?: AbortSignal): Promise<Response> {
    return call(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, kind, signal)
  }

  async function historyEntry(promptId: string, signal?: AbortSignal): Promise<HistoryEntry | undefined> {
    const response = await call(`/history/${encodeURIComponent(promptId)}`, { method: 'GET' }, 'read', signal)
    const history = historySchema.safeParse(await response.json())
    if (!history.success) throw new ProviderError('unavailable', `${NAME} answered with a history this app cannot read.`)
    return history.data[promptId]
  }

  async function queue(signal?: AbortSignal): Promise<{ running: string[]; pending: string[] }> {
    const response = await call('/queue', { method: 'GET' }, 'read', signal)
    const parsed = queueSchema.safeParse(await response.json())
    if (!parsed.success) throw new ProviderError('unavailable', `${NAME} answered with a queue this app cannot read.`)
    return { running: parsed.data.queue_running.map((item) => item[1]), pending: parsed.data.queue_pending.map((item) => item[1]) }
  }

  /** Puts a reference image in ComfyUI's input folder, named by its content so a re-run reuses it. */
  async function upload(image: Blob, signal?: AbortSignal): Promise<string> {
    const name = `reelgraph-${(await hashBytes(image)).slice(0, 16)}.${extensionOf(image.type)}`
    const form = new FormData()
    form.append('image', image, name)
    form.append('type', 'input')
    form.append('overwrite', 'true')
    const response = await call('/upload/image', { method: 'POST', body: form }, 'read', signal)
    const uploaded = uploadSchema.safeParse(await response.json())
    if (!uploaded.success) throw new ProviderError('unavailable', `${NAME} took a reference image but did not say where it put it.`)
    const { name: stored, subfolder } = uploaded.data
    return subfolder ? `${subfolder}/${stored}` : stored
  }

  return {
    id: 'comfyui',
    name: NAME,
    runsOn: 'own-server',
    capabilities: {
      durationS: { min: 1, max: 20 },
      aspects: ['16:9', '9:16', '1:1'],
      heights: [480, 720, 1080],
      fps: [16, 24, 25, 30],
      maxReferenceImages: referenceSlots(workflow),
      nativeAudio: false,
    },
    pollIntervalMs: options.pollIntervalMs ?? 2000,
    estimateCost: () => ({ amount: 0, currency: 'USD', basis: 'made on your own ComfyUI server' }),
    async submit(request, job) {
      const references: string[] = []
      for (const reference of request.references) references.push(await upload(reference.image, job.signal))
      const { width, height } = frameSize(request.aspect, request.height)
      const prompt = fillWorkflow(workflow, { prompt: request.prompt.text, seed: request.seed, width, height, fps: request.fps, durationS: request.durationS, references })
      // Our id for the take: ComfyUI keeps it, so after a lost answer the take is looked up, not queued again.
      const response = await postJson('/prompt', { prompt, client_id: sessionId, prompt_id: job.clientId }, 'create', job.signal)
      const queued = z.object({ prompt_id: z.string() }).safeParse(await response.json())
      if (!queued.success) throw new ProviderError('unavailable', `${NAME} took the workflow but did not say which prompt it queued.`)
      return queued.data.prompt_id
    },
    async poll(jobId, signal): Promise<JobStatus> {
      const finished = await historyEntry(jobId, signal)
      if (finished) return statusOf(finished)
      const { running, pending } = await queue(signal)
      if (running.includes(jobId)) return { state: 'running' }
      if (pending.includes(jobId)) return { state: 'queued' }
      // It may have finished between the two reads.
      const late = await historyEntry(jobId, signal)
      if (late) return statusOf(late)
      return { state: 'failed', message: 'ComfyUI no longer knows this take (it was restarted, or its queue or history cleared, before the take was fetched); run again' }
    },
    async cancel(jobId) {
      const { running, pending } = await queue()
      if (pending.includes(jobId)) await postJson('/queue', { delete: [jobId] }, 'read')
      // With the id, ComfyUI stops this prompt only if it is still the one running.
      else if (running.includes(jobId)) await postJson('/interrupt', { prompt_id: jobId }, 'read')
      // Finished or gone, nothing of it runs on.
      return true
    },
    async fetchResult(jobId, signal) {
      const entry = await historyEntry(jobId, signal)
      const file = entry && videoOf(entry)
      if (!file) throw new ProviderError('unavailable', `${NAME} finished, but the workflow saved no video: end it with a Save Video node.`)
      const query = new URLSearchParams({ filename: file.filename, subfolder: file.subfolder, type: file.type })
      const response = await call(`/view?${query}`, { method: 'GET' }, 'read', signal)
      return clipFromDownload(await response.blob(), NAME)
    },
    async recover(clientId) {
      if (await historyEntry(clientId)) return clientId
      const { running, pending } = await queue()
      return running.includes(clientId) || pending.includes(clientId) ? clientId : undefined
    },
  }
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
  if (mime === 'image/jpeg') return 'jpg'
  if (mime === 'image/webp') return 'webp'
  return 'png'
}
