import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryAssetStore, standaloneContext } from '../../src/engine'
import { ELEVENLABS_TEST_KEY, startElevenLabsServer, type ElevenLabsServer } from '../../test/contract/elevenlabs-server'
import { ffmpegMp3, remoteVia } from '../../test/contract/remote'
import speech from './node'

describe('speech', () => {
  let server: ElevenLabsServer
  beforeAll(async () => {
    server = await startElevenLabsServer({ speech: ffmpegMp3(220, 1), effect: ffmpegMp3(880, 0.5), music: ffmpegMp3(440, 1) })
  })
  afterAll(() => server.close())

  const context = (keys: Record<string, string>) => standaloneContext({ assets: new MemoryAssetStore(), remote: remoteVia(server.origin, ['api.elevenlabs.io'], keys) })
  /** Runs the node and gives back what ElevenLabs was asked. The answer is decoded only in a browser (the e2e sound tests play it), so here the run ends there. */
  const asked = async (text: string | undefined, params: Record<string, unknown>) => {
    await expect(speech.run({ inputs: { text }, params: speech.params.parse(params), ctx: context({ elevenlabs: ELEVENLABS_TEST_KEY }) })).rejects.toThrow('OfflineAudioContext')
    return server.requests.at(-1)
  }

  it('speaks the linked line over the typed one', async () => {
    expect((await asked('linked line', { text: 'typed line' }))?.body.text).toBe('linked line')
  })

  it('speaks the typed line when none is linked, with the default voice', async () => {
    expect(speech.params.parse({})).toMatchObject({ provider: 'elevenlabs', voice: '21m00Tcm4TlvDq8ikWAM' })
    expect(await asked(undefined, { text: 'typed line' })).toMatchObject({ path: '/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM', body: { text: 'typed line' } })
  })

  it('asks for a key before calling out', async () => {
    const before = server.requests.length
    await expect(speech.run({ inputs: { text: 'a line' }, params: speech.params.parse({}), ctx: context({}) })).rejects.toThrow('ElevenLabs needs an API key')
    expect(server.requests).toHaveLength(before)
  })

  it('prices the line it will speak, and says why a line still to be made cannot be priced', async () => {
    const params = speech.params.parse({ text: 'typed line' })
    const ctx = context({ elevenlabs: ELEVENLABS_TEST_KEY })
    const estimate = (text: string | undefined, pending: string[]) => speech.estimate!({ inputs: { text }, pending: new Set(pending), params, ctx })
    expect(await estimate(undefined, ['text'])).toMatchObject({ kind: 'unpriced', why: expect.stringContaining('priced by its length') })
    const typed = await estimate(undefined, [])
    const linked = await estimate('a much longer linked line than the typed one, spoken slowly', [])
    expect(typed).toMatchObject({ kind: 'priced', provider: 'elevenlabs' })
    expect(linked.kind === 'priced' && typed.kind === 'priced' && linked.usd > typed.usd).toBe(true)
    expect(await speech.estimate!({ inputs: {}, pending: new Set(), params, ctx: context({}) })).toMatchObject({ kind: 'cannot-run' })
  })

  it('refuses an empty line before anything is paid', async () => {
    await expect(speech.run({ inputs: { text: undefined }, params: speech.params.parse({}), ctx: standaloneContext() })).rejects.toThrow('ElevenLabs: there is no line to speak')
  })
})
