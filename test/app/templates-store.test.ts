import { afterEach, describe, expect, it } from 'vitest'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { builtInTemplates } from '../../src/document/templates'
import { serializePipeline, type PipelineDoc } from '../../src/graph'
import type { Storage } from '../../src/storage'
import { registry } from '../engine/shipped-registry'
import { freshStorage, sampleDoc } from '../storage/fixtures'

const open: { store: EditorStore; storage: Storage }[] = []
afterEach(() => {
  for (const { store, storage } of open.splice(0)) {
    store.close()
    storage.close()
  }
})

async function editor(doc: PipelineDoc = sampleDoc('open-now', 'Open now', 2)) {
  const storage = freshStorage()
  const store = createEditorStore({ storage, registry }, doc)
  await storage.pipelines.save(doc)
  open.push({ store, storage })
  return { store, storage }
}

function template(name: string): PipelineDoc {
  const found = builtInTemplates.find((candidate) => candidate.name === name)
  if (!found) throw new Error(`no template “${name}”`)
  return found
}

describe('templates in the editor', () => {
  it('opens a template as a new pipeline of its own, in the simple form, leaving the template and the open pipeline as they were', async () => {
    const { store, storage } = await editor()
    const multiTool = template('Multi-tool: close-ups on one provider, wide shots on another')
    const before = structuredClone(multiTool)

    const first = await store.getState().openTemplate(multiTool)
    if (!first.ok) throw new Error(JSON.stringify(first.issues))
    const opened = store.getState().doc
    expect(opened.id).not.toBe(multiTool.id)
    expect({ ...opened, id: multiTool.id }).toEqual(multiTool)
    expect(store.getState().mode).toBe('simple')
    await store.getState().openTemplate(multiTool)
    expect(store.getState().doc.id).not.toBe(opened.id)
    expect(multiTool).toEqual(before)
    expect((await storage.pipelines.list()).map((pipeline) => pipeline.name).sort()).toEqual([multiTool.name, multiTool.name, 'Open now'].sort())

    await store.getState().openPipeline('open-now')
    expect(store.getState().mode).toBe('graph')
  })

  it('marks a param as a template input with a label, renames it, takes it out, and undoes each step', async () => {
    await editor().then(({ store }) => {
      const { setExposed, undo } = store.getState()
      setExposed('shot-0', 'subject', 'Subject')
      store.getState().setExposed('shot-0', 'subject', 'Who is in the shot')
      expect(store.getState().doc.exposed).toEqual([{ node: 'shot-0', param: 'subject', label: 'Who is in the shot' }])
      setExposed('shot-0', 'subject', undefined)
      expect(store.getState().doc.exposed).toBeUndefined()
      undo()
      expect(store.getState().doc.exposed).toEqual([{ node: 'shot-0', param: 'subject', label: 'Who is in the shot' }])
      undo()
      expect(store.getState().doc.exposed).toEqual([{ node: 'shot-0', param: 'subject', label: 'Subject' }])
      undo()
      expect(store.getState().doc.exposed).toBeUndefined()
    })
  })

  it('lists template inputs that point at a missing node or param in the import report, and keeps them', async () => {
    const { store } = await editor()
    const doc: PipelineDoc = {
      ...sampleDoc('shared', 'Shared', 1),
      exposed: [
        { node: 'shot-0', param: 'subject', label: 'Subject' },
        { node: 'gone', param: 'subject', label: 'Lost' },
        { node: 'shot-0', param: 'colour', label: 'Colour' },
      ],
    }
    const outcome = await store.getState().importPipeline(serializePipeline(doc))
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues))
    expect(outcome.templateInputs.map((issue) => issue.path)).toEqual(['exposed[1].node', 'exposed[2].param'])
    expect(outcome.templateInputs[0]?.message).toMatch(/“Lost” points to node "gone", which is not in the pipeline/)
    expect(outcome.templateInputs[1]?.message).toMatch(/param "colour", which a "prompt" node does not have/)
    expect(store.getState().doc.exposed).toEqual(doc.exposed)
  })

  it('saves the open pipeline as a template of the person’s own, to use later', async () => {
    const { store, storage } = await editor()
    const id = await storage.templates.save(store.getState().doc)
    expect((await storage.templates.list()).map((saved) => saved.name)).toEqual(['Open now'])
    const saved = await storage.templates.get(id)
    expect({ ...saved, id: 'open-now' }).toEqual(store.getState().doc)
  })

  it('saves under the name and description given, and refuses a name the person already uses', async () => {
    const { store, storage } = await editor()
    const id = await storage.templates.save(store.getState().doc, { name: 'Dusk look', description: 'A warm grade for the ridge shots.' })
    expect(await storage.templates.list()).toEqual([expect.objectContaining({ id, name: 'Dusk look', description: 'A warm grade for the ridge shots.' })])
    expect((await storage.templates.get(id)).name).toBe('Dusk look')
    await expect(storage.templates.save(store.getState().doc, { name: ' dusk LOOK ' })).rejects.toThrow('You already have a template named “dusk LOOK”. Choose another name.')
    await expect(storage.templates.save(store.getState().doc, { name: '  ' })).rejects.toThrow('A template needs a name.')
    expect(await storage.templates.list()).toHaveLength(1)
  })
})

describe('version history in the editor', () => {
  it('restores an older version as one step that undo takes back, and the restore is saved as a version too', async () => {
    const { store, storage } = await editor()
    const original = store.getState().doc
    store.getState().setParam('shot-0', 'subject', 'a lighthouse keeper')
    store.getState().renameDocument('Lighthouse')
    await store.getState().saveDocument()
    const versions = await storage.pipelines.history.list('open-now')
    expect(versions.map((version) => version.name)).toEqual(['Lighthouse', 'Open now'])

    const older = await storage.pipelines.history.get(versions[1]?.id ?? -1)
    store.getState().restoreVersion(older)
    expect(store.getState().doc).toEqual(original)
    await store.getState().saveDocument()
    expect((await storage.pipelines.history.list('open-now')).map((version) => version.name)).toEqual(['Open now', 'Lighthouse', 'Open now'])

    store.getState().undo()
    expect(store.getState().doc.name).toBe('Lighthouse')
    expect(store.getState().doc.nodes[0]?.params.subject).toBe('a lighthouse keeper')
  })
})
