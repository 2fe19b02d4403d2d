import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import type { ParamUi } from '../../src/engine'
import { paramControl, valueProblem } from '../../src/editor/inspector/param-control'
import imageAdjust from '../../nodes/image-adjust/node'
import colorGrade from '../../nodes/color-grade/node'
import imageInput from '../../nodes/image-input/node'
import text from '../../nodes/text/node'
import mix from '../../nodes/mix/node'
import upscale from '../../nodes/upscale/node'

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

  it('gives a list of objects a row per entry, each with a control per field, and a new row of defaults', () => {
    const tracks = paramControl('tracks', mix.params.shape.tracks as z.ZodType)
    expect(tracks).toMatchObject({ kind: 'list', label: 'Tracks', itemLabel: 'Track', defaultValue: [], maxItems: 256 })
    if (tracks.kind !== 'list' || tracks.item.kind !== 'group') throw new Error('tracks should be a list of groups')
    const kinds = Object.fromEntries(tracks.item.fields.map((field) => [field.name, field.kind]))
    expect(kinds).toEqual({
      'tracks[].role': 'select',
      'tracks[].gainDb': 'slider',
      'tracks[].offsetS': 'number',
      'tracks[].trimStartS': 'number',
      'tracks[].trimEndS': 'number',
      'tracks[].fadeInS': 'number',
      'tracks[].fadeOutS': 'number',
      'tracks[].loop': 'checkbox',
      'tracks[].mute': 'checkbox',
      'tracks[].solo': 'checkbox',
    })
    expect(tracks.item.fields[1]).toMatchObject({ label: 'Gain', min: -60, max: 24, step: 0.5, ui: { unit: 'dB' } })
    expect(tracks.newItem).toMatchObject({ role: 'original', gainDb: 0, loop: false })
  })

  it('gives a list of plain values a row each, and a list of files one picker for several', () => {
    expect(paramControl('cues', z.array(z.number().min(0).max(10)).default([1]))).toMatchObject({
      kind: 'list',
      itemLabel: 'Cue',
      defaultValue: [1],
      item: { kind: 'slider', min: 0, max: 10 },
    })
    expect(paramControl('looks', z.array(imageInput.params.shape.file as z.ZodType).max(3))).toMatchObject({ kind: 'files', assetKind: 'image', maxItems: 3, defaultValue: [] })
    expect(paramControl('looks', z.array(imageInput.params.shape.file as z.ZodType))).not.toHaveProperty('maxItems')
  })

  it('groups an object’s fields, with the defaults a prefault fills in', () => {
    const duck = paramControl('duck', mix.params.shape.duck as z.ZodType)
    expect(duck).toMatchObject({ kind: 'group', label: 'Duck', defaultValue: { amountDb: 9, thresholdDb: -40, attackMs: 40, releaseMs: 350 } })
    expect(duck.kind === 'group' && duck.fields.map((field) => [field.name, field.kind])).toEqual([
      ['duck.amountDb', 'slider'],
      ['duck.thresholdDb', 'slider'],
      ['duck.attackMs', 'slider'],
      ['duck.releaseMs', 'slider'],
    ])
  })

  it('gives a nullable number a checkbox that turns it on, and the number with the param’s hints', () => {
    const loudness = paramControl('targetLufs', mix.params.shape.targetLufs as z.ZodType)
    expect(loudness).toMatchObject({
      kind: 'nullable',
      label: 'Loudness',
      enableLabel: 'Normalise',
      defaultValue: -14,
      inner: { kind: 'number', label: 'Loudness', min: -36, max: -6, step: 1, defaultValue: -14, ui: { unit: 'LUFS' } },
    })
    expect(loudness.kind === 'nullable' && valueProblem(loudness.inner, -3)).toBe('Loudness goes from -36 to -6.')
    expect(paramControl('seed', z.number().int().nullable().default(null))).toMatchObject({
      kind: 'nullable',
      enableLabel: 'Seed',
      defaultValue: null,
      inner: { kind: 'number', integer: true },
    })
  })
})

describe('the inspector control of a choice among literals and of an optional number', () => {
  it('gives a union of number literals a segmented choice, labelled by its hints', () => {
    const scale = z.union([z.literal(2), z.literal(4)]).default(2).meta({ label: 'Scale', optionLabels: { 2: '×2', 4: '×4' } } satisfies ParamUi)
    expect(paramControl('scale', scale)).toMatchObject({
      kind: 'choice',
      defaultValue: 2,
      options: [
        { value: 2, label: '×2' },
        { value: 4, label: '×4' },
      ],
    })
  })

  it('gives the upscale’s scale a control (it had none)', () => {
    expect(paramControl('scale', upscale.params.shape.scale as z.ZodType).kind).toBe('choice')
  })

  it('leaves an optional number without a default empty, with what the node will use as its placeholder', () => {
    const width = paramControl('width', upscale.params.shape.width as z.ZodType)
    expect(width).toMatchObject({ kind: 'number', optional: true, defaultValue: undefined, ui: { placeholder: 'By scale' } })
  })
})
