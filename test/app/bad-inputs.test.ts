import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import type { ImportOutcome } from '../../src/editor/state/library-slice'
import type { Storage } from '../../src/storage'
import { registry } from '../engine/shipped-registry'
import { freshStorage, sampleDoc } from '../storage/fixtures'

const folder = join(import.meta.dirname, '../fixtures/bad')

/** What each file in the corpus must do: be refused, open with a report, or open (shown safely). */
const expected: Record<string, 'refused' | 'report' | 'opens'> = {
  'truncated.json': 'refused',
  'wrong-types.json': 'refused',
  'future-version.json': 'refused',
  'cycle.json': 'report',
  'unknown-type.json': 'report',
  'hostile-label.json': 'opens',
  'secret-in-params.json': 'report',
  'climbs-out.reelgraph.zip': 'report',
  'zip-bomb.reelgraph.zip': 'refused',
}

const open: { store: EditorStore; storage: Storage }[] = []
afterEach(() => {
  for (const { store, storage } of open.splice(0)) {
    store.close()
    storage.close()
  }
})

function placesOf(outcome: ImportOutcome) {
  return outcome.ok ? [...outcome.issues, ...outcome.refusedEntries, ...outcome.missingAssets, ...outcome.templateInputs, ...outcome.droppedParams] : outcome.issues
}

describe('the corpus of bad inputs', () => {
  it('covers every file in test/fixtures/bad', () => {
    expect(readdirSync(folder).filter((file) => file !== 'README.md').sort()).toEqual(Object.keys(expected).sort())
  })

  for (const [file, outcome] of Object.entries(expected)) {
    it(`${file}: ${outcome === 'refused' ? 'refused with the place of each problem' : outcome === 'report' ? 'opens with a report that names each place' : 'opens'}; the open pipeline is untouched and the editor keeps working`, async () => {
      const storage = freshStorage()
      const before = sampleDoc('open-now', 'Open now', 2)
      const store = createEditorStore({ storage, registry }, before)
      open.push({ store, storage })
      await storage.pipelines.save(before)

      const bytes = readFileSync(join(folder, file))
      const result = file.endsWith('.zip')
        ? await store.getState().importBundle(new Blob([bytes]))
        : await store.getState().importPipeline(bytes.toString('utf8'))

      expect(result.ok ? (placesOf(result).length > 0 ? 'report' : 'opens') : 'refused').toBe(outcome)
      for (const place of placesOf(result)) {
        expect(place.path).not.toBe('')
        expect(place.message).not.toBe('')
      }
      if (!result.ok) expect(store.getState().doc).toBe(before)
      expect(await storage.pipelines.get('open-now')).toEqual(before)

      await store.getState().openPipeline('open-now')
      store.getState().setParam('shot-0', 'subject', 'still editable')
      expect(store.getState().doc.nodes[0]?.params.subject).toBe('still editable')
      expect(store.getState().problem).toBeNull()
    })
  }

  it('leaves out a key someone added to a document, at the top or in a node’s params, and says so', async () => {
    const storage = freshStorage()
    const store = createEditorStore({ storage, registry }, sampleDoc('open-now', 'Open now'))
    open.push({ store, storage })
    const outcome = await store.getState().importPipeline(readFileSync(join(folder, 'secret-in-params.json'), 'utf8'))
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues))
    expect(outcome.droppedParams.map((issue) => issue.path)).toEqual(['nodes[0].params.apiKey'])
    expect(store.getState().doc.nodes[0]?.params).toEqual({ text: 'hello' })
    expect(JSON.stringify(await storage.db.pipelines.get('with-secrets'))).not.toContain('sk-live')
  })
})
