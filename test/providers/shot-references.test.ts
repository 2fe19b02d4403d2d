import { describe, expect, it } from 'vitest'
import { shotIsSetAt, shotNames, unusedReference } from '../../src/providers/prompt/shot-references'

const shots = [
  { environment: 'exterior, Hillside Ridge, dusk', characters: ['MARA', 'THEO'] },
  { environment: 'interior, Station Cafe, night', characters: ['THEO'] },
]

describe('matching references to shots', () => {
  it('finds a place by its words in order, case, accents and punctuation aside', () => {
    expect(shotIsSetAt(shots[1] as (typeof shots)[number], 'Station café')).toBe(true)
    expect(shotIsSetAt(shots[1] as (typeof shots)[number], 'STATION-CAFE')).toBe(true)
    expect(shotIsSetAt(shots[1] as (typeof shots)[number], 'Cafe station')).toBe(false)
    expect(shotIsSetAt(shots[1] as (typeof shots)[number], 'Station caf')).toBe(false)
    expect(shotIsSetAt(shots[1] as (typeof shots)[number], '')).toBe(false)
  })

  it('finds a character as prompts name them', () => {
    expect(shotNames({ characters: ['OLD TOM'] }, 'Old Tom')).toBe(true)
    expect(shotNames({ characters: ['TOM'] }, 'Old Tom')).toBe(false)
  })

  it('says which reference no shot takes, on the reference’s own terms', () => {
    expect(unusedReference({ name: 'DOCKS', role: 'location' }, shots)).toMatch(/^No shot in the script is set at DOCKS, so no shot gets this reference/)
    expect(unusedReference({ name: 'Ines', role: 'character' }, shots)).toMatch(/^No shot in the script has Ines in it/)
    expect(unusedReference({ name: 'Hillside ridge', role: 'location' }, shots)).toBeUndefined()
    expect(unusedReference({ name: 'Theo', role: 'character' }, shots)).toBeUndefined()
    expect(unusedReference({ name: 'Dusk look', role: 'style' }, shots)).toBeUndefined()
  })
})
