/**
 * Components end to end: made from a selection on the canvas, run from the cache, placed twice,
 * opened and edited once for both, undone in one step, unpacked; and the headless runner setting a
 * component's input with --set.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { PipelineDoc } from '../../src/graph'
import { exportedDocument, leaveField, pastePipeline } from './editor-document'
import { node, run, select, waitForRunEnd, waitForStatuses } from './editor-page'
import { openApp, projectRoot, runCommand, runReelgraph, type OpenApp } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'

let app: OpenApp | undefined
const work = mkdtemp(join(tmpdir(), 'reelgraph-components-'))

afterEach(async () => {
  await app?.close()
  app = undefined
})

afterAll(async () => {
  await rm(await work, { recursive: true, force: true })
})

const shotDoc: PipelineDoc = pipelineDoc({
  id: 'components-e2e',
  name: 'Ridge shots',
  description: 'A written shot and its preview, to be made one component and placed twice.',
  nodes: [
    pipelineNode('shot', 'prompt', { subject: 'a rider', action: 'crosses the ridge', style: '35 mm film' }, { label: 'Shot' }),
    pipelineNode('look', 'preview', {}, { at: { x: 380, y: 0 }, label: 'Look' }),
  ],
  edges: [pipelineLink('shot', 'prompt', 'look', 'value', 'e1')],
})

function componentNodes(page: Page): Promise<string[]> {
  return page.locator('.node--component').evaluateAll((elements) => elements.map((element) => (element as HTMLElement).dataset.nodeId ?? ''))
}

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(join(projectRoot, 'test-results'), { recursive: true })
  await page.screenshot({ path: join(projectRoot, 'test-results', name) })
}

describe('components in the editor', () => {
  it('make → run → place twice → edit the definition once for both, one undo → unpack, nothing re-run', async () => {
    app = await openApp()
    const { page } = app
    await page.locator('[data-node-id]').first().waitFor()
    await pastePipeline(page, shotDoc)
    await node(page, 'look').waitFor()
    await run(page)
    await waitForStatuses(page, { shot: 'done', look: 'done' })
    await waitForRunEnd(page)

    // Make: both nodes selected, one key.
    await select(page, 'shot')
    await node(page, 'look').locator('.node__header').click({ modifiers: ['Control'] })
    await leaveField(page)
    await page.keyboard.press('Control+Shift+M')
    await expect.poll(() => componentNodes(page)).toHaveLength(1)
    const [first] = await componentNodes(page)
    if (first === undefined) throw new Error('no component node')
    expect(await node(page, 'shot').count()).toBe(0)

    // Wrapping changed no cache key: the run takes everything from the cache.
    await run(page)
    await waitForStatuses(page, { [first]: 'cached' })
    await waitForRunEnd(page)

    // A second instance of the same definition.
    await select(page, first)
    await leaveField(page)
    await page.keyboard.press('Control+C')
    await page.keyboard.press('Control+V')
    await expect.poll(() => componentNodes(page)).toHaveLength(2)
    const second = (await componentNodes(page)).find((id) => id !== first) as string
    await run(page)
    await waitForStatuses(page, { [first]: 'cached', [second]: 'cached' })
    await waitForRunEnd(page)
    await screenshot(page, 'components-two-instances.png')

    // Open the definition (double-click the pasted one, on top), edit the subject once.
    await node(page, second).locator('.node__header').dblclick()
    const breadcrumb = page.getByRole('navigation', { name: 'Open component' })
    await breadcrumb.waitFor()
    await select(page, 'shot')
    await page.getByLabel('Subject', { exact: true }).fill('two riders')
    await leaveField(page)
    await screenshot(page, 'components-open-definition.png')
    await breadcrumb.getByRole('button', { name: shotDoc.name }).click()
    await expect.poll(() => componentNodes(page)).toHaveLength(2)

    const edited = await exportedDocument(page)
    expect(edited.components).toHaveLength(1)
    expect(edited.components?.[0]?.nodes.find((n) => n.id === 'shot')?.params.subject).toBe('two riders')
    // Both instances run the edited definition.
    await run(page)
    await waitForRunEnd(page)
    for (const id of [first, second]) expect(await node(page, id).getAttribute('data-status')).toMatch(/^(done|cached)$/)

    // One undo takes the edit back for both.
    await page.keyboard.press('Control+Z')
    await expect.poll(async () => (await exportedDocument(page)).components?.[0]?.nodes.find((n) => n.id === 'shot')?.params.subject).toBe('a rider')
    await run(page)
    await waitForStatuses(page, { [first]: 'cached', [second]: 'cached' })
    await waitForRunEnd(page)

    // Unpack one: its nodes come back, and they too come from the cache.
    await select(page, second)
    await leaveField(page)
    await page.keyboard.press('Control+Shift+U')
    await node(page, 'shot').waitFor()
    const unpacked = await exportedDocument(page)
    expect(unpacked.nodes.find((n) => n.id === 'shot')?.params).toEqual(shotDoc.nodes[0]?.params)
    expect(unpacked.edges.some((e) => e.from.node === 'shot' && e.to.node === 'look')).toBe(true)
    await run(page)
    await waitForStatuses(page, { shot: 'cached', look: 'cached', [first]: 'cached' })
    await screenshot(page, 'components-unpacked.png')
  })
})

/** A pipeline with a component of its own under the id the first made component gets, but other nodes. */
const otherFilm: PipelineDoc = pipelineDoc({
  id: 'components-e2e-other',
  name: 'Coast shots',
  description: 'Where the saved component is placed: it has a different component-1 of its own.',
  nodes: [pipelineNode('titles', 'component:component-1', {}, { at: { x: 0, y: 300 } })],
  components: [{ id: 'component-1', name: 'Titles', nodes: [pipelineNode('card', 'text', { text: 'The coast' })], edges: [], inputs: [], outputs: [] }],
})

