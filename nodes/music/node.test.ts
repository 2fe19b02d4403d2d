import { describe, expect, it } from 'vitest'
import { standaloneContext } from '../../src/engine'
import music from './node'

describe('music', () => {
  it('makes a 30 s cue unless told otherwise, and needs a key to make it', async () => {
    const params = music.params.parse({ text: 'slow cello under fog' })
    expect(params.durationS).toBe(30)
    await expect(music.run({ inputs: {}, params, ctx: standaloneContext() })).rejects.toThrow('ElevenLabs needs an API key')
  })
})
