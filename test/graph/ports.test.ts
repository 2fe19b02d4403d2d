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

describe('a port of two kinds (an image or a clip)', () => {
  it('takes either kind, single or item by item, and refuses the rest by both names', () => {
    expect(linkRefusal('image', 'image|video')).toBeUndefined()
    expect(linkRefusal('video', 'image|video')).toBeUndefined()
    expect(linkRefusal('video[]', 'image|video')).toBeUndefined()
    expect(linkRefusal('audio', 'image|video')).toBe('an audio output cannot go into an image or video input')
    expect(linkRefusal('file', 'image|video')).toBe('a file output cannot go into an image or video input')
    expect(linkRefusal('audio[]', 'image|video')).toBe('an audio-list output cannot go into an image or video input')
  })

  it('gives into an input that takes one of its kinds, and nowhere else', () => {
    expect(linkRefusal('image|video', 'video')).toBeUndefined()
    expect(linkRefusal('image|video', 'video[]')).toBeUndefined()
    expect(linkRefusal('image|video', 'audio')).toBe('an image or video output cannot go into an audio input')
  })

  it('is a port type; a union of one kind twice or of three is not', () => {
    expect(['image|video', 'file', 'file[]'].every(isPortType)).toBe(true)
    expect(['image|image', 'image|video|audio', 'image|lut', 'image[]|video'].some(isPortType)).toBe(false)
  })
})
