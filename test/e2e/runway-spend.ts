/**
 * What the budget tests spend on, shared by the app's (budget.test.ts) and the runner's
 * (runner-budget.test.ts): three shots of one Runway take each, and the Runway key and earlier
 * charges put where a run finds them.
 */
import type { Page } from 'playwright-core'
import { launchChromium } from '../../scripts/chromium.mjs'
import { distDir } from '../../scripts/dist.mjs'
import { serveStatic } from '../../scripts/serve.mjs'
import type { PipelineDoc } from '../../src/graph'
import { RUNWAY_TEST_KEY } from '../contract/runway-server'
import { enterProviderKeys } from './editor-page'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'

/** Three shots from a list of texts, one Runway take each at $0.60: $1.80; with the pipeline's own budget when given. */
export function threeShotsOnRunway(budgetUsd?: number): PipelineDoc {
  return pipelineDoc({
    id: 'three-shots-on-runway',
    name: 'Three shots on Runway',
    description: 'A keeper, three actions, one take each.',
    nodes: [
      pipelineNode('shots', 'text-list', { texts: ['action: climbs the ladder', 'action: lights the lamp', 'action: looks out to sea'] }),
      pipelineNode('prompt', 'prompt', { subject: 'the keeper', action: '{action}', environment: 'a lighthouse at dusk', camera: 'static', lighting: 'low sun', mood: 'quiet', durationS: 5 }, { at: { x: 320, y: 0 } }),
      pipelineNode('takes', 'generate-video', { provider: 'runway', takes: 1, height: 720, durationS: 5 }, { at: { x: 640, y: 0 } }),
    ],
    edges: [pipelineLink('shots', 'texts', 'prompt', 'text', 'l1'), pipelineLink('prompt', 'prompt', 'takes', 'prompt', 'l2')],
    ...(budgetUsd !== undefined ? { budgetUsd } : {}),
  })
}

/** A charge the jobs ledger keeps for a take accepted earlier, as the app records it. */
export interface EarlierCharge {
  id: string
  pipelineId: string
  provider: string
  priceUsd: number
  acceptedAt: number
}

/** The Runway key typed into the app's Provider keys dialog, as a person does. */
export function enterRunwayKey(page: Page): Promise<void> {
  return enterProviderKeys(page, [['Runway', RUNWAY_TEST_KEY]])
}

/** Where the runner's page lives (scripts/reelgraph.mjs), so its profile's IndexedDB is found there. */
const RUNNER_ORIGIN = 'http://localhost:5199'

/** The Runway key and `charges` written into a runner profile's database, as the app's stores leave them. */
export async function seedRunnerProfile(profile: string, charges: EarlierCharge[]): Promise<void> {
  const server = await serveStatic({ root: distDir, extraHosts: [new URL(RUNNER_ORIGIN).host] })
  const browser = await launchChromium({ proxyPort: server.port, profile })
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage())
    await page.goto(`${RUNNER_ORIGIN}/headless.html`)
    await page.evaluate(
      (rows) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open('reelgraph')
          request.onerror = () => reject(request.error)
          request.onsuccess = () => {
            const writing = request.result.transaction(['secrets', 'charges'], 'readwrite')
            for (const row of rows.secrets) writing.objectStore('secrets').put(row)
            for (const row of rows.charges) writing.objectStore('charges').put(row)
            writing.oncomplete = () => resolve()
            writing.onerror = () => reject(writing.error)
          }
        }),
      { secrets: [{ provider: 'runway', key: RUNWAY_TEST_KEY }], charges },
    )
  } finally {
    await browser.close()
    await server.close()
  }
}
