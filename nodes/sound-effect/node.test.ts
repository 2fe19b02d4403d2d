import { describe, expect, it } from 'vitest'
import { standaloneContext } from '../../src/engine'
import soundEffect from './node'

describe('sound-effect', () => {
  it('keeps a length inside what the provider makes, or leaves it to the provider', async () => {
    expect(soundEffect.params.safeParse({ text: 'thunder', durationS: 45 }).success).toBe(false)
    expect(soundEffect.params.parse({ text: 'thunder' }).durationS).toBeUndefined()
    await expect(soundEffect.run({ inputs: {}, params: soundEffect.params.parse({ text: '' }), ctx: standaloneContext() })).rejects.toThrow('there is no description of the sound')
  })
})
