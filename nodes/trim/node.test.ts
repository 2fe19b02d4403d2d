import { describe, expect, it } from 'vitest'
import trim from './node'
import { trimRange } from './range'

describe('trim range', () => {
  it('runs to the end of the clip when no out point is set', () => {
    expect(trimRange(0.5, undefined, 2)).toEqual({ startS: 0.5, endS: 2 })
  })

  it('stops at the end of the clip when the out point is past it', () => {
    expect(trimRange(0, 9, 2)).toEqual({ startS: 0, endS: 2 })
  })

  it('refuses an out point before the in point, and an in point past the end', () => {
    expect(() => trimRange(1, 1, 2)).toThrow(/must come after the in point/)
    expect(() => trimRange(3, 4, 2)).toThrow(/past the end of the clip \(2 s\)/)
  })

  it('needs an out point when the clip’s length is unknown', () => {
    expect(() => trimRange(0, undefined, undefined)).toThrow(/set an out point/)
    expect(trimRange(0, 1.5, undefined)).toEqual({ startS: 0, endS: 1.5 })
  })
})

describe('trim node', () => {
  it('starts at the beginning by default and refuses negative points', () => {
    expect(trim.params.parse({})).toEqual({ startS: 0 })
    expect(trim.params.safeParse({ startS: -1 }).success).toBe(false)
    expect(trim.params.safeParse({ endS: 0 }).success).toBe(false)
  })
})
