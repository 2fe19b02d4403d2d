// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { TemplatesDialog } from '../../src/editor/dialogs/TemplatesDialog'
import { PipelinePicture } from '../../src/editor/dialogs/PipelinePicture'
import { EditorProvider } from '../../src/editor/state/EditorProvider'
import { createEditorStore, type EditorStore } from '../../src/editor/state/create-editor-store'
import { builtInTemplates } from '../../src/document/templates'
import type { PipelineDoc } from '../../src/graph'
import type { Storage } from '../../src/storage'
import { doc, link, node } from '../engine/fixture-nodes'
import { registry } from '../engine/shipped-registry'
import { freshStorage } from '../storage/fixtures'

const open: EditorStore[] = []
afterEach(() => {
  cleanup()
  for (const store of open.splice(0)) store.close()
})

// jsdom has no modal dialogs: opening one only marks it open, which is all the gallery needs here.
beforeAll(() => {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.open = true
  }
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.open = false
  }
})

/** `content` inside an editor's context; `show` puts other content in its place, in the same editor. */
function inEditor(content: ReactNode, storage: Storage = freshStorage()) {
  const store = createEditorStore({ storage, registry }, doc([]))
  open.push(store)
  const inContext = (shown: ReactNode) => <EditorProvider value={{ store, storage, registry }}>{shown}</EditorProvider>
  const rendered = render(inContext(content))
  return { ...rendered, show: (shown: ReactNode) => rendered.rerender(inContext(shown)) }
}

const shot: PipelineDoc = {
  ...doc(
    [node('still', 'image-input', {}, { position: { x: 0, y: 0 } }), node('grade', 'color-grade', {}, { position: { x: 320, y: 0 } }), node('out', 'export', {}, { position: { x: 640, y: 0 } })],
    [link('still.image', 'grade.media')],
  ),
  name: 'Graded still',
}

describe('a pipeline’s picture', () => {
  it('draws each node where it stands in its category’s colour, and each link in its value’s colour', () => {
    const { container } = inEditor(<PipelinePicture doc={shot} />)
    const picture = screen.getByRole('img')
    expect(picture.getAttribute('aria-label')).toBe('The pipeline, 3 nodes from left to right: Image, Color grade, Export')
    expect([...container.querySelectorAll('[data-category]')].map((block) => block.getAttribute('data-category'))).toEqual(['inputs', 'post', 'outputs'])
    const links = [...container.querySelectorAll('.pipeline-picture__link')]
    expect(links.map((path) => (path as SVGElement).style.stroke)).toEqual(['var(--port-image, var(--port-any))'])
    expect(picture.getAttribute('viewBox')).toBe('-40 -40 960 200')
  })

  it('is drawn from the document, so it changes with it', () => {
    const { show } = inEditor(<PipelinePicture doc={shot} />)
    show(<PipelinePicture doc={{ ...shot, edges: [...shot.edges, link('grade.media', 'out.video')] }} />)
    expect(document.querySelectorAll('.pipeline-picture__link')).toHaveLength(2)
  })
})

describe('the templates gallery', () => {
  it('shows a picture of every built-in template and of the person’s own', async () => {
    const storage = freshStorage()
    await storage.templates.save(shot, { name: 'My graded still', description: 'A still, graded.' })
    inEditor(<TemplatesDialog />, storage)
    const builtIn = within(screen.getByRole('list', { name: 'Built-in templates' }))
    for (const template of builtInTemplates) {
      const card = within(builtIn.getByRole('listitem', { name: template.name }))
      expect(card.getByRole('img').getAttribute('aria-label')).toMatch(new RegExp(`^The pipeline, ${template.nodes.length} nodes from left to right: `))
    }
    const own = within(await screen.findByRole('list', { name: 'Your templates' }))
    const card = within(own.getByRole('listitem', { name: 'My graded still' }))
    expect((await card.findByRole('img')).getAttribute('aria-label')).toBe('The pipeline, 3 nodes from left to right: Image, Color grade, Export')
  })
})
