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
import { runReelgraph } from './harness'
import { seedRunnerProfile, threeShotsOnRunway } from './runway-spend'

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
    await writeFile(pipeline, JSON.stringify(threeShotsOnRunway()))
    const run = await runReelgraph(['run', pipeline, '--out', join(work, 'refused'), '--budget', 'five'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--budget five: expected US dollars from 0 to 1,000,000, e.g. --budget 5 or --budget 12.50')
  })

  it('does not start a run whose estimate passes what is left, counting what the ledger says was spent, and says by how much', async () => {
    const pipeline = join(work, 'three-shots.json')
    await writeFile(pipeline, JSON.stringify(threeShotsOnRunway()))
    // A first run makes the profile's database; without a key the takes cannot run and cost nothing.
    const keyless = await runReelgraph(['run', pipeline, '--out', join(work, 'keyless'), '--profile', profile, '--budget', '5'])
    expect(keyless.code).toBe(1)
    expect(keyless.stdout).toContain('Runway needs an API key: add yours in File → Provider keys.')
    await seedRunnerProfile(profile, [{ id: 'an earlier take', pipelineId: 'three-shots-on-runway', provider: 'runway', priceUsd: 4.2, acceptedAt: 1 }])
    const refused = await runReelgraph(['run', pipeline, '--out', join(work, 'over'), '--profile', profile, '--budget', '5'])
    expect(refused.code).toBe(3)
    expect(refused.stderr).toContain('was not run: This run could spend $1.80; the budget has $0.80 left — $1.00 over. Nothing was sent; raise --budget to go on.')

    // The pipeline's own budget holds in the runner too, and --budget sets another.
    const ownBudget = join(work, 'own-budget.json')
    await writeFile(ownBudget, JSON.stringify(threeShotsOnRunway(4)))
    const own = await runReelgraph(['run', ownBudget, '--out', join(work, 'own'), '--profile', profile])
    expect(own.code).toBe(3)
    expect(own.stderr).toContain('This run could spend $1.80; the budget has $0.00 left — $1.80 over')
  }, 240_000)
})
