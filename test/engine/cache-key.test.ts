import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { cacheKey, canonicalJson, keyOfInputs, planRun, type InputKey } from '../../src/engine'
import { sha256Hex } from '../../src/engine/sha256'
import { doc, fixtureRegistry, link, node } from './fixture-nodes'

describe('sha256Hex', () => {
  it.each(['', 'abc', 'é🎬 take 3', 'x'.repeat(55), 'x'.repeat(56), 'y'.repeat(64), 'z'.repeat(1000)])(
    'matches node:crypto for %#',
    (text) => {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'))
    },
  )
})

describe('canonicalJson', () => {
  it('does not depend on the order object keys were written in', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'z' } })).toBe(
      canonicalJson({ a: { c: 'z', d: [1, { x: 1, y: 2 }] }, b: 1 }),
    )
  })

  it('leaves out undefined fields and treats -0 as 0', () => {
    expect(canonicalJson({ a: undefined, b: -0 })).toBe('{"b":0}')
  })

  it('refuses numbers that JSON cannot hold', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/)
  })
})

describe('cacheKey', () => {
  const parts = { type: 'add', typeVersion: 1, params: { plus: 1 }, inputs: { a: 'k:value' } }

  it('is a SHA-256 hex string that changes with type, version, params and inputs', () => {
    const key = cacheKey(parts)
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(cacheKey({ ...parts, type: 'other' })).not.toBe(key)
    expect(cacheKey({ ...parts, typeVersion: 2 })).not.toBe(key)
    expect(cacheKey({ ...parts, params: { plus: 2 } })).not.toBe(key)
    expect(cacheKey({ ...parts, inputs: { a: 'j:value' } })).not.toBe(key)
  })

  it('keeps a node’s key when it is moved, renamed or given another id', () => {
    const registry = fixtureRegistry()
    const keysOf = (d: ReturnType<typeof doc>) => {
      const result = planRun(d, registry)
      if (!result.ok) throw new Error('plan refused')
      return result.plan.steps.map((step) => step.cacheKey)
    }
    const before = keysOf(doc([node('a', 'number-source', { value: 2 }), node('b', 'add')], [link('a.value', 'b.a')]))
    const after = keysOf(
      doc(
        [
          node('first', 'number-source', { value: 2 }, { position: { x: 500, y: -20 }, label: 'Two' }),
          node('second', 'add', {}, { label: 'Sum' }),
        ],
        [link('first.value', 'second.a', 'another-edge')],
      ),
    )
    expect(after).toEqual(before)
  })

  it('fills defaults first, so an unset param and its default give one key', () => {
    const registry = fixtureRegistry()
    const plan = (params: Record<string, unknown>) => {
      const result = planRun(doc([node('a', 'number-source', params)]), registry)
      if (!result.ok) throw new Error('plan refused')
      return result.plan.steps[0]?.cacheKey
    }
    expect(plan({})).toBe(plan({ value: 0 }))
    expect(plan({ value: 1 })).not.toBe(plan({}))
  })

  it('changes every key downstream of a changed param, and no key upstream', () => {
    const registry = fixtureRegistry()
    const keys = (value: number) => {
      const result = planRun(
        doc(
          [node('a', 'number-source', { value: 1 }), node('b', 'add', { plus: value }), node('c', 'add')],
          [link('a.value', 'b.a'), link('b.sum', 'c.a')],
        ),
        registry,
      )
      if (!result.ok) throw new Error('plan refused')
      return Object.fromEntries(result.plan.steps.map((step) => [step.node.id, step.cacheKey]))
    }
    const one = keys(1)
    const two = keys(2)
    expect(two.a).toBe(one.a)
    expect(two.b).not.toBe(one.b)
    expect(two.c).not.toBe(one.c)
  })
})

describe('keyOfInputs', () => {
  it('gives the cache key cacheKey gives, for each item’s inputs', () => {
    const params = { seed: 7, prompt: { text: 'dawn', fields: { b: '1', a: '2' } }, notes: undefined, zero: -0 }
    const keyOf = keyOfInputs('generate-video', 3, params)
    const inputsOfItems: Record<string, InputKey>[] = [{}, { prompt: 'k1:out' }, { clips: ['k1:a', 'k2:a'], prompt: 'item:ab' }]
    for (const inputs of inputsOfItems) {
      expect(keyOf(inputs)).toBe(cacheKey({ type: 'generate-video', typeVersion: 3, params, inputs }))
    }
    expect(keyOfInputs('add', 1, {})({ a: 'x' })).toBe(cacheKey({ type: 'add', typeVersion: 1, params: {}, inputs: { a: 'x' } }))
  })
})
