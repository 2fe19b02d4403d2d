import { describe, expect, it } from 'vitest'
import { standaloneContext, type PromptValue, type RunContext } from '../../src/engine'
import generateVideo, { takeSeed } from './node'

const prompt: PromptValue = {
  kind: 'prompt',
  text: 'A lighthouse at dawn. Camera: dolly in.',
  fields: { subject: 'a lighthouse', camera: 'dolly in', durationS: '30' },
}

describe('generate-video node', () => {
  it('has the params documents use, five animatic takes by default', () => {
    expect(Object.keys(generateVideo.params.shape)).toEqual(['provider', 'durationS', 'aspect', 'height', 'fps', 'seed', 'takes'])
    expect(generateVideo.params.parse({})).toEqual({ provider: 'animatic', aspect: '16:9', height: 720, fps: 24, seed: 1, takes: 5 })
    expect(generateVideo.params.safeParse({ provider: 'nobody' }).success).toBe(false)
    expect(generateVideo.params.safeParse({ aspect: '4:3' }).success).toBe(false)
  })

  it('refuses a 30 s shot on the animatic (capped at 25 s) before any take is made, with the reason', async () => {
    const made: unknown[] = []
    const ctx: RunContext = {
      ...standaloneContext(),
      memo: async (parts) => {
        made.push(parts)
        throw new Error('no take should be asked for')
      },
    }
    const params = generateVideo.params.parse({})
    await expect(generateVideo.run({ inputs: { prompt, references: undefined }, params, ctx })).rejects.toThrow(
      'Animatic (local previz): 30 s is longer than this provider makes (at most 25 s)',
    )
    await expect(generateVideo.run({ inputs: { prompt, references: undefined }, params: { ...params, durationS: 4, height: 600 }, ctx })).rejects.toThrow(
      'this provider does not make 600p (it makes 480p, 720p, 1080p)',
    )
    expect(made).toEqual([])
  })

  it('gives each take its own seed, the same for the same take', () => {
    const seeds = [0, 1, 2, 3, 4].map((index) => takeSeed(42, index))
    expect(new Set(seeds).size).toBe(5)
    expect(takeSeed(42, 3)).toBe(seeds[3])
    expect(seeds[0]).toBe(42)
  })
})
