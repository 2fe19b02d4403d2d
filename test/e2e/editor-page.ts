/**
 * Driving the editor in an e2e test as a person does: nodes found by the attributes of docs/architecture.md ("Testing"),
 * runs started and awaited through the run bar, and what a run did read from the app's run log.
 */
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { Outputs, RunRecord } from '../../src/engine'

export function node(page: Page, id: string) {
  return page.locator(`[data-node-id="${id}"]`)
}

/** Every node's `data-status`, by node id. */
export function statuses(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>('[data-node-id]')].map((element) => [element.dataset.nodeId, element.dataset.status]),
    ),
  )
}

/** Waits until the nodes have these statuses (and reports what they were if they never do). */
export async function waitForStatuses(page: Page, expected: Record<string, string>, timeout = 120_000): Promise<void> {
  try {
    await page.waitForFunction(
      (wanted) =>
        Object.entries(wanted).every(
          ([id, status]) => document.querySelector<HTMLElement>(`[data-node-id="${id}"]`)?.dataset.status === status,
        ),
      expected,
      { timeout },
    )
  } catch (error) {
    expect(await statuses(page), 'node statuses').toEqual(expected)
    throw error
  }
}

export function each(ids: readonly string[], status: string): Record<string, string> {
  return Object.fromEntries(ids.map((id) => [id, status]))
}

export async function run(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click()
}

/**
 * Waits until the run bar says the run is over. Nodes can all show their status while the run
 * still waits for its results to be written; a shortcut pressed then finds a run in progress.
 */
export async function waitForRunEnd(page: Page): Promise<void> {
  await expect.poll(() => page.getByRole('button', { name: 'Cancel', exact: true }).isDisabled(), { timeout: 120_000 }).toBe(true)
}

/** Waits for the autosave, so a reload finds the document as it is on screen. */
export async function waitForSave(page: Page): Promise<void> {
  await page.locator('[data-save-state="saved"]').waitFor()
}

/** Selects a node by clicking its title bar, as a person would, and waits for the inspector to show it. */
export async function select(page: Page, id: string): Promise<void> {
  await node(page, id).locator('.node__header').click()
  await page.getByRole('complementary', { name: 'Inspector' }).getByText(id, { exact: true }).waitFor()
}

/** Rows of one table of the app's database, as stored: all of them, or the one under `key`. */
function storedRows(page: Page, table: string, key?: string): Promise<unknown[]> {
  return page.evaluate(
    async ({ table, key }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('reelgraph')
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        const store = db.transaction(table).objectStore(table)
        const request = key === undefined ? store.getAll() : store.getAll(key)
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
      db.close()
      // Blobs do not cross into the test; the facts beside them do.
      return rows.map((row) => (row && typeof row === 'object' && 'data' in row ? { ...row, data: undefined } : row))
    },
    { table, key },
  )
}

/** The run records in the app's run log (the `runs` table), oldest first. */
export async function runRecords(page: Page): Promise<RunRecord[]> {
  const records = (await storedRows(page, 'runs')) as RunRecord[]
  return records.sort((a, b) => a.startedAt - b.startedAt)
}

/** The outputs the result cache holds under a node's cache key. */
export async function cachedOutputs(page: Page, cacheKey: string): Promise<Outputs | undefined> {
  const [row] = (await storedRows(page, 'results', cacheKey)) as { outputs: Outputs }[]
  return row?.outputs
}

/** Whether the asset store keeps an asset out of eviction. */
export async function isPinned(page: Page, hash: string): Promise<boolean> {
  const [row] = (await storedRows(page, 'assets', hash)) as { pinned: number }[]
  return row?.pinned === 1
}

/** The record of the next run to land in the run log after `before` records. */
export async function nextRunRecord(page: Page, before: number): Promise<RunRecord> {
  await expect.poll(async () => (await runRecords(page)).length, { timeout: 120_000 }).toBeGreaterThan(before)
  return (await runRecords(page))[before] as RunRecord
}

/** Does one of the run bar's File menu items (Import, Pipelines, Export bundle, …) as a person does: opens the menu, clicks the item. */
export async function fromFileMenu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'File', exact: true }).click()
  await page.getByRole('menu', { name: 'File' }).getByRole('menuitem', { name: item, exact: true }).click()
}

/** Types each provider's key into File → Provider keys, as a person does, and waits for each to be saved. */
export async function enterProviderKeys(page: Page, keys: readonly (readonly [provider: string, key: string])[]): Promise<void> {
  await fromFileMenu(page, 'Provider keys')
  const dialog = page.getByRole('dialog', { name: 'Provider keys' })
  for (const [provider, key] of keys) {
    const row = dialog.getByRole('listitem').filter({ hasText: provider })
    await row.getByLabel(provider).fill(key)
    await row.getByRole('button', { name: 'Save' }).click()
    await row.getByText('Key saved').waitFor()
  }
  await dialog.getByRole('button', { name: 'Close' }).click()
}

/** The canvas's zoom, read from React Flow's viewport transform. */
export async function zoom(page: Page): Promise<number> {
  const transform = await page.locator('.react-flow__viewport').evaluate((element) => (element as HTMLElement).style.transform)
  return Number(/scale\(([\d.]+)\)/.exec(transform)?.[1])
}

/** The zoom once the glide has ended: the same on two reads a few frames apart. */
export async function settledZoom(page: Page): Promise<number> {
  let last = Number.NaN
  await expect
    .poll(async () => {
      const [now] = await Promise.all([zoom(page), page.waitForTimeout(100)])
      const settled = now === last
      last = now
      return settled
    })
    .toBe(true)
  return last
}
