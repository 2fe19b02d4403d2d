/**
 * Node ids named like Object.prototype members, in the built app: a pipeline with a node called
 * `constructor` runs to the end, and Cancel during its run makes Run pressable again.
 */
import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import type { PipelineDoc, PipelineNode } from '../../src/graph'
import { PICKER, TAKES } from './default-pipeline'
import { exportedDocument, pastePipeline } from './editor-document'
import { run } from './editor-page'
import { openApp, type OpenApp } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'

let app: OpenApp | undefined

afterEach(async () => {
  await app?.close()
  app = undefined
})

/**
 * Each node's `data-status`, as [id, status] pairs: an object keyed by id would lose `__proto__`
 * on its way out of the page.
 */
function statusPairs(page: Page): Promise<[string, string][]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-node-id]')].map((element): [string, string] => [element.dataset.nodeId ?? '', element.dataset.status ?? '']),
  )
}

async function statusOf(page: Page, id: string): Promise<string | undefined> {
  return (await statusPairs(page)).find(([nodeId]) => nodeId === id)?.[1]
}

const runButton = (page: Page) => page.getByRole('button', { name: 'Run', exact: true })
const cancelButton = (page: Page) => page.getByRole('button', { name: 'Cancel', exact: true })

function renamed(doc: PipelineDoc, names: Record<string, string>, name: string): PipelineDoc {
  const rename = (id: string) => (Object.hasOwn(names, id) ? (names[id] as string) : id)
  return {
    ...doc,
    id: crypto.randomUUID(),
    name,
    nodes: doc.nodes.map((node): PipelineNode => ({ ...node, id: rename(node.id) })),
    edges: doc.edges.map((edge) => ({ ...edge, from: { ...edge.from, node: rename(edge.from.node) }, to: { ...edge.to, node: rename(edge.to.node) } })),
    groups: doc.groups?.map((group) => ({ ...group, nodes: group.nodes.map(rename) })),
    exposed: doc.exposed?.map((exposed) => ({ ...exposed, node: rename(exposed.node) })),
  }
}

describe('nodes named like Object.prototype members in the app', () => {
  it('run to the end, each showing its own status', async () => {
    app = await openApp()
    const { page } = app
    await page.waitForSelector('[data-node-id]')
    const text = (id: string, line: string) => pipelineNode(id, 'text', { text: line }, { at: { x: 0, y: id.length * 40 } })
    const preview = (id: string) => pipelineNode(id, 'preview', {}, { at: { x: 400, y: id.length * 40 } })
    await pastePipeline(page, pipelineDoc({
      id: 'prototype-named',
      name: 'Prototype-named nodes',
      nodes: [text('constructor', 'Dusk'), preview('__proto__'), text('toString', 'Dawn'), preview('hasOwnProperty')],
      edges: [
        pipelineLink('constructor', 'text', '__proto__', 'value', 'l1'),
        pipelineLink('toString', 'text', 'hasOwnProperty', 'value', 'l2'),
      ],
    }))
    await run(page)
    // The run used to wait forever on `constructor`, which looked finished before it started.
    await expect.poll(() => cancelButton(page).isDisabled(), { timeout: 60_000 }).toBe(true)
    expect((await statusPairs(page)).sort()).toEqual([
      ['__proto__', 'done'],
      ['constructor', 'done'],
      ['hasOwnProperty', 'done'],
      ['toString', 'done'],
    ])
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/^Done/)
  })

  it('Cancel during a run with a node called constructor ends the run, and Run works again', async () => {
    app = await openApp()
    const { page } = app
    await page.waitForSelector(`[data-node-id="${TAKES}"]`)
    const doc = renamed(await exportedDocument(page), { [TAKES]: 'constructor', [PICKER]: '__proto__' }, 'Mara, renamed')
    await pastePipeline(page, doc)
    await run(page)
    await expect.poll(() => statusOf(page, 'constructor'), { timeout: 60_000 }).toBe('running')
    await cancelButton(page).click()
    await expect.poll(() => runButton(page).isEnabled(), { timeout: 60_000 }).toBe(true)
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Cancelled/)
    expect(await statusOf(page, '__proto__')).toBe('cancelled')

    // Run again: it starts, and `constructor` runs once more.
    await run(page)
    await expect.poll(() => statusOf(page, 'constructor'), { timeout: 60_000 }).toBe('running')
    await cancelButton(page).click()
    await expect.poll(() => runButton(page).isEnabled(), { timeout: 60_000 }).toBe(true)
  })
})
