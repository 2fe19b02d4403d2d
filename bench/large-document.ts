/**
 * A 10,000-node pipeline through sharing: export as JSON, import (parse, migrate, validate),
 * validation alone, and a bundle written and read back, in Node with the app's Dexie asset store
 * over fake-indexeddb. Run by scripts/bench.mjs; figures are printed, never asserted.
 */
import 'fake-indexeddb/auto'
import { readBundle, writeBundle } from '../src/document/bundle'
import { shareLinkFor } from '../src/document/share'
import { loadPipeline, NodeRegistry } from '../src/engine'
import { serializePipeline, validateDocument } from '../src/graph'
import { openStorage } from '../src/storage'
import prompt from '../nodes/prompt/node'
import text from '../nodes/text/node'
import { tenThousandNodeDocument } from '../test/fixtures/large-document'

const RUNS = 3

export async function benchLargeDocument(log: (line: string) => void): Promise<string[]> {
  const registry = new NodeRegistry([text, prompt])
  const doc = tenThousandNodeDocument()
  const json = serializePipeline(doc)
  const storage = openStorage(`reelgraph-bench-${crypto.randomUUID()}`)
  try {
    const rows: [string, number][] = []
    const measure = async (name: string, step: () => unknown) => {
      log(name)
      const times: number[] = []
      for (let run = 0; run < RUNS; run++) {
        const start = performance.now()
        await step()
        times.push(performance.now() - start)
      }
      rows.push([name, times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number])
    }
    await measure('export as JSON', () => serializePipeline(doc))
    await measure('import JSON (parse, migrate, validate)', () => loadPipeline(json, registry))
    await measure('validate only', () => validateDocument(doc, registry))
    await measure('share link (refused: too big)', () => shareLinkFor(doc, 'https://reelgraph.example/'))
    const bundle = await writeBundle(doc, storage.assets)
    await measure('write bundle', () => writeBundle(doc, storage.assets))
    await measure('read bundle', () => readBundle(bundle, { registry, assets: storage.assets }))
    const width = Math.max(...rows.map(([name]) => name.length))
    return [
      `Sharing a 10,000-node pipeline (${(json.length / 1e6).toFixed(1)} MB of JSON, bundle ${(bundle.size / 1e6).toFixed(2)} MB), Node ${process.versions.node}, median of ${RUNS}:`,
      ...rows.map(([name, ms]) => `  ${name.padEnd(width)}  ${Math.round(ms).toLocaleString('en').padStart(6)} ms`),
    ]
  } finally {
    storage.close()
  }
}
