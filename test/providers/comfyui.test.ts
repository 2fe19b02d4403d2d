import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryJobLedger, MemoryResultStore } from '../../src/engine'
import { COMFYUI_DEFAULT_URL, createComfyUI } from '../../src/providers/comfyui/comfyui'
import { DEFAULT_WORKFLOW, fillWorkflow, frameCount, readWorkflow, referenceSlots } from '../../src/providers/comfyui/workflow'
import { checkRequest, clientIdFor, generate, type GenerationRequest } from '../../src/providers/provider'
import { resumePendingJobs } from '../../src/providers/resume'
import { adapterKit, failureOf } from '../contract/adapter-kit'
import { startComfyServer } from '../contract/comfyui-server'
import { listen } from '../contract/http'
import { ffmpegClip, remoteVia } from '../contract/remote'

const request: GenerationRequest = {
  prompt: { text: 'Slow dolly in on Mara at the ridge, dusk light', fields: {} },
  references: [],
  durationS: 5,
  aspect: '16:9',
  height: 720,
  fps: 24,
  seed: 11,
}
const hosts = [new URL(COMFYUI_DEFAULT_URL).host]
const output = { nodeType: 'generate-video', port: 'take', meta: { take: 1 } }
const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])], { type: 'image/png' })

describe('ComfyUI adapter against the contract server', () => {
  const kit = adapterKit({
    start: () => startComfyServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 })),
    hosts,
    keys: {},
    make: createComfyUI,
    paidCalls: (server) => [server.submits],
  })

  it('queues the shot under our prompt_id in the built-in workflow, text only, and fetches the saved video', async () => {
    const { provider, remote } = kit.adapter()
    const jobs = new MemoryJobLedger()
    const clip = await generate(provider, request, { ledger: { jobs, key: 'ridge-1', output } })
    const sent = kit.server.submits.at(-1)
    expect(sent?.prompt_id).toBe(clientIdFor('ridge-1'))
    expect(typeof sent?.client_id).toBe('string')
    // Without a reference the first-frame loader is left out, and the latent gets no start image.
    expect(sent?.prompt['7']).toBeUndefined()
    expect(sent?.prompt['8']?.inputs).toEqual({ vae: ['3', 0], width: 1280, height: 720, length: 121, batch_size: 1 })
    expect(sent?.prompt['5']?.inputs.text).toBe(request.prompt.text)
    expect(sent?.prompt['9']?.inputs.seed).toBe(11)
    expect(sent?.prompt['11']?.inputs.fps).toBe(24)
    expect(clip).toMatchObject({ width: 1280, height: 720, hasAudio: false })
    expect(remote.calls).toContain('GET 127.0.0.1:8188/view')
    expect(provider.estimateCost(request)).toMatchObject({ amount: 0 })
  })

  it('uploads a reference image to ComfyUI’s input folder and starts the take from it', async () => {
    const { provider } = kit.adapter()
    await generate(provider, { ...request, aspect: '9:16', references: [{ image: png, role: 'character' }] })
    const sent = kit.server.submits.at(-1)
    const name = sent?.prompt['7']?.inputs.image
    expect(name).toMatch(/^reelgraph-[0-9a-f]{16}\.png$/)
    expect(kit.server.uploads.get(String(name))?.length).toBe(png.size)
    expect(sent?.prompt['8']?.inputs).toMatchObject({ width: 720, height: 1280, start_image: ['7', 0] })
  })

  it('refuses before queueing more reference images than the workflow has places for', () => {
    const { provider } = kit.adapter()
    expect(provider.capabilities.maxReferenceImages).toBe(1)
    expect(checkRequest({ ...request, references: [{ image: png }, { image: png }] }, provider.capabilities)).toBe('2 reference images are more than this provider takes (at most 1)')
  })

  it('names the node and the missing model file when ComfyUI refuses the workflow (node_errors)', async () => {
    kit.server.uninstallModel('wan2.2_ti2v_5B_fp16.safetensors')
    try {
      const message = await generate(kit.adapter().provider, request).then(() => '', (error: Error) => error.message)
      expect(message).toContain("ComfyUI refused the workflow: Prompt outputs failed validation — UNETLoader (node 1): Value not in list: unet_name: 'wan2.2_ti2v_5B_fp16.safetensors' not in []")
      expect(message).toContain('Put the model files the workflow names into ComfyUI’s models folders')
    } finally {
      kit.server.reinstallModels()
    }
  })

  it('says which node failed while the take ran (execution_error), and a GPU out of memory as such', async () => {
    kit.server.failNextWith({ node_id: '9', node_type: 'KSampler', exception_type: 'torch.OutOfMemoryError', exception_message: 'Allocation on device 0 would exceed allowed memory. (out of memory)' })
    await expect(generate(kit.adapter().provider, request)).rejects.toThrow('ComfyUI could not make this take: KSampler (node 9) failed: the GPU ran out of memory; try a lower resolution or a shorter shot')
    kit.server.failNextWith({ node_id: '10', node_type: 'VAEDecode', exception_type: 'RuntimeError', exception_message: 'Given groups=1, weight of size [48, 48]\nmore lines' })
    await expect(generate(kit.adapter().provider, request)).rejects.toThrow('ComfyUI could not make this take: VAEDecode (node 10) failed: Given groups=1, weight of size [48, 48]')
  })

  it('takes a queued take out of the queue on cancel, and interrupts a running one', async () => {
    const cancelAt = async (pollNumber: number) => {
      const jobs = new MemoryJobLedger()
      const { provider } = kit.adapter({ jobs })
      const controller = new AbortController()
      let polls = 0
      const polling = provider.poll.bind(provider)
      provider.poll = async (id, signal) => {
        const status = await polling(id, signal)
        if (++polls === pollNumber) controller.abort(new Error('cancelled by the person'))
        return status
      }
      await expect(generate(provider, request, { signal: controller.signal, ledger: { jobs, key: `cancel-${pollNumber}`, output } })).rejects.toThrow('cancelled by the person')
      // Stopped at ComfyUI, so nothing is left to follow.
      expect(await jobs.get(`cancel-${pollNumber}`)).toBeUndefined()
      return clientIdFor(`cancel-${pollNumber}`)
    }
    expect(kit.server.deleted).toContain(await cancelAt(1))
    const running = await cancelAt(2)
    expect(kit.server.interrupted).toContain(running)
    expect(kit.server.deleted).not.toContain(running)
  })

  it('says a take interrupted in ComfyUI itself was cancelled there', async () => {
    const { provider } = kit.adapter()
    const polling = provider.poll.bind(provider)
    let polls = 0
    provider.poll = async (id, signal) => {
      // Someone presses Cancel in ComfyUI's own window while the take runs.
      if (++polls === 3) await fetch(`${kit.server.origin}/interrupt`, { method: 'POST', body: JSON.stringify({ prompt_id: id.split('@')[0] }) })
      return polling(id, signal)
    }
    await expect(generate(provider, request)).rejects.toThrow('ComfyUI cancelled this take')
  })

  it('says to start ComfyUI, and how, when nothing answers at its address', async () => {
    const closed = await listen(async () => {})
    await closed.close()
    const message = await failureOf(generate(kit.adapter({ origin: closed.origin }).provider, request))
    expect(message).toBe(
      "ComfyUI is not answering at http://127.0.0.1:8188. Start it and let this page call it: `python main.py --enable-cors-header http://localhost:5173` in ComfyUI's folder; if it runs elsewhere, set its address in File → Provider keys.",
    )
  })

  it('says how to let this page in when ComfyUI refuses another site’s calls', async () => {
    kit.server.refuseCrossSite(true)
    try {
      await expect(generate(kit.adapter().provider, request)).rejects.toThrow('start it with `--enable-cors-header')
    } finally {
      kit.server.refuseCrossSite(false)
    }
  })

  it('calls the server at the address in the settings', async () => {
    const remote = { ...remoteVia(kit.server.origin, ['192.168.1.20:8190'], {}), servers: async () => [{ url: 'http://192.168.1.20:8190/', jobsAtOnce: 1 }] }
    const before = kit.server.submits.length
    await generate(createComfyUI(remote, { pollIntervalMs: 1, sleep: async () => {} }), request)
    expect(kit.server.submits.length - before).toBe(1)
    expect(remote.calls.slice(0, 2)).toEqual(['GET 192.168.1.20:8190/queue', 'POST 192.168.1.20:8190/prompt'])
  })

  it('follows a take after a reload in the middle of polling, without queueing it again', async () => {
    const jobs = new MemoryJobLedger()
    const before = kit.server.submits.length
    const first = kit.adapter({ jobs }).provider
    let reached: () => void = () => {}
    const polled = new Promise<void>((resolve) => (reached = resolve))
    // The page goes away during the first poll: nothing after it runs.
    first.poll = () => (reached(), new Promise<never>(() => {}))
    void generate(first, request, { ledger: { jobs, key: 'reload-1', output } })
    await polled
    expect(await jobs.get('reload-1')).toMatchObject({ provider: 'comfyui', state: 'pending', remoteId: `${clientIdFor('reload-1')}@${COMFYUI_DEFAULT_URL}` })

    // The reloaded page runs the node again and attaches to the take already queued.
    const clip = await generate(kit.adapter({ jobs }).provider, request, { ledger: { jobs, key: 'reload-1', output } })
    expect(clip).toMatchObject({ width: 1280 })
    expect(kit.server.submits.length - before).toBe(1)
  })

  it('finds a take whose submit answer was lost by our prompt_id, at once and after a reload', async () => {
    const jobs = new MemoryJobLedger()
    let before = kit.server.submits.length
    kit.server.loseNextAnswer()
    // The server is asked for our prompt_id: it has it, so the take is followed, not queued again.
    await expect(generate(kit.adapter({ jobs }).provider, request, { ledger: { jobs, key: 'lost-1', output } })).resolves.toMatchObject({ width: 1280 })
    expect(kit.server.submits.length - before).toBe(1)

    // A build before several servers left a submitting row without an id: the reload finds the take by our prompt_id.
    before = kit.server.submits.length
    const now = Date.now()
    jobs.jobs.clear()
    await jobs.put({ key: 'lost-2', provider: 'comfyui', state: 'submitting', output, createdAt: now, updatedAt: now })
    const prompt = fillWorkflow(DEFAULT_WORKFLOW, { prompt: 'the ridge', seed: 1, width: 1280, height: 720, fps: 24, durationS: 1, references: [] })
    await fetch(`${kit.server.origin}/prompt`, { method: 'POST', body: JSON.stringify({ prompt, prompt_id: clientIdFor('lost-2') }) })
    const results = new MemoryResultStore()
    const after = kit.adapter({ jobs })
    const report = await resumePendingJobs(after.remote, { assets: new MemoryAssetStore(), results }, { providerFor: () => after.provider })
    expect(report).toEqual({ landed: 1, problems: [] })
    expect(results.entries.get('lost-2')?.take).toMatchObject({ kind: 'video', meta: { width: 1280, take: 1 } })
    expect(await jobs.get('lost-2')).toBeUndefined()
    expect(kit.server.submits.length - before).toBe(1)
  })

  it('keeps a pending take for later when ComfyUI is not running at start-up', async () => {
    const closed = await listen(async () => {})
    await closed.close()
    const jobs = new MemoryJobLedger()
    const now = Date.now()
    await jobs.put({ key: 'later-1', provider: 'comfyui', state: 'submitting', output, createdAt: now, updatedAt: now })
    const { remote, provider } = kit.adapter({ jobs, origin: closed.origin })
    const report = await resumePendingJobs(remote, { assets: new MemoryAssetStore(), results: new MemoryResultStore() }, { providerFor: () => provider })
    expect(report.landed).toBe(0)
    expect(report.problems[0]).toContain('ComfyUI at http://127.0.0.1:8188 stopped answering as this take was sent to it')
    expect(await jobs.get('later-1')).toMatchObject({ state: 'submitting' })
  })
})

