/**
 * A stand-in for a ComfyUI server speaking its routes (docs/providers.md §8, ComfyUI's `server.py`):
 * `POST /prompt` with a client-chosen `prompt_id` (canonical lowercase UUID), validated as ComfyUI
 * does (unknown node types, model files not installed, images not uploaded, wrong input types, no
 * output node → 400 with `error` and `node_errors`); `GET /queue` with running and pending items as
 * `[number, prompt_id, prompt, extra_data, outputs]`; `GET /history/<id>` empty until the prompt
 * ends, then `{ <id>: { prompt, outputs, status } }`; `POST /queue {delete}`; `POST /interrupt`;
 * `POST /upload/image` (multipart: images, and clips for Load Video); `GET /view` with the saved bytes. Progress is counted in reads of
 * the prompt's history: queued for the first, running for the next two, ended after.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { listen, readBody, sendJson, type ContractHttp } from './http'

/** The model files "installed" on this server: the ones the built-in workflow names. */
const INSTALLED = {
  unet_name: ['wan2.2_ti2v_5B_fp16.safetensors'],
  clip_name: ['umt5_xxl_fp8_e4m3fn_scaled.safetensors'],
  vae_name: ['wan2.2_vae.safetensors'],
  model_name: ['RealESRGAN_x4plus.pth'],
}
const NODE_TYPES = new Set([
  'UNETLoader',
  'CLIPLoader',
  'VAELoader',
  'ModelSamplingSD3',
  'CLIPTextEncode',
  'LoadImage',
  'Wan22ImageToVideoLatent',
  'KSampler',
  'VAEDecode',
  'CreateVideo',
  'SaveVideo',
  // The upscale workflow's (comfy_extras' nodes_video.py and nodes_upscale_model.py, nodes.py's ImageScale).
  'LoadVideo',
  'GetVideoComponents',
  'UpscaleModelLoader',
  'ImageUpscaleWithModel',
  'ImageScale',
])
const OUTPUT_NODES = new Set(['SaveVideo'])
const INT_INPUTS = new Set(['width', 'height', 'length', 'batch_size', 'seed', 'steps'])
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

type Workflow = Record<string, { class_type: string; inputs: Record<string, unknown> }>

interface ExecutionError {
  node_id: string
  node_type: string
  exception_message: string
  exception_type: string
}

interface Prompt {
  id: string
  number: number
  prompt: Workflow
  extraData: Record<string, unknown>
  reads: number
  failure?: ExecutionError
  interrupted?: boolean
  deleted?: boolean
}

export interface ComfyServer extends ContractHttp {
  /** Every prompt accepted into the queue, with its body: a reload must not add one. */
  submits: { prompt_id: string; client_id: unknown; prompt: Workflow }[]
  uploads: Map<string, Buffer>
  deleted: string[]
  interrupted: string[]
  /** The next prompt runs and fails in a node with this error. */
  failNextWith(error: ExecutionError): void
  /** The next prompt is queued but its answer never arrives (the connection drops). */
  loseNextAnswer(): void
  uninstallModel(file: string): void
  reinstallModels(): void
  /** Answers every request 403, as ComfyUI started without `--enable-cors-header` answers another site's page. */
  refuseCrossSite(refuse: boolean): void
  /**
   * As `--enable-cors-header <origin>`: every answer carries the CORS headers and a preflight gets 200.
   * Without it, a browser request from another origin gets 403, as ComfyUI's origin-only middleware gives.
   */
  allowOrigin(origin: string | undefined): void
  /** Stops the server once it has sent the file of its `count`th take: a GPU box going down between takes. */
  stopAfterTakes(count: number): void
}

