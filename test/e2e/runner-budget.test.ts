/**
 * `npm run reelgraph -- run … --budget <usd>`: the runner refuses to start a run whose estimate
 * passes what the pipeline's budget has left, saying by how much, with its own exit status; what
 * the pipeline spent before comes from the profile's jobs ledger. The profile is given a Runway key
 * and an earlier charge the way the app would have left them, so the takes are priced; nothing
 * reaches Runway (a run that did would need the network). Stopping at the cap during a run is
 * tested against the contract server in test/app/run-budget.test.ts, through the same pieces.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../scripts/chromium.mjs'
import { distDir } from '../../scripts/dist.mjs'
import { serveStatic } from '../../scripts/serve.mjs'
import type { PipelineDoc } from '../../src/graph'
import { RUNWAY_TEST_KEY } from '../contract/runway-server'
import { runReelgraph } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'

/** Where the runner's page lives (scripts/reelgraph.mjs), so its profile's IndexedDB is found there. */
const RUNNER_ORIGIN = 'http://localhost:5199'

/** Three shots, one Runway take each at $0.60: $1.80. */
const threeShots = (budgetUsd?: number): PipelineDoc =>
  pipelineDoc({
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

/** Writes rows into the profile's database at the runner's origin, as the app's stores would. */
async function seedProfile(profile: string, rows: { secrets: object[]; charges: object[] }): Promise<void> {
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
      rows,
    )
  } finally {
    await browser.close()
    await server.close()
  }
}

let work: string
let profile: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-runner-budget-'))
  profile = join(work, 'profile')
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('npm run reelgraph -- run --budget', () => {
  it('refuses a budget that is not an amount of dollars', async () => {
    const pipeline = join(work, 'refused.json')
    await writeFile(pipeline, JSON.stringify(threeShots()))
    const run = await runReelgraph(['run', pipeline, '--out', join(work, 'refused'), '--budget', 'five'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--budget five: expected US dollars from 0 to 1,000,000, e.g. --budget 5 or --budget 12.50')
  })

  it('does not start a run whose estimate passes what is left, counting what the ledger says was spent, and says by how much', async () => {
    const pipeline = join(work, 'three-shots.json')
    await writeFile(pipeline, JSON.stringify(threeShots()))
    // A first run makes the profile's database; without a key the takes cannot run and cost nothing.
    const keyless = await runReelgraph(['run', pipeline, '--out', join(work, 'keyless'), '--profile', profile, '--budget', '5'])
    expect(keyless.code).toBe(1)
    expect(keyless.stdout).toContain('Runway needs an API key: add yours in File → Provider keys.')
    await seedProfile(profile, {
      secrets: [{ provider: 'runway', key: RUNWAY_TEST_KEY }],
      charges: [{ id: 'an earlier take', pipelineId: 'three-shots-on-runway', provider: 'runway', priceUsd: 4.2, acceptedAt: 1 }],
    })
    const refused = await runReelgraph(['run', pipeline, '--out', join(work, 'over'), '--profile', profile, '--budget', '5'])
    expect(refused.code).toBe(3)
    expect(refused.stderr).toContain('was not run: This run could spend $1.80; the budget has $0.80 left — $1.00 over. Nothing was sent; raise --budget to go on.')

    // The pipeline's own budget holds in the runner too, and --budget sets another.
    const ownBudget = join(work, 'own-budget.json')
    await writeFile(ownBudget, JSON.stringify(threeShots(4)))
    const own = await runReelgraph(['run', ownBudget, '--out', join(work, 'own'), '--profile', profile])
    expect(own.code).toBe(3)
    expect(own.stderr).toContain('This run could spend $1.80; the budget has $0.00 left — $1.80 over')
  }, 240_000)
})
