import { afterEach, describe, expect, it } from 'vitest'
import { readBundle, writeBundle } from '../../src/document/bundle'
import { shareLinkFor } from '../../src/document/share'
import { createEditorStore } from '../../src/editor/state/create-editor-store'
import { exposedParamIssues, loadPipeline } from '../../src/engine'
import { serializePipeline } from '../../src/graph'
import type { Storage } from '../../src/storage'
import { registry } from '../engine/shipped-registry'
import { tenThousandNodeDocument } from '../fixtures/large-document'
import { freshStorage, sampleDoc } from '../storage/fixtures'

// Timings for this document are in `npm run bench` (bench/large-document.ts), never asserted here.
const opened: Storage[] = []
afterEach(() => {
  for (const storage of opened.splice(0)) storage.close()
})

describe('a 10,000-node pipeline', () => {
  const doc = tenThousandNodeDocument()

  it('exports and imports as JSON deep-equal, validated, with nothing to fix', () => {
    const loaded = loadPipeline(serializePipeline(doc), registry)
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues.slice(0, 3)))
    expect(loaded.doc).toEqual(doc)
    expect(loaded.issues).toEqual([])
    expect(exposedParamIssues(loaded.doc, registry)).toEqual([])
  })

  it('round-trips through a bundle deep-equal', { timeout: 60_000 }, async () => {
    const storage = freshStorage()
    opened.push(storage)
    const read = await readBundle(await writeBundle(doc, storage.assets), { registry, assets: storage.assets })
    if (!read.ok) throw new Error(JSON.stringify(read.issues))
    expect(read.doc).toEqual(doc)
    expect(read.issues).toEqual([])
  })

  it('is too big for a link, and the link says to send a bundle', () => {
    const link = shareLinkFor(doc, 'https://reelgraph.example/')
    if (link.ok) throw new Error('expected the link to be refused')
    expect(link.message).toMatch(/too big for a link .* Use “Export bundle”/)
  })

  it('opens in the editor as a new pipeline and is saved whole', { timeout: 60_000 }, async () => {
    const storage = freshStorage()
    opened.push(storage)
    const store = createEditorStore({ storage, registry }, sampleDoc('open-now', 'Open now'))
    try {
      const outcome = await store.getState().importPipeline(serializePipeline(doc))
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues))
      expect(store.getState().doc).toEqual(doc)
      expect(await storage.pipelines.get(doc.id)).toEqual(doc)
    } finally {
      store.close()
    }
  })
})
