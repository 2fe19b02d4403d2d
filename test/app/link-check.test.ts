import { describe, expect, it } from 'vitest'
import { refusedLink } from '../../src/editor/state/link-check'
import { doc, fixtureRegistry, link, node } from '../engine/fixture-nodes'
import { registry as shippedRegistry } from '../engine/shipped-registry'

const registry = fixtureRegistry()
const shot = doc(
  [node('source', 'number-source'), node('add', 'add'), node('total', 'total')],
  [link('source.value', 'add.a'), link('add.sum', 'total.values')],
)

function refused(from: string, to: string): string | undefined {
  const { from: output, to: input } = link(from, to)
  return refusedLink(shot, registry, { from: output, to: input })
}

describe('which links the canvas refuses', () => {
  it('allows a link between ports of the same type, and into a list of that type', () => {
    expect(refused('source.value', 'add.b')).toBeUndefined()
    expect(refused('source.value', 'total.values')).toBeUndefined()
  })

  it('refuses ports of different types, saying which', () => {
    expect(refused('total.text', 'add.b')).toBe('a text output cannot go into a number input')
  })

  it('refuses a link that would make the pipeline run in a circle', () => {
    expect(refused('total.total', 'add.b')).toBe('it would make a loop; a pipeline flows one way')
    expect(refused('add.sum', 'add.b')).toBe('a node cannot feed itself')
  })
})

describe('links into a prompt’s variables', () => {
  const cast = doc([node('mara', 'character'), node('note', 'text'), node('plate', 'image-input'), node('shot', 'prompt')])
  const into = (from: string) => refusedLink(cast, shippedRegistry, link(from, 'shot.vars'))

  it('takes a character as it takes a text, and refuses an image by what the input takes', () => {
    expect(into('mara.character')).toBeUndefined()
    expect(into('note.text')).toBeUndefined()
    expect(into('plate.image')).toBe('an image output cannot go into a text-or-character-list input')
  })
})

describe('links into the nodes that take an image or a clip', () => {
  const cut = doc([
    node('plate', 'image-input'),
    node('clip', 'video-input'),
    node('score', 'audio-input'),
    node('grade', 'color-grade'),
    node('bigger', 'upscale'),
    node('master', 'export'),
  ])
  const linked = (from: string, to: string) => refusedLink(cut, shippedRegistry, link(from, to))

  it('take a still or a clip and refuse a sound', () => {
    expect(linked('plate.image', 'grade.media')).toBeUndefined()
    expect(linked('clip.video', 'grade.media')).toBeUndefined()
    expect(linked('clip.video', 'bigger.media')).toBeUndefined()
    expect(linked('score.audio', 'grade.media')).toBe('an audio output cannot go into an image or video input')
    expect(linked('score.audio', 'bigger.media')).toBe('an audio output cannot go into an image or video input')
  })

  it('send the graded picture on to the export, but never the grade’s .cube in place of the picture', () => {
    expect(linked('grade.media', 'master.video')).toBeUndefined()
    expect(linked('grade.cube', 'master.video')).toBe('a file output cannot go into a video input')
    expect(linked('grade.cube', 'bigger.media')).toBe('a file output cannot go into an image or video input')
  })
})
