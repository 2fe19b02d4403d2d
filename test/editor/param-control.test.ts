import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import type { ParamUi } from '../../src/engine'
import { paramControl, valueProblem } from '../../src/editor/inspector/param-control'
import imageAdjust from '../../nodes/image-adjust/node'
import colorGrade from '../../nodes/color-grade/node'
import imageInput from '../../nodes/image-input/node'
import text from '../../nodes/text/node'

describe('the inspector control of a param', () => {
  it('gives a ranged number a slider, with its hints', () => {
    expect(paramControl('exposure', imageAdjust.params.shape.exposure as z.ZodType)).toMatchObject({
      kind: 'slider',
      label: 'Exposure',
      min: -5,
      max: 5,
      step: 0.05,
      defaultValue: 0,
      ui: { unit: 'stops' },
    })
  })

  it('gives a number without a range a box, and an integer a whole step', () => {
    expect(paramControl('takeCount', z.number().int().min(1))).toMatchObject({ kind: 'number', label: 'Take count', min: 1, step: 1, integer: true })
  })

  it('gives a tuple of numbers a control per item, labelled from the item, with the tuple’s defaults', () => {
    const slope = paramControl('slope', colorGrade.params.shape.slope as z.ZodType)
    expect(slope).toMatchObject({ kind: 'numbers', label: 'Slope', defaultValue: [1, 1, 1] })
    expect(slope.kind === 'numbers' && slope.items).toMatchObject([
      { kind: 'slider', label: 'Slope red', min: 0, max: 4, step: 0.01, defaultValue: 1 },
      { kind: 'slider', label: 'Slope green' },
      { kind: 'slider', label: 'Slope blue' },
    ])
    expect(paramControl('pair', z.tuple([z.number(), z.string()]))).toMatchObject({ kind: 'unsupported' })
  })

  it('gives an enum a select, a boolean a checkbox, and text a field or a textarea', () => {
    expect(paramControl('aspect', z.enum(['16:9', '2.39:1']))).toMatchObject({ kind: 'select', options: ['16:9', '2.39:1'] })
    expect(paramControl('loop', z.boolean().default(false))).toMatchObject({ kind: 'checkbox', defaultValue: false })
    expect(paramControl('text', text.params.shape.text as z.ZodType)).toMatchObject({ kind: 'textarea', label: 'Text', maxLength: 100_000 })
    expect(paramControl('mood', z.string().meta({ label: 'Mood' } satisfies ParamUi))).toMatchObject({ kind: 'text', label: 'Mood' })
  })

  it('gives an asset param a file picker for its kind of asset', () => {
    expect(paramControl('file', imageInput.params.shape.file as z.ZodType)).toMatchObject({
      kind: 'file',
      label: 'Image file',
      optional: true,
      assetKind: 'image',
      accept: expect.stringContaining('image/png'),
    })
  })

  it('says what is wrong with a typed value, in the words of the param', () => {
    const exposure = paramControl('exposure', imageAdjust.params.shape.exposure as z.ZodType)
    expect(valueProblem(exposure, 9)).toBe('Exposure goes from -5 to 5.')
    expect(valueProblem(exposure, 1.5)).toBeUndefined()
  })
})
