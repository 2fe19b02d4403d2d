import { z } from 'zod'
import { CURRENT_DOC_VERSION } from '../../src/graph'
import { defineNode, NodeRegistry, port } from '../../src/engine'
import type { PipelineDoc, PipelineEdge, PipelineNode } from '../../src/graph'

/**
 * Small real node types for engine and editor tests: numbers in, arithmetic, a failure, a wait, nodes
 * that say lines in the run's log, one held until the test lets it finish (`held.until`), and one that
 * would spend.
 */
export function fixtureRegistry(calls: string[] = [], held: { until: () => Promise<void> } = { until: async () => {} }) {
  const source = defineNode({
    type: 'number-source',
    version: 1,
    title: 'Number',
    category: 'Test',
    inputs: {},
    outputs: { value: port.number() },
    params: z.object({ value: z.number().default(0) }),
    async run({ params, ctx }) {
      calls.push(ctx.nodeId)
      return { value: params.value }
    },
  })
  const add = defineNode({
    type: 'add',
    version: 1,
    title: 'Add',
    category: 'Test',
    inputs: { a: port.number(), b: port.number({ optional: true }) },
    outputs: { sum: port.number() },
    params: z.object({ plus: z.number().default(0), remark: z.string().default('') }),
    // A note about the sum changes no sum.
    notes: ['remark'],
    async run({ inputs, params, ctx }) {
      calls.push(ctx.nodeId)
      return { sum: inputs.a + (inputs.b ?? 0) + params.plus }
    },
  })
  const total = defineNode({
    type: 'total',
    version: 1,
    title: 'Total',
    category: 'Test',
    inputs: { values: port.list('number') },
    outputs: { total: port.number(), text: port.text() },
    params: z.object({}),
    async run({ inputs, ctx }) {
      calls.push(ctx.nodeId)
      return { total: inputs.values.reduce((a, b) => a + b, 0), text: inputs.values.join('+') }
    },
  })
  const fail = defineNode({
    type: 'fail',
    version: 1,
    title: 'Fail',
    category: 'Test',
    inputs: { value: port.number({ optional: true }) },
    outputs: { value: port.number() },
    params: z.object({ message: z.string().default('it broke') }),
    async run({ params, ctx }) {
      calls.push(ctx.nodeId)
      throw new Error(params.message)
    },
  })
  const wait = defineNode({
    type: 'wait',
    version: 1,
    title: 'Wait',
    category: 'Test',
    inputs: { value: port.number({ optional: true }) },
    outputs: { value: port.number() },
    params: z.object({ ms: z.number().default(20) }),
    resources: ['gpu'],
    async run({ inputs, params, ctx }) {
      calls.push(ctx.nodeId)
      ctx.signal.throwIfAborted()
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, params.ms)
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer)
          reject(ctx.signal.reason)
        })
        // Now waiting: a test that cancels on this progress knows the node's own abort handling is armed.
        ctx.progress(0)
      })
      return { value: inputs.value ?? 0 }
    },
  })
  // Like a generator: several takes, each cached on its own (spending `priceUsd` each, if set), failing at take `failAt` if set.
  const takes = defineNode({
    type: 'takes',
    version: 1,
    title: 'Takes',
    category: 'Test',
    inputs: { base: port.number() },
    outputs: { takes: port.list('number') },
    params: z.object({ seed: z.number().default(1), takes: z.number().int().min(1).default(5), failAt: z.number().optional(), priceUsd: z.number().optional() }),
    // `priceUsd` a take, for the takes not in the cache yet.
    async estimate({ params, ctx }) {
      let toMake = 0
      for (let take = 0; take < params.takes; take++) if (!(await ctx.memoized?.({ seed: params.seed, take }))) toMake++
      const usd = toMake * (params.priceUsd ?? 0)
      return { kind: 'priced', provider: 'stand-in', name: 'Takes', usd, units: toMake, unit: 'take', basis: `$${params.priceUsd ?? 0} a take` }
    },
    async run({ inputs, params, ctx }) {
      const made: number[] = []
      for (let take = 0; take < params.takes; take++) {
        const outputs = await ctx.memo({ seed: params.seed, take }, async () => {
          calls.push(`${ctx.nodeId}#${take}`)
          if (params.priceUsd !== undefined) ctx.spend(params.priceUsd)
          if (take === params.failAt) throw new Error(`take ${take} failed`)
          return { take: inputs.base * 100 + params.seed * 10 + take }
        })
        made.push(outputs.take as number)
      }
      return { takes: made }
    },
  })
  // An asset whose maker warns of something about it, and a node that passes it on with its meta.
  const warned = defineNode({
    type: 'warned',
    version: 1,
    title: 'Warned',
    category: 'Test',
    inputs: {},
    outputs: { sound: port.audio() },
    params: z.object({ warning: z.string().default('') }),
    async run({ params, ctx }) {
      calls.push(ctx.nodeId)
      const warnings = params.warning ? [params.warning] : []
      return { sound: await ctx.assets.put(new Blob([params.warning]), { kind: 'audio', meta: { name: 'mix.wav', warnings } }) }
    },
  })
  const passOn = defineNode({
    type: 'pass-on',
    version: 1,
    title: 'Pass on',
    category: 'Test',
    inputs: { sound: port.audio() },
    outputs: { sound: port.audio() },
    params: z.object({}),
    async run({ inputs, ctx }) {
      calls.push(ctx.nodeId)
      return { sound: await ctx.assets.put(new Blob(['passed']), { kind: 'audio', meta: { ...inputs.sound.meta } }) }
    },
  })
  const numberList = defineNode({
    type: 'number-list',
    version: 1,
    title: 'Numbers',
    category: 'Test',
    inputs: {},
    outputs: { values: port.list('number') },
    params: z.object({ values: z.array(z.number()).default([]) }),
    async run({ params, ctx }) {
      calls.push(ctx.nodeId)
      return { values: params.values }
    },
  })
  // Fails for one value, passes the others on: one item failing among several.
  const failOn = defineNode({
    type: 'fail-on',
    version: 1,
    title: 'Fail on',
    category: 'Test',
    inputs: { value: port.number() },
    outputs: { value: port.number() },
    params: z.object({ value: z.number() }),
    async run({ inputs, params, ctx }) {
      calls.push(`${ctx.nodeId}(${inputs.value})`)
      if (inputs.value === params.value) throw new Error(`${params.value} is unlucky`)
      return { value: inputs.value }
    },
  })
  // Says its lines in the run's log.
  const say = defineNode({
    type: 'say',
    version: 1,
    title: 'Say',
    category: 'Test',
    inputs: { value: port.number({ optional: true }) },
    outputs: { value: port.number() },
    params: z.object({ lines: z.array(z.string()).default([]) }),
    async run({ inputs, params, ctx }) {
      calls.push(ctx.nodeId)
      for (const line of params.lines) ctx.log(line)
      return { value: inputs.value ?? 0 }
    },
  })
  // Two lines an item, as an upscale says its time left.
  const sayEach = defineNode({
    type: 'say-each',
    version: 1,
    title: 'Say each',
    category: 'Test',
    inputs: { value: port.number() },
    outputs: { value: port.number() },
    params: z.object({}),
    async run({ inputs, ctx }) {
      calls.push(`${ctx.nodeId}(${inputs.value})`)
      ctx.log(`upscaling frame ${inputs.value}`)
      ctx.log('about 1 s left')
      return { value: inputs.value }
    },
  })
  // Runs until the test lets it finish.
  const heldNode = defineNode({
    type: 'held',
    version: 1,
    title: 'Held',
    category: 'Test',
    inputs: {},
    outputs: { value: port.number() },
    params: z.object({ value: z.number().default(1) }),
    async run({ params, ctx }) {
      calls.push(ctx.nodeId)
      await held.until()
      return { value: params.value }
    },
  })
  // Would spend: at most $2 a job, a dollar a unit of its input.
  const paid = defineNode({
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
      calls.push(ctx.nodeId)
      ctx.spend(inputs.units)
      return { done: inputs.units }
    },
  })
  return new NodeRegistry([source, add, total, fail, wait, takes, warned, passOn, numberList, failOn, say, sayEach, heldNode, paid])
}

