// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ListField } from '../../src/editor/inspector/ListField'
import { ParamField } from '../../src/editor/inspector/ParamField'
import { paramControl } from '../../src/editor/inspector/param-control'

afterEach(cleanup)

/**
 * One param's field as the inspector shows it, holding its value the way a node does: every value
 * the field writes is kept in `written`, and becomes the field's value.
 */
function field(name: string, schema: z.ZodType, initial?: unknown) {
  const written: unknown[] = []
  let setFromElsewhere: (value: unknown) => void = () => undefined
  function Holder() {
    const [value, setValue] = useState<unknown>(initial)
    setFromElsewhere = setValue
    return (
      <ParamField
        control={paramControl(name, schema)}
        value={value}
        onChange={(changed) => {
          written.push(changed)
          setValue(changed)
        }}
      />
    )
  }
  render(<Holder />)
  /** A change made elsewhere (an undo, another panel), as the node's value changes under the field. */
  const changeElsewhere = (value: unknown) => act(() => setFromElsewhere(value))
  return { written, user: userEvent.setup(), changeElsewhere }
}

describe('a number field', () => {
  it('shows the value with its unit, and writes each valid number typed', async () => {
    const { written, user } = field('gainDb', z.number().min(-24).max(24).meta({ ui: 'number' }), 3)
    const box = screen.getByLabelText('Gain')
    expect(box).toHaveProperty('value', '3')
    expect(screen.getByText('dB')).toBeTruthy()

    await user.clear(box)
    await user.type(box, '-6')
    expect(written.at(-1)).toBe(-6)
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('says what is wrong with a number out of range, keeps the last good value, and clears the message once fixed', async () => {
    const { written, user } = field('gainDb', z.number().min(-24).max(24).meta({ ui: 'number' }), 3)
    const box = screen.getByLabelText('Gain')
    await user.clear(box)
    await user.type(box, '30')
    expect(screen.getByRole('alert').textContent).toBe('Gain goes from -24 to 24.')
    expect(box.getAttribute('aria-invalid')).toBe('true')
    // "3" was typed on the way to "30"; "30" itself is never written.
    expect(written.at(-1)).toBe(3)
    expect(box).toHaveProperty('value', '30')

    await user.clear(box)
    await user.type(box, '12')
    expect(written.at(-1)).toBe(12)
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('drops a refused draft and shows the node’s value when that value changes elsewhere', async () => {
    const { user, changeElsewhere } = field('gainDb', z.number().min(-24).max(24).meta({ ui: 'number' }), 3)
    const box = screen.getByLabelText('Gain')
    await user.clear(box)
    await user.type(box, '99')
    expect(screen.getByRole('alert')).toBeTruthy()
    changeElsewhere(-2)
    expect(box).toHaveProperty('value', '-2')
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('refuses a fraction for a whole number with the schema’s message', async () => {
    const { written, user } = field('count', z.number().int().min(1).meta({ ui: 'number' }), 2)
    const box = screen.getByLabelText('Count')
    await user.clear(box)
    await user.type(box, '2.5')
    expect(screen.getByRole('alert').textContent).toMatch(/^Count: .*expected int/)
    expect(written).not.toContain(2.5)
  })

  it('with a range, shows a slider beside the box that writes what it is moved to', () => {
    const { written } = field('strength', z.number().min(0).max(1).default(0.5))
    const slider = screen.getByLabelText('Strength slider')
    expect(slider).toHaveProperty('value', '0.5')
    expect(screen.getByLabelText('Strength')).toHaveProperty('value', '0.5')
    // A range input cannot be dragged in jsdom; its change event is what a drag ends in.
    fireEvent.change(slider, { target: { value: '0.8' } })
    expect(written).toEqual([0.8])
    expect(screen.getByLabelText('Strength')).toHaveProperty('value', '0.8')
  })

  it('when optional without a default, reads as its placeholder while empty and can be emptied again', async () => {
    const { written, user } = field('seed', z.number().int().optional().meta({ placeholder: 'Random' }))
    const box = screen.getByLabelText('Seed')
    expect(box).toHaveProperty('value', '')
    expect(box.getAttribute('placeholder')).toBe('Random')

    await user.type(box, '42')
    expect(written.at(-1)).toBe(42)
    await user.clear(box)
    expect(written.at(-1)).toBeUndefined()
    expect(box).toHaveProperty('value', '')
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('when required, says an empty box is not a number instead of writing nothing', async () => {
    const { written, user } = field('count', z.number().int().min(1).meta({ ui: 'number' }), 4)
    const box = screen.getByLabelText('Count')
    await user.clear(box)
    expect(screen.getByRole('alert').textContent).toBe('Count must be a number.')
    expect(written).toEqual([])
  })
})

describe('a choice among a few values', () => {
  it('shows the chosen segment pressed and writes the segment clicked, with its own type', async () => {
    const { written, user } = field('scale', z.union([z.literal(2), z.literal(4)]).default(2).meta({ optionLabels: { 2: '×2', 4: '×4' } }))
    const group = screen.getByRole('radiogroup', { name: 'Scale' })
    const twice = within(group).getByRole('radio', { name: '×2' })
    const four = within(group).getByRole('radio', { name: '×4' })
    expect(twice).toHaveProperty('checked', true)
    expect(four).toHaveProperty('checked', false)

    await user.click(four)
    expect(written).toEqual([4])
    expect(four).toHaveProperty('checked', true)
    expect(twice).toHaveProperty('checked', false)
  })
})

describe('a select, a checkbox and a text', () => {
  it('picks an option from a list of words', async () => {
    const { written, user } = field('aspect', z.enum(['16:9', '9:16', '1:1']).default('16:9'))
    const select = screen.getByLabelText('Aspect')
    expect(select).toHaveProperty('value', '16:9')
    await user.selectOptions(select, '1:1')
    expect(written).toEqual(['1:1'])
  })

  it('keeps a closed option it holds but offers no other closed option', () => {
    field('provider', z.enum(['runway', 'sora', 'veo']).default('veo').meta({ closedOptions: ['sora'] }))
    expect(screen.queryByRole('option', { name: 'sora' })).toBeNull()
    expect(screen.getByRole('option', { name: 'runway' })).toHaveProperty('disabled', false)
    cleanup()
    field('provider', z.enum(['runway', 'sora', 'veo']).default('veo').meta({ closedOptions: ['sora'] }), 'sora')
    expect(screen.getByRole('option', { name: 'sora' })).toHaveProperty('disabled', false)
    expect(screen.getByLabelText('Provider')).toHaveProperty('value', 'sora')
  })

  it('turns a switch on and off', async () => {
    const { written, user } = field('loop', z.boolean().default(false))
    const box = screen.getByLabelText('Loop')
    expect(box).toHaveProperty('checked', false)
    await user.click(box)
    await user.click(box)
    expect(written).toEqual([true, false])
  })

  it('writes each letter typed into a text', async () => {
    const { written, user } = field('text', z.string().meta({ ui: 'textarea' }), 'A')
    const area = screen.getByLabelText('Text')
    expect(area.tagName).toBe('TEXTAREA')
    await user.type(area, 'b')
    expect(written).toEqual(['Ab'])
  })
})

describe('a value that may be null', () => {
  it('while off shows only its switch; turns on with its default, edits it, and turns off to null', async () => {
    const { written, user } = field('targetLufs', z.number().min(-36).max(-6).nullable().default(-14).meta({ enableLabel: 'Normalise', ui: 'number' }), null)
    const toggle = screen.getByLabelText('Normalise')
    expect(toggle).toHaveProperty('checked', false)
    expect(screen.queryByLabelText('Target')).toBeNull()

    await user.click(toggle)
    expect(written).toEqual([-14])
    const box = screen.getByLabelText('Target')
    expect(box).toHaveProperty('value', '-14')
    await user.clear(box)
    await user.type(box, '-16')
    expect(written.at(-1)).toBe(-16)

    await user.click(toggle)
    expect(written.at(-1)).toBeNull()
    expect(screen.queryByLabelText('Target')).toBeNull()
  })
})

const track = z.object({
  role: z.enum(['dialogue', 'music', 'effects']).default('dialogue'),
  gainDb: z.number().min(-60).max(12).default(0).meta({ ui: 'number' }),
})

describe('a group of settings', () => {
  it('shows each field’s default and writes the whole group when one field changes', async () => {
    const { written, user } = field('duck', z.object({ amountDb: z.number().default(-12).meta({ ui: 'number' }), enabled: z.boolean().default(true) }).prefault({}))
    expect(screen.getByRole('group', { name: 'Duck' })).toBeTruthy()
    const amount = screen.getByLabelText('Amount')
    expect(amount).toHaveProperty('value', '-12')
    await user.clear(amount)
    await user.type(amount, '-9')
    expect(written.at(-1)).toEqual({ amountDb: -9, enabled: true })
  })
})

describe('a list', () => {
  it('adds a row of defaults, edits a row on its own, and removes the row asked for', async () => {
    const { written, user } = field('tracks', z.array(track).max(3), [{ role: 'music', gainDb: -3 }])
    const list = screen.getByRole('group', { name: 'Tracks' })
    expect(within(list).getByText('Track 1')).toBeTruthy()
    expect(within(list).getByText('music', { selector: '.field__entry-summary' })).toBeTruthy()

    await user.click(screen.getByRole('button', { name: 'Add track' }))
    expect(written.at(-1)).toEqual([
      { role: 'music', gainDb: -3 },
      { role: 'dialogue', gainDb: 0 },
    ])

    const secondGain = screen.getAllByLabelText('Gain')[1]!
    await user.clear(secondGain)
    await user.type(secondGain, '-8')
    expect(written.at(-1)).toEqual([
      { role: 'music', gainDb: -3 },
      { role: 'dialogue', gainDb: -8 },
    ])

    await user.click(screen.getByRole('button', { name: 'Remove track 1' }))
    expect(written.at(-1)).toEqual([{ role: 'dialogue', gainDb: -8 }])
    expect(screen.queryByText('Track 2')).toBeNull()
  })

  it('stops offering another row once the list is full', async () => {
    const { user } = field('tracks', z.array(track).max(2), [{ role: 'music', gainDb: 0 }])
    const add = screen.getByRole('button', { name: 'Add track' })
    expect(add).toHaveProperty('disabled', false)
    await user.click(add)
    expect(add).toHaveProperty('disabled', true)
  })
})

describe('a list kept at one row per link', () => {
  it('titles each row with the node linked into it, and offers Remove only on a row left without a link', async () => {
    const control = paramControl('tracks', z.array(track).max(8))
    if (control.kind !== 'list') throw new Error(`tracks became a ${control.kind} control`)
    const written: unknown[] = []
    render(<ListField control={control} value={[{ role: 'dialogue' }, { role: 'music' }, { role: 'effects' }]} onChange={(rows) => written.push(rows)} linkedNames={['Line', 'Score']} />)
    expect(screen.getByText('Track 1 · Line')).toBeTruthy()
    expect(screen.getByText('Track 2 · Score')).toBeTruthy()
    expect(screen.getByText('Track 3 · not linked')).toBeTruthy()
    expect(screen.queryByRole('button', { name: /Add/ })).toBeNull()
    expect(screen.getAllByRole('button', { name: /^Remove/ }).map((button) => button.getAttribute('aria-label'))).toEqual(['Remove track 3 · not linked'])

    await userEvent.setup().click(screen.getByRole('button', { name: 'Remove track 3 · not linked' }))
    expect(written).toEqual([[{ role: 'dialogue' }, { role: 'music' }]])
  })
})
