import { describe, expect, it } from 'vitest'
import { linkRefusal } from '../../src/graph'
import preview from './node'

describe('preview node', () => {
  it('takes a value of any type', () => {
    for (const type of ['image', 'video', 'audio', 'prompt', 'text', 'number', 'video[]'] as const) {
      expect(linkRefusal(type, preview.inputs.value?.type ?? 'text')).toBeUndefined()
    }
  })

  it('is a sink: it has no outputs', () => {
    expect(preview.outputs).toEqual({})
  })
})
