import { describe, expect, it } from 'vitest'
import { standaloneContext } from '../../src/engine'
import textList from './node'

const ctx = standaloneContext()

describe('text-list node', () => {
  it('outputs its texts in order, none by default', async () => {
    expect(await textList.run({ inputs: {}, params: textList.params.parse({}), ctx })).toEqual({ texts: [] })
    const params = textList.params.parse({ texts: ['action: she runs', 'action: she stops'] })
    expect(await textList.run({ inputs: {}, params, ctx })).toEqual({ texts: ['action: she runs', 'action: she stops'] })
  })

  it('refuses an entry that is not text, and says where', () => {
    const result = textList.params.safeParse({ texts: ['fine', 3] })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual(['texts', 1])
  })
})
