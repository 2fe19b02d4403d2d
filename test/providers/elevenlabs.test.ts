import { describe, expect, it } from 'vitest'
import { createElevenLabs } from '../../src/providers/elevenlabs/elevenlabs'
import { checkSoundRequest } from '../../src/providers/sound'
import { adapterKit } from '../contract/adapter-kit'
import { ELEVENLABS_TEST_KEY, ELEVENLABS_TEST_VOICE, startElevenLabsServer } from '../contract/elevenlabs-server'
import { ffmpegMp3 } from '../contract/remote'

describe('ElevenLabs adapter against the contract server', () => {
  const sounds = { speech: ffmpegMp3(220, 1), effect: ffmpegMp3(880, 0.5), music: ffmpegMp3(440, 3) }
  const kit = adapterKit({
    start: () => startElevenLabsServer(sounds),
    hosts: ['api.elevenlabs.io'],
    keys: { elevenlabs: ELEVENLABS_TEST_KEY },
    make: createElevenLabs,
    paidCalls: (server) => [server.requests],
  })
  const elevenLabs = (key: string | undefined = ELEVENLABS_TEST_KEY, waits: number[] = []) =>
    kit.adapter({ keys: key ? { elevenlabs: key } : {}, sleep: async (ms) => void waits.push(ms) }).provider

  it('speaks a line, makes an effect and a cue, each answered with MP3 bytes', async () => {
    const provider = elevenLabs()
    const speech = await provider.make({ kind: 'speech', text: 'Keep the light burning.', voice: ELEVENLABS_TEST_VOICE, seed: 4 })
    const effect = await provider.make({ kind: 'sound-effect', text: 'gulls over a harbour', durationS: 4 })
    const music = await provider.make({ kind: 'music', text: 'slow cello, foggy dawn', durationS: 20 })
    expect(speech.type).toBe('audio/mpeg')
    expect(new Uint8Array(await speech.arrayBuffer())).toEqual(new Uint8Array(sounds.speech))
    expect(effect.size).toBe(sounds.effect.length)
    expect(music.size).toBe(sounds.music.length)
    expect(kit.server.requests.slice(-3)).toEqual([
      { path: `/v1/text-to-speech/${ELEVENLABS_TEST_VOICE}`, body: { text: 'Keep the light burning.', model_id: 'eleven_multilingual_v2', seed: 4 } },
      { path: '/v1/sound-generation', body: { text: 'gulls over a harbour', duration_seconds: 4, prompt_influence: 0.3 } },
      { path: '/v1/music', body: { prompt: 'slow cello, foggy dawn', music_length_ms: 20_000 } },
    ])
  })

  it('waits its turn when the plan’s concurrency is used up, and asks again', async () => {
    const waits: number[] = []
    kit.server.busyNext(2)
    await elevenLabs(ELEVENLABS_TEST_KEY, waits).make({ kind: 'speech', text: 'Again.', voice: ELEVENLABS_TEST_VOICE })
    expect(waits).toHaveLength(2)
  })

  it('says what is wrong in a person’s words: an unknown voice, a refused key, no key', async () => {
    await expect(elevenLabs().make({ kind: 'speech', text: 'Hello', voice: 'nobody' })).rejects.toThrow('ElevenLabs does not know that voice: pick another voice id.')
    await expect(elevenLabs('sk_wrong_key_00000000').make({ kind: 'speech', text: 'Hello' })).rejects.toThrow('ElevenLabs refused the API key')
    await expect(elevenLabs('').make({ kind: 'speech', text: 'Hello' })).rejects.toThrow('ElevenLabs needs an API key')
  })

  it('refuses before paying what it cannot make', () => {
    const provider = elevenLabs()
    expect(checkSoundRequest({ kind: 'sound-effect', text: 'thunder', durationS: 45 }, provider)).toBe('ElevenLabs makes sound effect from 0.5 to 30 s, not 45 s')
    expect(checkSoundRequest({ kind: 'speech', text: '   ' }, provider)).toBe('there is no line to speak')
    expect(provider.estimateCost({ kind: 'speech', text: 'x'.repeat(2000) }).amount).toBeCloseTo(0.6)
  })
})
