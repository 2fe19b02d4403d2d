/**
 * A stand-in for Veo on the Gemini API speaking its contract (docs/providers.md §4, the wire shapes of
 * `@google/genai`'s mldev converters): `x-goog-api-key`, `POST /v1beta/models/<model>:predictLongRunning`
 * with `instances` and `parameters`, an operation read by name (`done` left out while it runs) that
 * ends with `response.generateVideoResponse.generatedSamples`, with `error` (a google.rpc.Status),
 * or with no samples and `raiMediaFilteredCount` when safety filters removed them. Errors are Google
 * RPC JSON; a wrong key is a 400 with reason API_KEY_INVALID; quota is 429 RESOURCE_EXHAUSTED with a
 * RetryInfo delay in the body (a `Retry-After` header only when asked). Images are inline raw base64
 * with a MIME type; subject references (`ASSET`, at most three) exclude a first frame and need 8 s,
 * as 1080p and 4k do. Sample links need the key and stop working after `videoLifetimeMs`. There is
 * no cancel. It counts creates, so a test can say a shot was paid for once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { listen, readBody, sendJson, type ContractHttp } from './http'

export const VEO_TEST_KEY = 'AIzaTest-veo-3f9c2a71d8e4'
export const VEO_HOST = 'generativelanguage.googleapis.com'

const MODELS = ['veo-3.1-generate-preview', 'veo-3.1-fast-generate-preview']
/** Fields the SDK refuses on the Gemini API (they belong to Vertex). */
const VERTEX_ONLY = ['seed', 'generateAudio', 'fps', 'storageUri', 'compressionQuality', 'resizeMode', 'pubsubTopic', 'labels']

type Outcome = { kind: 'video' } | { kind: 'filtered'; reason: string } | { kind: 'error'; code: number; message: string }

interface Operation {
  name: string
  polls: number
  outcome: Outcome
  fileId?: string
}

export interface VeoServer extends ContractHttp {
  /** Every create, in order: the model and the body as sent. */
  creates: { model: string; body: Record<string, unknown> }[]
  /** The next `count` requests are answered 429 with a RetryInfo delay, and the header when given. */
  quotaNext(count: number, wait: { retryDelayS: number; retryAfterHeaderS?: number }): void
  /** How the next operation created ends. */
  endNextWith(outcome: Outcome): void
  /** Sample links older than this answer 403, as a file Google no longer keeps. */
  videoLifetimeMs: number
  /**
   * When set, a sample link answers 302 to the media path on the same host, absolute, the way the
   * docs' `curl -L` allows for (where Google's link leads is not published); off by default.
   */
  redirectDownloads: boolean
}

export async function startVeoServer(clip: Buffer): Promise<VeoServer> {
  const operations = new Map<string, Operation>()
  const files = new Map<string, number>()
  const creates: VeoServer['creates'] = []
  let quota = { count: 0, retryDelayS: 0, retryAfterHeaderS: undefined as number | undefined }
  let nextOutcome: Outcome = { kind: 'video' }
  let counter = 0

  async function handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (quota.count > 0) {
      quota.count--
      return sendRpcError(response, 429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.', [
        { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/predict_long_running_requests', quotaId: 'PredictLongRunningRequestsPerMinutePerProjectPerModel' }] },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${quota.retryDelayS}s` },
      ], quota.retryAfterHeaderS === undefined ? {} : { 'Retry-After': String(quota.retryAfterHeaderS) })
    }
    const key = request.headers['x-goog-api-key'] ?? url.searchParams.get('key')
    if (!key) return sendRpcError(response, 403, 'PERMISSION_DENIED', 'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.')
    if (key !== VEO_TEST_KEY) {
      return sendRpcError(response, 400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: VEO_HOST } },
      ])
    }

    const create = /^\/v1beta\/models\/([^/:]+):predictLongRunning$/.exec(url.pathname)
    if (create && request.method === 'POST') {
      const model = create[1] as string
      if (!MODELS.includes(model)) return sendRpcError(response, 404, 'NOT_FOUND', `models/${model} is not found for API version v1beta, or is not supported for predictLongRunning.`)
      const body = JSON.parse(await readBody(request)) as Record<string, unknown>
      const problem = checkCreate(body)
      if (problem) return sendRpcError(response, 400, 'INVALID_ARGUMENT', problem)
      creates.push({ model, body })
      const name = `models/${model}/operations/${(++counter).toString(36).padStart(12, 'v')}`
      operations.set(name, { name, polls: 0, outcome: nextOutcome })
      nextOutcome = { kind: 'video' }
      return sendJson(response, 200, { name })
    }
    const read = /^\/v1beta\/(models\/[^/]+\/operations\/[^/:]+)$/.exec(url.pathname)
    if (read && request.method === 'GET') {
      const operation = operations.get(read[1] as string)
      if (!operation) return sendRpcError(response, 404, 'NOT_FOUND', 'Operation not found.')
      operation.polls++
      return sendJson(response, 200, view(operation))
    }
    const download = /^\/(download\/)?v1beta\/files\/([^/:]+):download$/.exec(url.pathname)
    if (download && request.method === 'GET' && url.searchParams.get('alt') === 'media') {
      if (state.redirectDownloads && !download[1]) {
        response.writeHead(302, { Location: `https://${VEO_HOST}/download${url.pathname}${url.search}` }).end()
        return
      }
      const madeAt = files.get(download[2] as string)
      if (madeAt === undefined || Date.now() - madeAt > state.videoLifetimeMs) {
        return sendRpcError(response, 403, 'PERMISSION_DENIED', `You do not have permission to access the File ${download[2]} or it may not exist.`)
      }
      response.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': clip.length }).end(clip)
      return
    }
    sendRpcError(response, 404, 'NOT_FOUND', `The requested URL ${url.pathname} was not found on this server.`)
  }

  function view(operation: Operation): Record<string, unknown> {
    // While it runs, `done` is left out (false by proto3 rules) and there is no progress to read.
    if (operation.polls < 3) return { name: operation.name }
    const { outcome } = operation
    if (outcome.kind === 'error') return { name: operation.name, done: true, error: { code: outcome.code, message: outcome.message } }
    const typed = { '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse' }
    if (outcome.kind === 'filtered') return { name: operation.name, done: true, response: { ...typed, generateVideoResponse: { raiMediaFilteredCount: 1, raiMediaFilteredReasons: [outcome.reason] } } }
    if (operation.fileId === undefined) {
      operation.fileId = `${operation.name.split('/').at(-1)}f`
      files.set(operation.fileId, Date.now())
    }
    const uri = `https://${VEO_HOST}/v1beta/files/${operation.fileId}:download?alt=media`
    return { name: operation.name, done: true, response: { ...typed, generateVideoResponse: { generatedSamples: [{ video: { uri } }] } } }
  }

  const http = await listen(handle)
  const state: VeoServer = {
    ...http,
    creates,
    videoLifetimeMs: 60_000,
    redirectDownloads: false,
    quotaNext: (count, wait) => (quota = { count, retryDelayS: wait.retryDelayS, retryAfterHeaderS: wait.retryAfterHeaderS }),
    endNextWith: (outcome) => (nextOutcome = outcome),
  }
  return state
}