/** `port` starts it where a stopped one listened: a restarted ComfyUI, which remembers no queue or history. */
export async function startComfyServer(clip: Buffer, port = 0): Promise<ComfyServer> {
  const prompts = new Map<string, Prompt>()
  const submits: ComfyServer['submits'] = []
  const uploads = new Map<string, Buffer>()
  const outputs = new Map<string, Buffer>()
  const deleted: string[] = []
  const interrupted: string[] = []
  const uninstalled = new Set<string>()
  let nextFailure: ExecutionError | undefined
  let loseAnswer = false
  let crossSiteRefused = false
  let allowedOrigin: string | undefined
  let counter = 0
  let fileCounter = 0
  let takesUntilStop: number | undefined
  const stopped: { close?: () => Promise<void> } = {}

  function state(prompt: Prompt): 'pending' | 'running' | 'ended' {
    if (prompt.interrupted) return 'ended'
    return prompt.reads <= 1 ? 'pending' : prompt.reads <= 3 ? 'running' : 'ended'
  }

  function item(prompt: Prompt): unknown[] {
    return [prompt.number, prompt.id, prompt.prompt, prompt.extraData, Object.keys(prompt.prompt).filter((id) => OUTPUT_NODES.has(prompt.prompt[id]?.class_type ?? ''))]
  }

  function historyOf(prompt: Prompt): Record<string, unknown> {
    const start = ['execution_start', { prompt_id: prompt.id, timestamp: 1 }]
    if (prompt.interrupted) {
      return { prompt: item(prompt), outputs: {}, status: { status_str: 'error', completed: false, messages: [start, ['execution_interrupted', { prompt_id: prompt.id, node_id: '9', node_type: 'KSampler', executed: ['1', '2', '3'] }]] }, meta: {} }
    }
    if (prompt.failure) {
      return { prompt: item(prompt), outputs: {}, status: { status_str: 'error', completed: false, messages: [start, ['execution_error', { prompt_id: prompt.id, ...prompt.failure, traceback: ['  File "execution.py"'], executed: [] }]] }, meta: {} }
    }
    const saved: Record<string, unknown> = {}
    for (const [id, node] of Object.entries(prompt.prompt)) {
      if (node.class_type !== 'SaveVideo') continue
      const prefix = String(node.inputs.filename_prefix ?? 'video/ComfyUI')
      const slash = prefix.lastIndexOf('/')
      const subfolder = slash < 0 ? '' : prefix.slice(0, slash)
      const filename = `${prefix.slice(slash + 1)}_${String(++fileCounter).padStart(5, '0')}_.mp4`
      outputs.set(`output/${subfolder}/${filename}`, clip)
      // Save Video lists its file under `images`, marked animated (comfy_api's PreviewVideo).
      saved[id] = { images: [{ filename, subfolder, type: 'output' }], animated: [true] }
    }
    return { prompt: item(prompt), outputs: saved, status: { status_str: 'success', completed: true, messages: [start, ['execution_success', { prompt_id: prompt.id, timestamp: 2 }]] }, meta: {} }
  }

  // A prompt's history is written once, when it ends; later reads give the same entry.
  const histories = new Map<string, Record<string, unknown>>()

  async function handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const origin = request.headers.origin
    if (allowedOrigin) {
      response.setHeader('Access-Control-Allow-Origin', allowedOrigin)
      response.setHeader('Access-Control-Allow-Methods', 'POST, GET, DELETE, PUT, OPTIONS, PATCH')
      response.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization')
      response.setHeader('Access-Control-Allow-Credentials', 'true')
      if (request.method === 'OPTIONS') {
        response.writeHead(200).end()
        return
      }
    }
    if (crossSiteRefused || (!allowedOrigin && origin && new URL(origin).host !== request.headers.host)) {
      response.writeHead(403).end()
      return
    }
    const path = url.pathname.replace(/^\/api(?=\/)/, '')
    if (request.method === 'POST' && path === '/prompt') return submit(request, response)
    if (request.method === 'GET' && path === '/queue') {
      const live = [...prompts.values()].filter((prompt) => !prompt.deleted && state(prompt) !== 'ended')
      return sendJson(response, 200, {
        queue_running: live.filter((prompt) => state(prompt) === 'running').map(item),
        queue_pending: live.filter((prompt) => state(prompt) === 'pending').map(item),
      })
    }
    const history = /^\/history\/([^/]+)$/.exec(path)
    if (request.method === 'GET' && history) {
      const prompt = prompts.get(decodeURIComponent(history[1] as string))
      if (!prompt || prompt.deleted) return sendJson(response, 200, {})
      prompt.reads++
      if (state(prompt) !== 'ended') return sendJson(response, 200, {})
      const entry = histories.get(prompt.id) ?? historyOf(prompt)
      histories.set(prompt.id, entry)
      return sendJson(response, 200, { [prompt.id]: entry })
    }
    if (request.method === 'POST' && path === '/queue') {
      const body = JSON.parse(await readBody(request)) as { delete?: string[] }
      for (const id of body.delete ?? []) {
        const prompt = prompts.get(id)
        if (prompt && state(prompt) === 'pending') {
          prompt.deleted = true
          deleted.push(id)
        }
      }
      response.writeHead(200).end()
      return
    }
    if (request.method === 'POST' && path === '/interrupt') {
      const body = (await readBody(request).then((text) => (text ? JSON.parse(text) : {}))) as { prompt_id?: string }
      const prompt = body.prompt_id ? prompts.get(body.prompt_id) : [...prompts.values()].find((one) => state(one) === 'running')
      if (prompt && state(prompt) === 'running') {
        prompt.interrupted = true
        interrupted.push(prompt.id)
      }
      response.writeHead(200).end()
      return
    }
    if (request.method === 'POST' && path === '/upload/image') return upload(request, response)
    if (request.method === 'GET' && path === '/system_stats') {
      return sendJson(response, 200, { system: { os: 'linux', comfyui_version: '0.3.66', python_version: '3.12.3', argv: ['main.py'] }, devices: [{ name: 'cuda:0 NVIDIA GeForce RTX 4090', type: 'cuda', index: 0 }] })
    }
    if (request.method === 'GET' && path === '/view') {
      const file = outputs.get(`${url.searchParams.get('type') ?? 'output'}/${url.searchParams.get('subfolder') ?? ''}/${url.searchParams.get('filename') ?? ''}`)
      if (!file) {
        response.writeHead(404).end()
        return
      }
      if (takesUntilStop !== undefined && --takesUntilStop === 0) response.on('finish', () => void stopped.close?.())
      response.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': file.length }).end(file)
      return
    }
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('404: Not Found')
  }

  async function submit(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = JSON.parse(await readBody(request)) as { prompt?: Workflow; prompt_id?: unknown; client_id?: unknown; extra_data?: Record<string, unknown> }
    if (!body.prompt) return sendJson(response, 400, { error: { type: 'no_prompt', message: 'No prompt provided', details: 'No prompt provided', extra_info: {} }, node_errors: {} })
    if (body.prompt_id !== undefined && (typeof body.prompt_id !== 'string' || !UUID.test(body.prompt_id))) {
      return sendJson(response, 400, {
        error: { type: 'invalid_prompt_id', message: 'prompt_id must be a valid UUID', details: 'prompt_id must be a UUID string in canonical lowercase hyphenated form', extra_info: {} },
        node_errors: {},
      })
    }
    const invalid = validate(body.prompt)
    if (invalid) return sendJson(response, 400, invalid)
    const id = (body.prompt_id as string | undefined) ?? crypto.randomUUID()
    const number = counter++
    const prompt: Prompt = { id, number, prompt: body.prompt, extraData: { ...body.extra_data, client_id: body.client_id }, reads: 0, ...(nextFailure ? { failure: nextFailure } : {}) }
    nextFailure = undefined
    prompts.set(id, prompt)
    submits.push({ prompt_id: id, client_id: body.client_id, prompt: body.prompt })
    if (loseAnswer) {
      loseAnswer = false
      response.destroy()
      return
    }
    sendJson(response, 200, { prompt_id: id, number, node_errors: {} })
  }

  /** ComfyUI's `validate_prompt`, for the inputs the built-in workflow has. */
  function validate(workflow: Workflow): Record<string, unknown> | undefined {
    for (const [id, node] of Object.entries(workflow)) {
      if (!NODE_TYPES.has(node.class_type)) {
        return { error: { type: 'missing_node_type', message: `Node '${node.class_type}' not found. The custom node may not be installed.`, details: `Node ID '#${id}'`, extra_info: { node_id: id, class_type: node.class_type } }, node_errors: {} }
      }
    }
    if (!Object.values(workflow).some((node) => OUTPUT_NODES.has(node.class_type))) {
      return { error: { type: 'prompt_no_outputs', message: 'Prompt has no outputs', details: '', extra_info: {} }, node_errors: {} }
    }
    const nodeErrors: Record<string, unknown> = {}
    for (const [id, node] of Object.entries(workflow)) {
      const errors: Record<string, unknown>[] = []
      for (const [name, value] of Object.entries(node.inputs)) {
        if (Array.isArray(value) && !(String(value[0]) in workflow)) {
          errors.push({ type: 'bad_linked_input', message: 'Bad linked input, must be a length-2 list of [node_id, slot_index]', details: `${name}`, extra_info: { input_name: name } })
        }
        const installed = INSTALLED[name as keyof typeof INSTALLED]?.filter((file) => !uninstalled.has(file))
        if (installed && !installed.includes(String(value))) {
          errors.push({ type: 'value_not_in_list', message: 'Value not in list', details: `${name}: '${String(value)}' not in ${JSON.stringify(installed)}`, extra_info: { input_name: name, received_value: value } })
        }
        if (INT_INPUTS.has(name) && typeof value !== 'number') {
          errors.push({ type: 'invalid_input_type', message: 'Failed to convert an input value to a INT value', details: `${name}, ${String(value)}, invalid literal for int()`, extra_info: { input_name: name, received_value: value } })
        }
        if (node.class_type === 'LoadImage' && name === 'image' && !uploads.has(String(value))) {
          errors.push({ type: 'custom_validation_failed', message: 'Custom validation failed for node', details: `image - Invalid image file: ${String(value)}`, extra_info: { input_name: name } })
        }
        // Load Video's file is a choice among the input folder's videos.
        if (node.class_type === 'LoadVideo' && name === 'file' && !uploads.has(String(value))) {
          errors.push({ type: 'value_not_in_list', message: 'Value not in list', details: `file: '${String(value)}' not in [${[...uploads.keys()].join(', ')}]`, extra_info: { input_name: name, received_value: value } })
        }
      }
      if (errors.length > 0) nodeErrors[id] = { errors, dependent_outputs: [], class_type: node.class_type }
    }
    if (Object.keys(nodeErrors).length === 0) return undefined
    return { error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation', details: '', extra_info: {} }, node_errors: nodeErrors }
  }

  async function upload(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const form = await new Response(Buffer.concat(chunks), { headers: { 'Content-Type': request.headers['content-type'] ?? '' } }).formData()
    const image = form.get('image')
    if (!(image instanceof Blob) || !('name' in image) || !image.name) {
      response.writeHead(400).end()
      return
    }
    const name = String(image.name)
    const subfolder = String(form.get('subfolder') ?? '')
    const stored = subfolder ? `${subfolder}/${name}` : name
    uploads.set(stored, Buffer.from(await image.arrayBuffer()))
    sendJson(response, 200, { name, subfolder, type: String(form.get('type') ?? 'input') })
  }

  const http = await listen(handle, port)
  stopped.close = http.close
  return {
    ...http,
    submits,
    uploads,
    deleted,
    interrupted,
    failNextWith: (error) => (nextFailure = error),
    loseNextAnswer: () => (loseAnswer = true),
    uninstallModel: (file) => void uninstalled.add(file),
    reinstallModels: () => uninstalled.clear(),
    refuseCrossSite: (refuse) => (crossSiteRefused = refuse),
    allowOrigin: (origin) => (allowedOrigin = origin),
    stopAfterTakes: (count) => (takesUntilStop = count),
  }
}