/**
 * A film in small: a list of shots' names, two stored takes of the shot it is given (as a video
 * generator leaves them), and a cut that gathers clips into their names. For the take picker run
 * once per shot. `calls` hears `takes(<shot>)` and `cut` as they run.
 */
export function filmNodes(calls: string[] = []) {
  const shots = defineNode({
    type: 'shots',
    version: 1,
    title: 'Shots',
    category: 'Test',
    inputs: {},
    outputs: { shots: port.list('text') },
    params: z.object({ texts: z.array(z.string()).default(['pier', 'sea', 'lamp']) }),
    async run({ params }) {
      return { shots: params.texts }
    },
  })
  const takes = defineNode({
    type: 'two-takes',
    version: 1,
    title: 'Takes',
    category: 'Test',
    inputs: { shot: port.text() },
    outputs: { takes: port.list('video') },
    params: z.object({}),
    async run({ inputs, ctx }) {
      calls.push(`takes(${inputs.shot})`)
      const made = [1, 2].map((take) =>
        ctx.assets.put(new Blob([`${inputs.shot}, take ${take}`], { type: 'video/mp4' }), { kind: 'video', meta: { name: `${inputs.shot} ${take}`, take, durationS: 2 } }),
      )
      return { takes: await Promise.all(made) }
    },
  })
  const cut = defineNode({
    type: 'cut',
    version: 1,
    title: 'Cut',
    category: 'Test',
    inputs: { clips: port.list('video') },
    outputs: { names: port.text() },
    params: z.object({}),
    async run({ inputs }) {
      calls.push('cut')
      return { names: inputs.clips.map((clip) => clip.meta.name).join(' | ') }
    },
  })
  return [shots, takes, cut] as const
}

let edgeCounter = 0

/** A node that needs a clip as a file, as a trim or an ESRGAN upscale does: it reads the clip's bytes (a recipe gets rendered). */
export const readClipNode = defineNode({
  type: 'read-clip',
  version: 1,
  title: 'Read clip',
  category: 'Post',
  inputs: { clip: port.video() },
  outputs: { bytes: port.number() },
  params: z.object({}),
  async run({ inputs, ctx }) {
    return { bytes: (await ctx.assets.get(inputs.clip)).size }
  },
})

export function node(id: string, type: string, params: Record<string, unknown> = {}, extra: Partial<PipelineNode> = {}): PipelineNode {
  return { id, type, typeVersion: 1, position: { x: 0, y: 0 }, params, ...extra }
}

/** `link('a.value', 'b.a')` */
export function link(from: string, to: string, id = `e${edgeCounter++}`): PipelineEdge {
  const [fromNode = '', fromPort = ''] = from.split('.')
  const [toNode = '', toPort = ''] = to.split('.')
  return { id, from: { node: fromNode, port: fromPort }, to: { node: toNode, port: toPort } }
}

export function doc(nodes: PipelineNode[], edges: PipelineEdge[] = []): PipelineDoc {
  return { format: 'reelgraph', version: CURRENT_DOC_VERSION, id: 'test-doc', name: 'Test', description: '', nodes, edges }
}
