/**
 * The shot list's table in Chromium, as a person uses it: edit a cell and undo it, read each row's
 * lint, open the whole table in the dock, load a table file it cannot read (refused with its line,
 * nothing changed), load a Fountain screenplay, and copy its shots into the table to edit them.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PipelineDoc } from '../../src/graph'
import { exportedDocument, leaveField, pastePipeline } from './editor-document'
import { node } from './editor-page'
import { openApp, projectRoot, type OpenApp } from './harness'
import { pipelineDoc, pipelineNode } from './pipeline-files'

const screenshots = join(projectRoot, 'test-results')

const row = (id: string, fields: Record<string, unknown>) => ({
  id,
  scene: id.replace(/\D+$/, ''),
  environment: 'exterior, Ridge, dusk',
  lighting: 'low sun',
  mood: 'tense',
  ...fields,
})

const doc: PipelineDoc = pipelineDoc({
  id: 'shot-table',
  name: 'Shot table',
  nodes: [
    pipelineNode('shots', 'shot-list', {
      rows: [
        row('1A', { subject: 'Mara', action: 'climbs the last yard of the ridge', camera: 'crane up', durationS: 4 }),
        row('1B', { subject: 'Mara', action: 'turns to the sea', camera: 'dolly in', durationS: 2, keyMomentS: 3, dialogue: 'Mara: There it is, just like you said it would be.' }),
        row('2A', { subject: 'Tom', action: 'lights a candle', camera: '', environment: 'interior, Hut, night' }),
      ],
    }),
  ],
})

let app: OpenApp | undefined

afterEach(async () => {
  await app?.close()
  app = undefined
})

describe('the shot list’s table', () => {
  it('edits, undoes, lints each row, opens in the dock, refuses a file it cannot read and reads a screenplay', async () => {
    app = await openApp()
    const page = app.page
    await page.setViewportSize({ width: 1600, height: 1000 })
    await page.locator('.react-flow__node').first().waitFor()
    await pastePipeline(page, doc)
    const shots = node(page, 'shots')
    await mkdir(screenshots, { recursive: true })

    // Each row's lint beside it: 1B's dialogue does not fit 2 s and its key moment falls after the end.
    const lintOf = (id: string) => shots.getByRole('row').filter({ has: page.getByLabel(`Shot of ${id}`, { exact: true }) }).locator('.shot-sheet__lint')
    await expect.poll(() => lintOf('1B').textContent()).toMatch(/words of dialogue do not fit 2 s.*the key moment at 3 s falls after the shot ends at 2 s/)
    await expect.poll(() => lintOf('2A').textContent()).toContain('no camera')
    await expect.poll(() => lintOf('1A').textContent()).toBe('✓')
    await shots.screenshot({ path: join(screenshots, 'shot-list-node.png') })

    // A cell edit is one undo step.
    const action = shots.getByLabel('Action of 2A', { exact: true })
    await action.fill('lights a candle and waits')
    await leaveField(page)
    expect((await exportedDocument(page)).nodes[0]?.params.rows).toEqual(expect.arrayContaining([expect.objectContaining({ id: '2A', action: 'lights a candle and waits' })]))
    await page.keyboard.press('Control+Z')
    await expect.poll(() => shots.getByLabel('Action of 2A', { exact: true }).inputValue()).toBe('lights a candle')

    // Rows move with their ids.
    await shots.getByRole('button', { name: 'Move 2A up' }).click()
    await expect.poll(() => shots.locator('tbody tr').evaluateAll((rows) => rows.map((tr) => (tr.querySelector('input') as HTMLInputElement).value))).toEqual(['1A', '2A', '1B'])
    await shots.getByRole('button', { name: 'Add shot' }).click()
    await expect.poll(() => shots.getByLabel('Shot of 1C', { exact: true }).count()).toBe(1)

    // The whole table, every field, in the dock.
    await shots.getByRole('button', { name: 'Open in dock' }).click()
    const dock = page.locator('.dock')
    await expect.poll(() => dock.getByLabel('Environment of 2A', { exact: true }).inputValue()).toBe('interior, Hut, night')
    await page.screenshot({ path: join(screenshots, 'shot-list-dock.png') })

    // A table it cannot read: refused with its line, the rows as they were.
    const picker = shots.locator('input[type="file"]')
    await picker.setInputFiles({ name: 'shots.csv', mimeType: 'text/csv', buffer: Buffer.from('scene,action,duration\n1,runs,5\n1,"never closed,4\n') })
    await expect.poll(() => shots.getByRole('alert').textContent()).toContain('shots.csv was not loaded: nothing in the node changed:line 3: a quoted cell is never closed')
    await expect.poll(() => shots.locator('tbody tr').count()).toBe(4)

    // A screenplay: its shots are shown, then copied into the table to edit.
    const fountain = 'INT. HUT - NIGHT\n\nTOM lights a candle. [[camera: dolly in; duration: 6; key: 4.5]]\n\nTOM\nShe will come.\n\nEXT. RIDGE - DUSK\n\nMARA waits.\n'
    await picker.setInputFiles({ name: 'film.fountain', mimeType: 'text/plain', buffer: Buffer.from(fountain) })
    await expect.poll(() => shots.locator('.shot-sheet__source').textContent()).toBe('film.fountain · 2 shots')
    await expect.poll(() => shots.locator('tbody tr').first().textContent()).toContain('1A')
    await shots.getByRole('button', { name: 'Edit as table' }).click()
    await expect.poll(() => shots.getByLabel('Camera of 1A', { exact: true }).inputValue()).toBe('dolly in')
    await expect.poll(() => shots.getByLabel('Key s of 1A', { exact: true }).inputValue()).toBe('4.5')
    const params = (await exportedDocument(page)).nodes[0]?.params
    expect(params?.script).toBeUndefined()
    expect(params?.rows).toEqual([expect.objectContaining({ id: '1A', subject: 'Tom', environment: 'interior, Hut, night', dialogue: 'Tom: She will come.' }), expect.objectContaining({ id: '2A', subject: 'Mara' })])
  })
})
