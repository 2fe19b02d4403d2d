/**
 * The canvas benchmark's pipeline: shots of real node types (three texts into a prompt, a
 * reference into a generation, its grade and upscale, each shot's references and grade reading the
 * shot before), and ten tickers that report progress fifty times a second into one sink, for the
 * run. A square grid, so the whole pipeline fits the view at the smallest zoom, with the tickers
 * in its middle, where a zoom into the middle of the view finds them.
 */
import { z } from 'zod'
import { defineNode, port } from '../src/engine'
import { CURRENT_DOC_VERSION, type PipelineDoc, type PipelineEdge, type PipelineNode } from '../src/graph'

export const TICKERS = 10
export const TICKS_PER_SECOND = 50
export const TICK_SECONDS = 2

/** Reports progress every 20 ms for two seconds: ten of them make 500 progress events a second. */
export const ticker = defineNode({
  type: 'bench-ticker',
  version: 1,
  title: 'Ticker',
  category: 'Bench',
  inputs: {},
  outputs: { value: port.number() },
  params: z.object({ seed: z.number().default(0) }),
  // Waiting on a timer holds nothing; all ten run at once.
  resources: [],
  async run({ params, ctx }) {
    const ticks = TICKS_PER_SECOND * TICK_SECONDS
    for (let i = 1; i <= ticks; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000 / TICKS_PER_SECOND))
      ctx.progress(i / ticks)
    }
    return { value: params.seed }
  },
})

export const tickerSink = defineNode({
  type: 'bench-sink',
  version: 1,
  title: 'Sink',
  category: 'Bench',
  inputs: { values: port.list('number') },
  outputs: {},
  params: z.object({}),
  resources: [],
  async run() {
    return {}
  },
})

const COLUMNS = 32
const CELL = { width: 300, height: 260 }

export function benchPipeline(nodeCount: number, linkCount: number): PipelineDoc {
  const nodes: PipelineNode[] = []
  const edges: PipelineEdge[] = []
  const add = (type: string, id: string, params: Record<string, unknown> = {}) => {
    const i = nodes.length
    nodes.push({ id, type, typeVersion: 1, position: { x: (i % COLUMNS) * CELL.width, y: Math.floor(i / COLUMNS) * CELL.height }, params })
    return id
  }
  const linkUp = (from: string, fromPort: string, to: string, toPort: string) =>
    edges.push({ id: `link-${edges.length + 1}`, from: { node: from, port: fromPort }, to: { node: to, port: toPort } })

  const shots: { texts: string[]; prompt: string }[] = []
  let previous: { reference: string; grade: string; upscale: string } | undefined
  const shotSize = 10
  for (let shot = 1; nodes.length + shotSize <= nodeCount - TICKERS - 1; shot++) {
    const texts = [1, 2, 3].map((part) => add('text', `shot${shot}-text${part}`, { text: `Shot ${shot}, part ${part}` }))
    const prompt = add('prompt', `shot${shot}-prompt`, { subject: `the subject of shot ${shot}` })
    const reference = add('image-input', `shot${shot}-reference`)
    const generate = add('generate-video', `shot${shot}-generate`)
    const takes = add('preview', `shot${shot}-takes`)
    const grade = add('image-adjust', `shot${shot}-adjust`)
    const match = add('color-grade', `shot${shot}-grade`)
    const upscale = add('upscale', `shot${shot}-upscale`)
    for (const text of texts) linkUp(text, 'text', prompt, 'vars')
    linkUp(prompt, 'prompt', generate, 'prompt')
    linkUp(reference, 'image', generate, 'references')
    linkUp(generate, 'takes', takes, 'value')
    linkUp(reference, 'image', grade, 'image')
    linkUp(grade, 'image', match, 'media')
    linkUp(match, 'media', upscale, 'media')
    if (previous) {
      linkUp(previous.grade, 'image', match, 'reference')
      linkUp(previous.reference, 'image', generate, 'references')
      linkUp(previous.upscale, 'media', generate, 'references')
    }
    previous = { reference, grade, upscale }
    shots.push({ texts, prompt })
  }
  const sink = add('bench-sink', 'sink')
  for (let i = 1; i <= TICKERS; i++) linkUp(add('bench-ticker', `ticker-${i}`, { seed: i }), 'value', sink, 'values')
  for (let i = 1; nodes.length < nodeCount; i++) add('text', `note-${i}`, { text: `Spare line ${i}` })
  // Texts read into the next shot's prompt as well, until the links are counted out.
  for (let i = 0; edges.length < linkCount && i < shots.length * 3; i++) {
    const from = shots[Math.floor(i / 3)]
    const to = shots[(Math.floor(i / 3) + 1) % shots.length]
    if (from && to) linkUp(from.texts[i % 3] as string, 'text', to.prompt, 'vars')
  }
  moveToMiddle(nodes, nodes.filter((node) => node.type.startsWith('bench-')))
  return { format: 'reelgraph', version: CURRENT_DOC_VERSION, id: 'bench-canvas', name: 'Canvas benchmark', description: '', nodes, edges }
}

/** Swaps places: the chosen nodes take the cells nearest the grid's middle, whose nodes take theirs. */
function moveToMiddle(nodes: PipelineNode[], chosen: PipelineNode[]): void {
  const width = Math.max(...nodes.map((node) => node.position.x))
  const height = Math.max(...nodes.map((node) => node.position.y))
  const distance = (node: PipelineNode) => Math.hypot(node.position.x - width / 2, (node.position.y - height / 2) * 1.5)
  const middle = [...nodes].sort((a, b) => distance(a) - distance(b)).slice(0, chosen.length)
  const middleSet = new Set(middle)
  const away = chosen.filter((node) => !middleSet.has(node))
  const taken = middle.filter((node) => !chosen.includes(node))
  away.forEach((node, i) => {
    const other = taken[i] as PipelineNode
    ;[node.position, other.position] = [other.position, node.position]
  })
}