function sendRpcError(response: ServerResponse, code: number, status: string, message: string, details: unknown[] = [], headers: Record<string, string> = {}): void {
  sendJson(response, code, { error: { code, message, status, ...(details.length > 0 ? { details } : {}) } }, headers)
}

/** What the Gemini API would refuse with a 400 INVALID_ARGUMENT. */
function checkCreate(body: Record<string, unknown>): string | undefined {
  const instances = body.instances
  if (!Array.isArray(instances) || instances.length !== 1) return 'instances must hold exactly one instance.'
  const instance = instances[0] as Record<string, unknown>
  const parameters = (body.parameters ?? {}) as Record<string, unknown>
  for (const field of VERTEX_ONLY) {
    if (field in parameters) return `${field} parameter is not supported in Gemini API.`
  }
  if (parameters.aspectRatio !== undefined && !['16:9', '9:16'].includes(String(parameters.aspectRatio))) return `Aspect ratio ${String(parameters.aspectRatio)} is not supported.`
  if (parameters.durationSeconds !== undefined && ![4, 6, 8].includes(parameters.durationSeconds as number)) return `durationSeconds must be 4, 6 or 8; got ${JSON.stringify(parameters.durationSeconds)}.`
  if (parameters.resolution !== undefined && !['720p', '1080p', '4k'].includes(String(parameters.resolution))) return `Resolution ${String(parameters.resolution)} is not supported.`
  const references = instance.referenceImages
  const eightOnly = references !== undefined || parameters.resolution === '1080p' || parameters.resolution === '4k'
  if (eightOnly && (parameters.durationSeconds ?? 8) !== 8) return 'durationSeconds must be 8 with reference images, 1080p or 4k.'
  if (references !== undefined) {
    if (typeof instance.prompt !== 'string' || instance.prompt === '') return 'A prompt is required with reference images.'
    if (instance.image !== undefined || instance.lastFrame !== undefined || instance.video !== undefined) return 'referenceImages cannot be combined with image, lastFrame or video.'
    if (!Array.isArray(references) || references.length === 0 || references.length > 3) return 'referenceImages takes one to three images.'
    for (const reference of references as { image?: unknown; referenceType?: unknown }[]) {
      if (reference.referenceType !== 'ASSET') return `referenceType ${String(reference.referenceType)} is not supported for this model.`
      const problem = checkImage(reference.image)
      if (problem) return problem
    }
  }
  if (instance.image !== undefined) {
    const problem = checkImage(instance.image)
    if (problem) return problem
  }
  if (instance.image === undefined && (typeof instance.prompt !== 'string' || instance.prompt === '')) return 'A prompt or an image is required.'
  return undefined
}

/** Inline images: raw base64 (a `data:` prefix is refused) with a MIME type; no URLs on the Gemini API. */
function checkImage(image: unknown): string | undefined {
  const { bytesBase64Encoded, mimeType, gcsUri } = (image ?? {}) as Record<string, unknown>
  if (gcsUri !== undefined) return 'gcsUri is not supported in Gemini API.'
  if (typeof bytesBase64Encoded !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(bytesBase64Encoded)) return 'Image bytesBase64Encoded must be base64 without a data: prefix.'
  if (!['image/png', 'image/jpeg', 'image/webp'].includes(String(mimeType))) return `Image mimeType ${String(mimeType)} is not supported.`
  return undefined
}
