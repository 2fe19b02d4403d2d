import { describe, expect, it } from 'vitest'
import { MemoryAssetStore, standaloneContext, type CharacterValue, type RunContext } from '../../src/engine'
import character, { MAX_REFERENCES } from './node'

const assets = new MemoryAssetStore()

async function still(name: string, seed: number) {
  return assets.put(new Blob([new Uint8Array([137, 80, 78, 71, seed])], { type: 'image/png' }), { kind: 'image', meta: { name, width: 4, height: 3 } })
}

function context(logs: string[] = []): RunContext {
  return { ...standaloneContext({ assets }), log: (message) => logs.push(message) }
}

describe('character node', () => {
  it('outputs the name, the description and each reference image marked as the character', async () => {
    const front = await still('front.png', 1)
    const profile = await still('profile.png', 2)
    const params = character.params.parse({ name: ' Mara ', description: 'cropped grey hair, red wool coat\n', images: [front, profile] })
    const { character: value } = (await character.run({ inputs: {}, params, ctx: context() })) as { character: CharacterValue }
    expect(value).toEqual({
      kind: 'character',
      name: 'Mara',
      description: 'cropped grey hair, red wool coat',
      references: [
        { ...front, meta: { ...front.meta, role: 'character', character: 'Mara' } },
        { ...profile, meta: { ...profile.meta, role: 'character', character: 'Mara' } },
      ],
    })
  })

  it('needs a name a prompt can call it by', async () => {
    await expect(character.run({ inputs: {}, params: character.params.parse({}), ctx: context() })).rejects.toThrow(/no name yet/)
    await expect(character.run({ inputs: {}, params: character.params.parse({ name: '…' }), ctx: context() })).rejects.toThrow(/no letter or digit/)
  })

  it('runs without reference images, saying what that costs the shot', async () => {
    const logs: string[] = []
    const { character: value } = (await character.run({ inputs: {}, params: character.params.parse({ name: 'Tom' }), ctx: context(logs) })) as {
      character: CharacterValue
    }
    expect(value.references).toEqual([])
    expect(logs).toEqual(['warning: no reference images yet: prompts get the name, but the model gets no faces to keep'])
  })

  it('refuses params that are not a handful of images', async () => {
    const front = await still('front.png', 1)
    const sound = { ...front, kind: 'audio' }
    expect(character.params.safeParse({ images: [sound] }).success).toBe(false)
    expect(character.params.safeParse({ images: Array.from({ length: MAX_REFERENCES + 1 }, () => front) }).error?.issues[0]?.message).toBe(
      `holds at most ${MAX_REFERENCES} reference images`,
    )
    expect(character.params.parse({})).toEqual({ name: '', description: '', images: [] })
  })

  it('has the port documents use', () => {
    expect(character.inputs).toEqual({})
    expect(character.outputs).toEqual({ character: { type: 'character' } })
  })
})
