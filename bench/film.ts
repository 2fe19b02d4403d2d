/**
 * The film benchmark's page side (issue 14, "Show"): the "Short film from a script" template on a
 * 40-shot Fountain script, three animatic takes a shot at 480p, 2 s a shot, in the app's own stores
 * (Dexie over IndexedDB). Timed: parsing the script, planning, the cost estimate, a cold run, a
 * cached re-run, and a run after one shot's action is edited. bench/film-run.ts prints the figures.
 */
import { Dexie } from 'dexie'
import { estimateSpend, planRun, registryFromModules, runPipeline, type AnyNodeDefinition, type AssetRef, type RunRecord } from '../src/engine'
import type { PipelineDoc } from '../src/graph'
import { builtInTemplates } from '../src/document/templates'
import { withTemplateSamples } from '../src/document/templates/samples'
import { openStorage } from '../src/storage'
import { readScript } from '../nodes/shot-list/read-script'
import { FILM_SHOTS, HEIGHT, SHOT_S, SHOTS_PER_SCENE, TAKES } from './film-shape'


export interface FilmBenchRun {
  ms: number
  /** Nodes that ran (not taken from the cache), and items of per-item nodes that ran. */
  nodesRan: number
  itemsRan: number
  nodes: number
  items: number
}

export interface FilmBenchResult {
  parseMs: number
  planMs: number
  estimateMs: number
  estimateUsd: number
  cold: FilmBenchRun
  cached: FilmBenchRun
  edited: FilmBenchRun & { ranNodeIds: string[]; ranItems: string[] }
}

declare global {
  interface Window {
    reelgraphFilmBench: { run(): Promise<FilmBenchResult> }
  }
}

const registry = registryFromModules(import.meta.glob<{ default: AnyNodeDefinition }>('../nodes/*/node.ts', { eager: true }))

/** Eight scenes of five shots, alternating the two locations; `edited` changes shot 17's action. */
export function fortyShotScript(edited = false): string {
  const lines: string[] = ['Title: Forty shots', '']
  for (let scene = 0; scene < FILM_SHOTS / SHOTS_PER_SCENE; scene++) {
    lines.push(scene % 2 === 0 ? `EXT. HILLSIDE RIDGE - DUSK` : `INT. STATION CAFE - NIGHT`, '')
    for (let shot = 0; shot < SHOTS_PER_SCENE; shot++) {
      const number = scene * SHOTS_PER_SCENE + shot + 1
      const action = edited && number === 17 ? 'MARA drops her cup and runs for the door.' : `MARA looks at THEO, beat ${number}.`
      lines.push(action, `[[camera: ${shot % 2 === 0 ? 'dolly in' : 'static'}; duration: ${SHOT_S}]]`, '')
    }
  }
  return lines.join('\n')
}

function ranOf(record: RunRecord, ms: number): FilmBenchRun {
  const entries = Object.values(record.nodes)
  const items = entries.flatMap((entry) => Object.values(entry.items ?? {}))
  return {
    ms,
    nodes: entries.length,
    nodesRan: entries.filter((entry) => entry.status === 'done' && !entry.cached).length,
    items: items.length,
    itemsRan: items.filter((item) => item.status === 'done').length,
  }
}

async function timedRun(doc: PipelineDoc, storage: ReturnType<typeof openStorage>): Promise<{ record: RunRecord; ms: number }> {
  const started = performance.now()
  const record = await runPipeline(doc, { registry, results: storage.results, assets: storage.assets })
  const ms = performance.now() - started
  if (record.status !== 'done') throw new Error(`the film run ended ${record.status}: ${JSON.stringify(Object.entries(record.nodes).find(([, node]) => node.error))}`)
  return { record, ms }
}

window.reelgraphFilmBench = {
  async run() {
    const name = 'reelgraph-film-bench'
    await Dexie.delete(name)
    const storage = openStorage(name)
    const template = builtInTemplates.find((candidate) => candidate.id === 'template-short-film')
    if (!template) throw new Error('no short film template')
    const load = async (file: string) => (await fetch(`/samples/${file}`)).blob()
    const opened = await withTemplateSamples(template, storage.assets, load)
    const putScript = (text: string): Promise<AssetRef> =>
      storage.assets.put(new Blob([text], { type: 'text/plain' }), { kind: 'file', meta: { name: 'forty.fountain' } }, { pin: true })
    const withScript = (script: AssetRef): PipelineDoc => ({
      ...opened,
      nodes: opened.nodes.map((node) => {
        if (node.id === 'script') return { ...node, params: { ...node.params, script } }
        if (node.id === 'takes') return { ...node, params: { ...node.params, takes: TAKES, height: HEIGHT } }
        return node
      }),
    })

    const text = fortyShotScript()
    const parseStart = performance.now()
    const parsed = readScript(new TextEncoder().encode(text), 'forty.fountain')
    const parseMs = performance.now() - parseStart
    if (!parsed.ok || parsed.shots.length !== FILM_SHOTS) throw new Error(`the 40-shot script did not parse to ${FILM_SHOTS} shots`)
    const doc = withScript(await putScript(text))

    const planStart = performance.now()
    const planned = planRun(doc, registry)
    const planMs = performance.now() - planStart
    if (!planned.ok) throw new Error(`the film does not plan: ${planned.issues[0]?.message}`)
    const estimateStart = performance.now()
    const estimate = await estimateSpend(doc, { registry, results: storage.results, assets: storage.assets, remote: { key: async () => undefined } })
    const estimateMs = performance.now() - estimateStart

    const cold = await timedRun(doc, storage)
    const cached = await timedRun(doc, storage)
    const edited = await timedRun(withScript(await putScript(fortyShotScript(true))), storage)
    const ranNodeIds = Object.entries(edited.record.nodes).filter(([, entry]) => entry.status === 'done' && !entry.cached).map(([id]) => id)
    const ranItems = Object.entries(edited.record.nodes).flatMap(([id, entry]) =>
      Object.entries(entry.items ?? {}).filter(([, item]) => item.status === 'done').map(([key]) => `${id} [${key}]`),
    )
    storage.db.close()
    return {
      parseMs,
      planMs,
      estimateMs,
      estimateUsd: estimate.totalUsd,
      cold: ranOf(cold.record, cold.ms),
      cached: ranOf(cached.record, cached.ms),
      edited: { ...ranOf(edited.record, edited.ms), ranNodeIds, ranItems },
    }
  },
}
