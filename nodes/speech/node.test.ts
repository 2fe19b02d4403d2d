import { describe, expect, it } from 'vitest'
import { standaloneContext } from '../../src/engine'
import speech from './node'

describe('speech', () => {
  it('speaks the linked line over the typed one, and asks for a key before calling out', async () => {
    const params = speech.params.parse({ text: 'typed line' })
    expect(params).toMatchObject({ provider: 'elevenlabs', voice: '21m00Tcm4TlvDq8ikWAM' })
    await expect(speech.run({ inputs: { text: 'linked line' }, params, ctx: standaloneContext() })).rejects.toThrow('ElevenLabs needs an API key')
  })

  it('refuses an empty line before anything is paid', async () => {
    await expect(speech.run({ inputs: { text: undefined }, params: speech.params.parse({}), ctx: standaloneContext() })).rejects.toThrow('ElevenLabs: there is no line to speak')
  })
})