/** The next file the app hands to the browser's downloads, read as a pipeline. */
async function nextDownload(page: Page, click: () => Promise<void>): Promise<PipelineDoc> {
  const count = await page.evaluate(() => {
    const watch = window as unknown as { files?: Blob[] }
    if (!watch.files) {
      const files: Blob[] = (watch.files = [])
      const create = URL.createObjectURL.bind(URL)
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        if (blob instanceof Blob) files.push(blob)
        return create(blob)
      }
    }
    return watch.files.length
  })
  await click()
  await page.waitForFunction((before) => ((window as unknown as { files?: Blob[] }).files?.length ?? 0) > before, count)
  return JSON.parse((await page.evaluate(() => (window as unknown as { files: Blob[] }).files.at(-1)?.text())) ?? '') as PipelineDoc
}

describe('components in the library', () => {
  it('saved from one pipeline, placed from the palette in another (its definition brought in, a taken id avoided), cached, exported, kept across a reload', async () => {
    app = await openApp()
    const { page } = app
    await page.locator('[data-node-id]').first().waitFor()
    await pastePipeline(page, shotDoc)
    await node(page, 'look').waitFor()
    await run(page)
    await waitForStatuses(page, { shot: 'done', look: 'done' })
    await waitForRunEnd(page)
    await select(page, 'shot')
    await node(page, 'look').locator('.node__header').click({ modifiers: ['Control'] })
    await leaveField(page)
    await page.keyboard.press('Control+Shift+M')
    await expect.poll(() => componentNodes(page)).toHaveLength(1)
    const [made] = await componentNodes(page)
    await select(page, made as string)
    await page.getByRole('button', { name: 'Save to library' }).click()
    await page.getByRole('status').filter({ hasText: 'is in the palette under Components' }).waitFor()
    const palette = page.getByRole('navigation', { name: 'Nodes' })
    await palette.getByRole('button', { name: 'Add component Component 1' }).waitFor()

    // Another pipeline, whose own component-1 is something else.
    await pastePipeline(page, otherFilm)
    await node(page, 'titles').waitFor()
    await palette.getByRole('button', { name: 'Add component Component 1' }).click()
    await expect.poll(() => componentNodes(page)).toHaveLength(2)
    const placed = (await componentNodes(page)).find((id) => id !== 'titles') as string
    let doc = await exportedDocument(page)
    expect(doc.components?.map((component) => [component.id, component.name])).toEqual([
      ['component-1', 'Titles'],
      ['component-1-2', 'Component 1'],
    ])
    expect(doc.nodes.find((n) => n.id === placed)?.type).toBe('component:component-1-2')
    expect(doc.components?.[1]?.nodes.map((n) => n.params)).toEqual(shotDoc.nodes.map((n) => n.params))
    // The same nodes as where it was made: its results come from the cache.
    await run(page)
    await waitForStatuses(page, { [placed]: 'cached', titles: 'done' })
    await waitForRunEnd(page)

    // Placed again: the copy brought in the first time is reused, not brought in twice.
    await palette.getByRole('button', { name: 'Add component Component 1' }).click()
    await expect.poll(() => componentNodes(page)).toHaveLength(3)
    doc = await exportedDocument(page)
    expect(doc.components?.map((component) => component.id)).toEqual(['component-1', 'component-1-2'])
    await screenshot(page, 'components-library-placed.png')

    // Exported from the palette: a pipeline file whose one node is the component.
    const file = await nextDownload(page, () => palette.getByRole('button', { name: 'Export component Component 1' }).click())
    expect(file).toMatchObject({ format: 'reelgraph', name: 'Component 1', nodes: [{ type: 'component:component-1' }] })
    expect(file.components?.map((component) => component.id)).toEqual(['component-1'])

    // Kept in the library across a reload; removed when asked.
    await page.reload()
    await palette.getByRole('button', { name: 'Add component Component 1' }).waitFor()
    await palette.getByRole('button', { name: 'Remove component Component 1 from the library' }).click()
    await expect.poll(() => palette.getByRole('button', { name: 'Add component Component 1' }).count()).toBe(0)
  })
})

