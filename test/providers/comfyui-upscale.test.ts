import { describe, expect, it } from 'vitest'
import { clientIdFor } from '../../src/providers/provider'
import { COMFYUI_DEFAULT_URL } from '../../src/providers/comfyui/comfyui'
import { createComfyUpscale } from '../../src/providers/comfyui/upscale'
import { readUpscaleWorkflow } from '../../src/providers/comfyui/upscale-workflow'
import { checkUpscale, type UpscaleRequest } from '../../src/providers/upscale'
import { adapterKit, expectResumesAfterReload, failureOf } from '../contract/adapter-kit'
import { startComfyServer } from '../contract/comfyui-server'
import { ffmpegClip } from '../contract/remote'

const source = ffmpegClip({ width: 640, height: 360, fps: 24, seconds: 1 })
const request: UpscaleRequest = {
  clip: new Blob([new Uint8Array(source)], { type: 'video/mp4' }),
  source: { width: 640, height: 360, fps: 24, frameCount: 24, durationS: 1, bytes: source.length, mime: 'video/mp4' },
  target: { width: 1280, height: 720 },
}
const output = { nodeType: 'upscale', port: 'media', meta: { name: 'shot 2' } }

describe('ComfyUI upscale against the contract server', () => {
  const kit = adapterKit({
    start: () => startComfyServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 })),
    hosts: [new URL(COMFYUI_DEFAULT_URL).host],
    keys: {},
    make: createComfyUpscale,
    paidCalls: (server) => [server.submits],
    noun: 'this upscale',
  })

  it('uploads the clip to ComfyUI’s input folder, runs Real-ESRGAN ×4 over its frames to the size asked for, and fetches the saved video', async () => {
    const { provider } = kit.adapter()
    const before = kit.server.submits.length
    const clip = await kit.run(provider, request)
    expect(kit.server.submits.length - before).toBe(1)
    const sent = kit.server.submits.at(-1)?.prompt
    const file = String(sent?.['1']?.inputs.file)
    expect(file).toMatch(/^reelgraph-[0-9a-f]{16}\.mp4$/)
    expect(kit.server.uploads.get(file)?.length).toBe(source.length)
    expect(sent?.['3']?.inputs.model_name).toBe('RealESRGAN_x4plus.pth')
    expect(sent?.['4']?.inputs).toEqual({ upscale_model: ['3', 0], image: ['2', 0] })
    expect(sent?.['5']?.inputs).toMatchObject({ image: ['4', 0], width: 1280, height: 720, upscale_method: 'lanczos' })
    // The clip's own frame rate and sound go into the saved video.
    expect(sent?.['6']?.inputs).toEqual({ images: ['5', 0], fps: ['2', 2], audio: ['2', 1] })
    expect(clip).toMatchObject({ width: 1280, height: 720, fps: 24 })
    expect(provider.estimateCost(request)).toMatchObject({ amount: 0 })
  })

  it('makes the size asked for, up to ×4 and 8K', () => {
    const { provider } = kit.adapter()
    expect(provider.outputSize(request.source, { width: 1920, height: 1080 })).toEqual({ width: 1920, height: 1080 })
    expect(checkUpscale({ source: request.source, target: { width: 3840, height: 2160 } }, provider)).toBe('×6.0 is more than ComfyUI enlarges (at most ×4)')
    expect(checkUpscale({ source: request.source, target: { width: 2560, height: 1440 } }, provider)).toBeUndefined()
  })

  it('names the missing upscale model when ComfyUI has not got it', async () => {
    kit.server.uninstallModel('RealESRGAN_x4plus.pth')
    try {
      const message = await failureOf(kit.run(kit.adapter().provider, request))
      expect(message).toContain("UpscaleModelLoader (node 3): Value not in list: model_name: 'RealESRGAN_x4plus.pth' not in []")
      expect(message).toContain('Put the model files the workflow names into ComfyUI’s models folders')
    } finally {
      kit.server.reinstallModels()
    }
  })

  it('follows an upscale after a reload in the middle of polling, without queueing it again', async () => {
    await expectResumesAfterReload(kit, request, {
      key: 'upscale-reload',
      output,
      pending: { provider: 'comfyui', remoteId: `${clientIdFor('upscale-reload')}@${COMFYUI_DEFAULT_URL}` },
      landed: { media: { kind: 'video', meta: { name: 'shot 2', width: 1280, height: 720 } } },
    })
  })
})

describe('ComfyUI upscale workflows of the person’s own', () => {
  it('takes an API-format workflow with {{video}}, and refuses in words one it could not fill', () => {
    const own = { 1: { class_type: 'LoadVideo', inputs: { file: '{{video}}' } }, 2: { class_type: 'SaveVideo', inputs: { video: ['1', 0] } } }
    expect(readUpscaleWorkflow(JSON.stringify(own), 'mine.json')).toEqual(own)
    expect(() => readUpscaleWorkflow('{"nodes": [], "links": []}', 'mine.json')).toThrow("mine.json is a workflow as ComfyUI's editor saves it")
    expect(() => readUpscaleWorkflow(JSON.stringify({ 1: { class_type: 'LoadImage', inputs: { image: 'a.png' } } }), 'mine.json')).toThrow('mine.json has no {{video}} placeholder')
    expect(() => readUpscaleWorkflow(JSON.stringify({ 1: { class_type: 'LoadVideo', inputs: { file: '{{video}}', text: '{{prompt}}' } } }), 'mine.json')).toThrow(
      'mine.json has placeholders an upscale does not fill: {{prompt}}. It fills {{video}}, {{width}}, {{height}}.',
    )
  })
})
