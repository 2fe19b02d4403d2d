import type { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { paramControl, valueProblem } from '../../src/editor/inspector/param-control'
import takePicker from '../../nodes/take-picker/node'

describe('the chosen takes in the inspector', () => {
  it('are numbered from 1, as the take grid numbers them', () => {
    const chosen = paramControl('selected', takePicker.params.shape.selected as z.ZodType)
    if (chosen.kind !== 'list' || chosen.item.kind !== 'number') throw new Error(`selected got a ${chosen.kind}`)
    expect(chosen.item.ui.countsFromOne).toBe(true)
    expect(chosen.item.label).toBe('Take')
    expect(valueProblem(chosen.item, 20)).toBe('Take goes from 1 to 20.')
  })
})
