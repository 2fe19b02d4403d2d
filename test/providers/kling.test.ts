import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryJobLedger, MemoryResultStore } from '../../src/engine'
import { klingToken } from '../../src/providers/kling/jwt'
import { createKling } from '../../src/providers/kling/kling'
import { clientIdFor, generate, type GenerationRequest } from '../../src/providers/provider'
import { resumePendingJobs } from '../../src/providers/resume'
import { adapterKit } from '../contract/adapter-kit'
import { KLING_MEDIA_ORIGIN, KLING_TEST_ACCESS, KLING_TEST_SECRET, startKlingServer } from '../contract/kling-server'
import { ffmpegClip } from '../contract/remote'

const request: GenerationRequest = {
  prompt: { text: 'Close on the keeper’s hands winding the lamp', fields: {} },
  references: [],
  durationS: 5,
  aspect: '16:9',
  height: 720,
  fps: 24,
  seed: 9,
}
const keys = { kling: `${KLING_TEST_ACCESS}:${KLING_TEST_SECRET}` }
const output = { nodeType: 'generate-video', port: 'take', meta: { take: 1 } }
const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' })

describe('Kling adapter against the contract server', () => {
  const kit = adapterKit({
    start: () => startKlingServer(ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 })),
    hosts: ['api-singapore.klingai.com', new URL(KLING_MEDIA_ORIGIN).host],
    keys,
    make: createKling,
    paidCalls: (server) => [server.creates],
  })
  const kling = (stored: Record<string, string> = keys, waits: number[] = [], jobs = new MemoryJobLedger()) =>
    kit.adapter({ keys: stored, jobs, sleep: async (ms) => void waits.push(ms) }).provider

  it('signs each request with a fresh token, sends our id for the take, and downloads the clip', async () => {
    const clip = await generate(kling(), request, { ledger: { jobs: new MemoryJobLedger(), key: 'close-1', output: { nodeType: 'generate-video', port: 'take', meta: {} } } })
    expect(kit.server.creates.at(-1)).toEqual({
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
    await generate(kling(), { ...request, references: [{ image: png }], height: 1080, durationS: 10 })
    expect(kit.server.creates.at(-1)).toMatchObject({ image: 'iVBORw==', mode: 'pro', duration: '10' })
  })

  it('makes a token Kling accepts: HS256 over the header and claims, issued by the access key, 30 minutes long', async () => {
    const token = await klingToken('ak', 'sk', 1_000_000)
    const [head, payload] = token.split('.') as [string, string, string]
    expect(JSON.parse(Buffer.from(head, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({ iss: 'ak', exp: 1_001_800, nbf: 999_995 })
  })

  it('waits its turn on 1303, but does not retry an account that cannot pay (1102)', async () => {
    const waits: number[] = []
    kit.server.refuseNextCreate(1303, 429)
    const before = kit.server.creates.length
    await generate(kling(keys, waits), request)
    expect(waits.length).toBeGreaterThanOrEqual(1)
    expect(kit.server.creates.length - before).toBe(1)

    kit.server.refuseNextCreate(1102, 429)
    await expect(generate(kling(), request)).rejects.toThrow('Kling says the account cannot generate')
  })

  it('says a content-policy refusal, a bad secret and a missing key in a person’s words', async () => {
    kit.server.refuseNextCreate(1301, 400)
    await expect(generate(kling(), request)).rejects.toThrow('Kling’s content policy refused this shot')
    await expect(generate(kling({ kling: `${KLING_TEST_ACCESS}:wrong-secret` }), request)).rejects.toThrow('Kling refused the keys')
    await expect(generate(kling({ kling: 'only-one-key' }), request)).rejects.toThrow('as access-key:secret-key')
  })

  it('finds a take whose create answer was lost by our external_task_id, on a re-run and after a reload, paying once', async () => {
    const loseThenFollow = async (key: string, shot: GenerationRequest, follow: (jobs: MemoryJobLedger) => Promise<void>) => {
      const jobs = new MemoryJobLedger()
      const before = kit.server.creates.length
      kit.server.loseNextAnswer()
      await expect(generate(kling(keys, [], jobs), shot, { ledger: { jobs, key, output } })).rejects.toThrow()
      // Kling took the task, but all we know is that a submit was under way.
      expect(await jobs.get(key)).toMatchObject({ state: 'submitting' })
      expect((await jobs.get(key))?.remoteId).toBeUndefined()
      await follow(jobs)
      expect(kit.server.creates.length - before).toBe(1)
      expect(kit.server.creates.at(-1)?.external_task_id).toBe(clientIdFor(key))
    }
    await loseThenFollow('lost-1', request, async (jobs) => {
      const clip = await generate(kling(keys, [], jobs), request, { ledger: { jobs, key: 'lost-1', output } })
      expect(clip).toMatchObject({ width: 1280, height: 720 })
      expect(await jobs.get('lost-1')).toMatchObject({ state: 'pending', remoteId: expect.stringMatching(/^text2video\//) })
    })
    // A reference image makes an image2video task, which is found only under that kind.
    await loseThenFollow('lost-2', { ...request, references: [{ image: png }] }, async (jobs) => {
      const results = new MemoryResultStore()
      const { remote, provider } = kit.adapter({ jobs })
      const report = await resumePendingJobs(remote, { assets: new MemoryAssetStore(), results }, { providerFor: () => provider })
      expect(report).toEqual({ landed: 1, problems: [] })
      expect(results.entries.get('lost-2')?.take).toMatchObject({ kind: 'video', meta: { width: 1280, take: 1 } })
      expect(await jobs.get('lost-2')).toBeUndefined()
      expect(remote.calls).toContain('GET api-singapore.klingai.com/v1/videos/image2video')
    })
  })

  it('finds nothing for an external id never submitted, and then submits the take afresh', async () => {
    const { remote, provider } = kit.adapter()
    expect(provider.recover).toBeDefined()
    expect(await provider.recover?.(clientIdFor('never-sent'))).toBeUndefined()
    // Asked under both kinds, and Kling's "no such task" (404, code 1203) is read as none.
    expect(remote.calls).toEqual(['GET api-singapore.klingai.com/v1/videos/text2video', 'GET api-singapore.klingai.com/v1/videos/image2video'])

    const jobs = new MemoryJobLedger()
    const now = Date.now()
    // The page closed after the job was recorded but before the create went out.
    await jobs.put({ key: 'unsent-1', provider: 'kling', state: 'submitting', output, createdAt: now, updatedAt: now })
    const before = kit.server.creates.length
    const clip = await generate(kling(keys, [], jobs), request, { ledger: { jobs, key: 'unsent-1', output } })
    expect(clip).toMatchObject({ width: 1280 })
    expect(kit.server.creates.length - before).toBe(1)
    expect(kit.server.creates.at(-1)?.external_task_id).toBe(clientIdFor('unsent-1'))
  })
})