describe('the headless runner with a component', () => {
  it('runs a component node and sets its input with --set <node>.<input>; an unknown input is refused', async () => {
    const dir = await work
    const still = join(dir, 'still.png')
    const made = await runCommand('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x120', '-frames:v', '1', still])
    expect(made.code, made.stderr).toBe(0)
    const doc: PipelineDoc = pipelineDoc({
      id: 'runner-component',
      name: 'Graded through a component',
      nodes: [
        pipelineNode('still', 'image-input'),
        pipelineNode('shot', 'component:grade', {}, { at: { x: 300, y: 0 } }),
      ],
      edges: [pipelineLink('still', 'image', 'shot', 'image', 'e1')],
      components: [
        {
          id: 'grade',
          name: 'Grade',
          nodes: [pipelineNode('adjust', 'image-adjust', { exposure: 0.2 })],
          edges: [],
          inputs: [{ name: 'image', to: [{ node: 'adjust', port: 'image' }] }],
          outputs: [{ name: 'image', from: { node: 'adjust', port: 'image' } }],
          exposed: [{ node: 'adjust', param: 'exposure', label: 'exposure' }],
        },
      ],
    })
    const pipeline = join(dir, 'component.json')
    await writeFile(pipeline, JSON.stringify(doc))
    const profile = join(dir, 'profile')
    const out = join(dir, 'out')
    const result = await runReelgraph(['run', pipeline, '--out', out, '--input', `still=${still}`, '--set', 'shot.exposure=0.8', '--profile', profile])
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { status: string; nodes: Record<string, { type: string; status: string }>; outputs: string[] }
    expect(report.status).toBe('done')
    expect(report.nodes['shot/adjust']).toMatchObject({ type: 'image-adjust', status: 'done' })
    expect(report.outputs).toEqual(['shot.image.png'])

    // The input reached the inner node: a different exposure is a different result, a new run.
    const again = await runReelgraph(['run', pipeline, '--out', join(dir, 'again'), '--input', `still=${still}`, '--set', 'shot.exposure=0.8', '--profile', profile])
    expect(again.code, again.stderr).toBe(0)
    expect(JSON.parse(await readFile(join(dir, 'again', 'report.json'), 'utf8')).nodes['shot/adjust'].status).toBe('cached')
    const other = await runReelgraph(['run', pipeline, '--out', join(dir, 'other'), '--input', `still=${still}`, '--set', 'shot.exposure=-0.5', '--profile', profile])
    expect(other.code, other.stderr).toBe(0)
    expect(JSON.parse(await readFile(join(dir, 'other', 'report.json'), 'utf8')).nodes['shot/adjust'].status).toBe('done')

    const refused = await runReelgraph(['run', pipeline, '--out', join(dir, 'bad'), '--input', `still=${still}`, '--set', 'shot.takes=3'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('the component node "shot" has no input "takes" (its inputs: exposure)')
  })
})
