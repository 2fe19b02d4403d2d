import { describe, expect, it } from 'vitest'
import { standaloneContext } from '../../src/engine'
import text from './node'

const ctx = standaloneContext()

describe('text node', () => {
  it('outputs its text, empty by default', async () => {
    expect(await text.run({ inputs: {}, params: text.params.parse({}), ctx })).toEqual({ text: '' })
    expect(await text.run({ inputs: {}, params: { text: 'Dusk over the hills' }, ctx })).toEqual({ text: 'Dusk over the hills' })
  })

  it('refuses text that is not a string', () => {
    expect(text.params.safeParse({ text: 42 }).success).toBe(false)
  })
})
