import { describe, expect, it } from 'vitest'
import { isPortType, linkRefusal } from '../../src/graph'

describe('linkRefusal', () => {
  it('allows the same type, any, and single values into a list of their type', () => {
    expect(linkRefusal('image', 'image')).toBeUndefined()
    expect(linkRefusal('video', 'any')).toBeUndefined()
    expect(linkRefusal('video', 'video[]')).toBeUndefined()
    expect(linkRefusal('video[]', 'video[]')).toBeUndefined()
  })

  it('lets a list into an input that takes one of its items: the node runs once per item', () => {
    expect(linkRefusal('video[]', 'video')).toBeUndefined()
    expect(linkRefusal('text[]', 'text')).toBeUndefined()
    expect(linkRefusal('text[]', 'image')).toBe('a text-list output cannot go into an image input')
  })

  it('refuses other types with a reason a person can act on', () => {
    expect(linkRefusal('text', 'image')).toBe('a text output cannot go into an image input')
    expect(linkRefusal('audio', 'video[]')).toBe('an audio output cannot go into a video-list input')
  })
})

describe('a list input that gathers other types too', () => {
  it('takes its own type and the ones it names, single or listed, and refuses the rest by all their names', () => {
    expect(linkRefusal('character', 'text[]', ['character'])).toBeUndefined()
    expect(linkRefusal('character[]', 'text[]', ['character'])).toBeUndefined()
    expect(linkRefusal('text', 'text[]', ['character'])).toBeUndefined()
    expect(linkRefusal('character', 'text[]')).toBe('a character output cannot go into a text-list input')
    expect(linkRefusal('image', 'text[]', ['character'])).toBe('an image output cannot go into a text-or-character-list input')
  })
})

describe('isPortType', () => {
  it('knows the value types and their lists', () => {
    expect(['image', 'prompt[]', 'any', 'number', 'character', 'character[]'].every(isPortType)).toBe(true)
    expect(['lut', 'image[][]', ''].some(isPortType)).toBe(false)
  })
})
