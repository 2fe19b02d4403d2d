import { describe, expect, it } from 'vitest'
import { assetsIn, characterVariable, describeValue, distinctAssets, isAssetRef, isCharacter, type AssetRef, type CharacterValue } from '../../src/engine'

const still = (n: number): AssetRef => ({ kind: 'image', hash: String(n).repeat(64), mime: 'image/png', bytes: 10 * n, meta: {} })

const mara: CharacterValue = { kind: 'character', name: 'Mara', description: 'red coat', references: [still(1), still(2)] }

describe('character values', () => {
  it('are characters, not assets, and say so in messages', () => {
    expect(isCharacter(mara)).toBe(true)
    expect(isAssetRef(mara)).toBe(false)
    expect(isCharacter(still(1))).toBe(false)
    expect(describeValue(mara)).toBe('a character')
  })

  it('carry their reference images, as prompts carry theirs, wherever the assets of a value are counted', () => {
    const prompt = { kind: 'prompt' as const, text: 't', fields: {}, references: [still(3)] }
    expect(assetsIn([mara, prompt, still(4)]).map((ref) => ref.hash[0])).toEqual(['1', '2', '3', '4'])
    expect(assetsIn({ kind: 'prompt', text: 't', fields: {} })).toEqual([])
  })

  it('are named in prompts by their name in lower case, spaces and punctuation made hyphens', () => {
    expect(characterVariable('Mara')).toBe('mara')
    expect(characterVariable('  Old Tom ')).toBe('old-tom')
    expect(characterVariable('Zoë (age 8)')).toBe('zoë-age-8')
    expect(characterVariable('!!')).toBe('')
  })
})

describe('distinctAssets', () => {
  it('keeps each asset once, in the order first seen', () => {
    expect(distinctAssets([still(2), still(1), still(2), still(3), still(1)]).map((ref) => ref.hash[0])).toEqual(['2', '1', '3'])
  })
})
