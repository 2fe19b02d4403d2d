import type { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { offeredOptions, paramControl } from '../../src/editor/inspector/param-control'
import generateVideo from '../../nodes/generate-video/node'
import { routeRuleSchema } from '../../src/providers/route'

function providerSelect(schema: z.ZodType) {
  const control = paramControl('provider', schema)
  if (control.kind !== 'select') throw new Error(`provider got a ${control.kind}`)
  return control
}

describe('a retired provider', () => {
  it('is not offered for a new choice on a generate-video node, nor in a routing rule', () => {
    const onNode = providerSelect(generateVideo.params.shape.provider as z.ZodType)
    expect(onNode.options).toContain('sora')
    expect(offeredOptions(onNode, 'animatic')).not.toContain('sora')
    expect(offeredOptions(onNode, 'animatic')).toContain('runway')
    const inRule = providerSelect(routeRuleSchema.shape.provider as z.ZodType)
    expect(offeredOptions(inRule, 'runway')).not.toContain('sora')
  })

  it('still shows in a document that names it', () => {
    expect(offeredOptions(providerSelect(generateVideo.params.shape.provider as z.ZodType), 'sora')).toContain('sora')
  })
})