describe('ComfyUI workflows with placeholders', () => {
  it('reads an API-format workflow and counts its reference images', () => {
    const text = JSON.stringify({ ...DEFAULT_WORKFLOW, 20: { class_type: 'LoadImage', inputs: { image: '{{reference_2}}' } } })
    expect(referenceSlots(readWorkflow(text))).toBe(2)
  })

  it('refuses, in words a person acts on, a workflow it could not fill', () => {
    expect(() => readWorkflow('{"nodes": [], "links": []}', 'shot.json')).toThrow("shot.json is a workflow as ComfyUI's editor saves it")
    expect(() => readWorkflow('not json', 'shot.json')).toThrow('shot.json is not JSON')
    expect(() => readWorkflow(JSON.stringify({ 1: { class_type: 'KSampler', inputs: { seed: '{{seed}}' } } }))).toThrow('has no {{prompt}} placeholder')
    expect(() => readWorkflow(JSON.stringify({ 1: { class_type: 'CLIPTextEncode', inputs: { text: '{{prompt}} {{camera}}' } } }))).toThrow('placeholders Reelgraph does not fill: {{camera}}')
    expect(() => readWorkflow(JSON.stringify({ 1: { inputs: {} } }))).toThrow('not a ComfyUI workflow in API format (at 1.class_type')
  })

  it('puts numbers in as numbers and text into text, and counts frames as 4n+1', () => {
    const workflow = readWorkflow(JSON.stringify({ 1: { class_type: 'CLIPTextEncode', inputs: { text: 'cinematic, {{prompt}}', clip: ['2', 0] } }, 2: { class_type: 'X', inputs: { seconds: '{{duration}}' } } }))
    const filled = fillWorkflow(workflow, { prompt: 'rain on the tram lines', seed: 1, width: 854, height: 480, fps: 16, durationS: 2.5, references: [] })
    expect(filled['1']?.inputs).toEqual({ text: 'cinematic, rain on the tram lines', clip: ['2', 0] })
    expect(filled['2']?.inputs.seconds).toBe(2.5)
    expect([frameCount(5, 24), frameCount(3, 16), frameCount(1 / 24, 24)]).toEqual([121, 49, 1])
  })
})
