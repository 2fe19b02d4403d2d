import { z } from 'zod'
import { defineNode, port } from '../../src/engine'
import { fixtureRegistry } from '../engine/fixture-nodes'

/**
 * The engine's fixture nodes, and three that the run log and the run queue tests need: one that
 * says its lines, one per item that says two lines an item (as an upscale says its time left), one
 * that waits until the test lets it finish, and one that would spend (at most $2 a job, a dollar a unit of its input).
 */
export function logRegistry(held: { until: () => Promise<void> } = { until: async () => {} }) {
  const registry = fixtureRegistry()
  registry.register(
    defineNode({
      type: 'say',
      version: 1,
      title: 'Say',
      category: 'Test',
      inputs: { value: port.number({ optional: true }) },
      outputs: { value: port.number() },
      params: z.object({ lines: z.array(z.string()).default([]) }),
      async run({ inputs, params, ctx }) {
        for (const line of params.lines) ctx.log(line)
        return { value: inputs.value ?? 0 }
      },
    }),
  )
  registry.register(
    defineNode({
      type: 'say-each',
      version: 1,
      title: 'Say each',
      category: 'Test',
      inputs: { value: port.number() },
      outputs: { value: port.number() },
      params: z.object({}),
      async run({ inputs, ctx }) {
        ctx.log(`upscaling frame ${inputs.value}`)
        ctx.log('about 1 s left')
        return { value: inputs.value }
      },
    }),
  )
  registry.register(
    defineNode({
      type: 'held',
      version: 1,
      title: 'Held',
      category: 'Test',
      inputs: {},
      outputs: { value: port.number() },
      params: z.object({ value: z.number().default(1) }),
      async run({ params }) {
        await held.until()
        return { value: params.value }
      },
    }),
  )
  registry.register(
    defineNode({
      type: 'paid',
      version: 1,
      title: 'Paid',
      category: 'Test',
      inputs: { units: port.number() },
      outputs: { done: port.number() },
      params: z.object({}),
      async estimate() {
        return { kind: 'priced', provider: 'stand-in', name: 'Stand-in', usd: 2, units: 1, unit: 'job', basis: 'at most $2 a job' }
      },
      async run({ inputs, ctx }) {
        ctx.spend(inputs.units)
        return { done: inputs.units }
      },
    }),
  )
  return registry
}
