import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryJobLedger } from '../../src/engine'
import { klingToken } from '../../src/providers/kling/jwt'
import { createKling } from '../../src/providers/kling/kling'
import { clientIdFor, generate, type GenerationRequest } from '../../src/providers/provider'
import { KLING_MEDIA_ORIGIN, KLING_TEST_ACCESS, KLING_TEST_SECRET, startKlingServer, type KlingServer } from '../contract/kling-server'
import { ffmpegClip, remoteVia } from '../contract/remote'

const request: GenerationRequest = {
  prompt: { text: 'Close on the keeper’s hands winding the lamp', fields: {} },
  references: [],
  durationS: 5,
  aspect: '16:9',
  height: 720,
  fps: 24,
  seed: 9,
}
const hosts = ['api-singapore.klingai.com', new URL(KLING_MEDIA_ORIGIN).host]
const keys = { kling: `${KLING_TEST_ACCESS}:${KLING_TEST_SECRET}` }

describe('Kling adapter against the contract server', () => {
  let server: KlingServer
  beforeAll(async () => {
    server = await startKlingServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 }))
  })
  afterAll(() => server.close())

  const kling = (stored: Record<string, string> = keys, waits: number[] = []) =>
    createKling(remoteVia(server.origin, hosts, stored, new MemoryJobLedger()), { pollIntervalMs: 1, sleep: async (ms) => void waits.push(ms) })

  it('signs each request with a fresh token, sends our id for the take, and downloads the clip', async () => {
    const clip = await generate(kling(), request, { ledger: { jobs: new MemoryJobLedger(), key: 'close-1', output: { nodeType: 'generate-video', port: 'take', meta: {} } } })
    expect(server.creates.at(-1)).toEqual({
      model_name: 'kling-v2-1',
      prompt: request.prompt.text,
      aspect_ratio: '16:9',
      duration: '5',
      mode: 'std',
      external_task_id: clientIdFor('close-1'),
    })
    expect(clip).toMatchObject({ width: 1280, height: 720 })
  })

  it('sends a reference image as raw base64 for image-to-video, and reads the task back on that path', async () => {
    const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' })
    await generate(kling(), { ...request, references: [{ image: png }], height: 1080, durationS: 10 })
    expect(server.creates.at(-1)).toMatchObject({ image: 'iVBORw==', mode: 'pro', duration: '10' })
  })

  it('makes a token Kling accepts: HS256 over the header and claims, issued by the access key, 30 minutes long', async () => {
    const token = await klingToken('ak', 'sk', 1_000_000)
    const [head, payload] = token.split('.') as [string, string, string]
    expect(JSON.parse(Buffer.from(head, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({ iss: 'ak', exp: 1_001_800, nbf: 999_995 })
  })

  it('waits its turn on 1303, but does not retry an account that cannot pay (1102)', async () => {
    const waits: number[] = []
    server.refuseNextCreate(1303, 429)
    const before = server.creates.length
    await generate(kling(keys, waits), request)
    expect(waits.length).toBeGreaterThanOrEqual(1)
    expect(server.creates.length - before).toBe(1)

    server.refuseNextCreate(1102, 429)
    await expect(generate(kling(), request)).rejects.toThrow('Kling says the account cannot generate')
  })

  it('says a content-policy refusal, a bad secret and a missing key in a person’s words', async () => {
    server.refuseNextCreate(1301, 400)
    await expect(generate(kling(), request)).rejects.toThrow('Kling’s content policy refused this shot')
    await expect(generate(kling({ kling: `${KLING_TEST_ACCESS}:wrong-secret` }), request)).rejects.toThrow('Kling refused the keys')
    await expect(generate(kling({ kling: 'only-one-key' }), request)).rejects.toThrow('as access-key:secret-key')
  })
})
