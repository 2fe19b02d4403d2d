// @vitest-environment jsdom
import 'fake-indexeddb/auto'
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { RENDERED_RECIPE_MAKER, renderedRecipeKey } from '../../src/document/rendered-recipes'
import { PinnedResults } from '../../src/editor/storage/PinnedResults'
import { EditorProvider } from '../../src/editor/state/EditorProvider'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { NodeRegistry, type AssetRef } from '../../src/engine'
import { storeRecipe, withStep } from '../../src/media/video/recipe'
import colorGrade from '../../nodes/color-grade/node'
import { doc, node } from '../engine/fixture-nodes'
import { freshStorage } from '../storage/fixtures'
import { storeMediaUnderJsdom } from './jsdom-media'

storeMediaUnderJsdom()

const registry = new NodeRegistry([colorGrade])
const open: EditorStore[] = []
afterEach(() => {
  cleanup()
  for (const store of open.splice(0)) store.close()
})

async function gradedOnCanvas(renderedCopy: boolean) {
  const storage = freshStorage()
  const source = await storage.assets.put(new Blob([new Uint8Array(3 * 1024 * 1024)], { type: 'video/mp4' }), { kind: 'video', meta: { name: 'clip.mp4' } })
  const graded = (await storeRecipe(withStep(source, { step: 'grade', strength: 1 }), (data, info) => storage.assets.put(data, info))) as AssetRef
  if (renderedCopy) {
    const file = await storage.assets.put(new Blob([new Uint8Array(48 * 1024 * 1024)], { type: 'video/mp4' }), { kind: 'video' })
    const recipe = { kind: 'file' as const, hash: graded.hash, mime: 'application/json', bytes: graded.bytes, meta: {} }
    await storage.results.put(renderedRecipeKey(graded.hash), { outputs: { file, recipe }, nodeType: RENDERED_RECIPE_MAKER, durationMs: 1 })
  }
  const store = createEditorStore({ storage, registry }, doc([node('grade', 'color-grade')]))
  open.push(store)
  store.setState({ nodeRuns: { grade: { status: 'done', progress: 1, stale: false, outputs: { clip: graded } } } })
  render(
    <EditorProvider value={{ store, storage, registry }}>
      <PinnedResults version={0} act={async () => {}} />
    </EditorProvider>,
  )
  return { graded, source }
}

describe('a graded clip on the Storage panel', () => {
  it('is shown as a recipe over its clip, with its rendered copy when one is stored', async () => {
    const { graded } = await gradedOnCanvas(true)
    const row = document.querySelector(`[data-hash="${graded.hash}"]`)
    expect(row?.querySelector('.storage__pin-name')?.textContent).toBe('Graded clip — a recipe over clip.mp4, renders when needed')
    await waitFor(() => expect(row?.textContent).toContain('rendered copy 48 MB'))
    expect(row?.querySelector('.storage__note')?.textContent).toBe(`recipe ${graded.bytes} bytes; rendered copy 48 MB`)
  })

  it('says nothing of a copy that was never rendered (or was evicted)', async () => {
    const { graded, source } = await gradedOnCanvas(false)
    const row = document.querySelector(`[data-hash="${graded.hash}"]`)
    await waitFor(() => expect(row?.getAttribute('data-pinned')).toBe('false'))
    expect(row?.textContent).not.toContain('rendered copy')
    // Its source is listed with it, as the result holds it.
    expect(document.querySelector(`[data-hash="${source.hash}"]`)?.textContent).toContain('video · 3.0 MB')
    expect(screen.getByText('Graded clip — a recipe over clip.mp4, renders when needed')).toBeTruthy()
  })
})
