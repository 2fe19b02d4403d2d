import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MemoryAssetStore, MemoryJobLedger, MemoryResultStore, type OwnServer, type RemoteAccess } from '../../src/engine'
import { createComfyUI } from '../../src/providers/comfyui/comfyui'
import { heldTakes } from '../../src/providers/comfyui/servers'
import { DEFAULT_WORKFLOW, fillWorkflow } from '../../src/providers/comfyui/workflow'
import { clientIdFor, generate, type GenerationProvider, type GenerationRequest } from '../../src/providers/provider'
import { resumePendingJobs } from '../../src/providers/resume'
import { startComfyServer, type ComfyServer } from '../contract/comfyui-server'
import { ffmpegClip } from '../contract/remote'

const request: GenerationRequest = {
  prompt: { text: 'The crew loads the van at dawn', fields: {} },
  references: [],
  durationS: 2,
  aspect: '16:9',
  height: 720,
  fps: 24,
  seed: 3,
}
const output = { nodeType: 'generate-video', port: 'take', meta: { take: 1 } }

/** The page's access to a studio's ComfyUI servers: it calls each at its own address, as the app does. */
function studio(servers: () => readonly OwnServer[], jobs = new MemoryJobLedger()): RemoteAccess {
  return { fetch: (url, init) => fetch(url, init), key: async () => undefined, servers: async () => servers(), jobs }
}

function comfyOn(remote: RemoteAccess): GenerationProvider {
  return createComfyUI(remote, { pollIntervalMs: 1, sleep: async () => {} })
}

/** Every prompt_id a server accepted. */
function accepted(server: ComfyServer): string[] {
  return server.submits.map((submit) => submit.prompt_id)
}

describe('several ComfyUI servers', () => {
  let clip: Buffer
  let a: ComfyServer
  let b: ComfyServer
  let servers: OwnServer[]
  beforeAll(() => {
    clip = ffmpegClip({ width: 1280, height: 720, fps: 24, seconds: 1 })
  })
  beforeEach(async () => {
    a = await startComfyServer(clip)
    b = await startComfyServer(clip)
    servers = [
      { url: a.origin, jobsAtOnce: 1 },
      { url: b.origin, jobsAtOnce: 1 },
    ]
  })
  afterEach(async () => {
    await a.close()
    await b.close()
  })

  it('spreads takes made at once across the servers, the least busy first', async () => {
    const remote = studio(() => servers)
    const keys = ['spread-1', 'spread-2']
    await Promise.all(keys.map((key) => generate(comfyOn(remote), request, { ledger: { jobs: remote.jobs, key, output } })))
    expect([accepted(a), accepted(b)].map((ids) => ids.length)).toEqual([1, 1])
    expect([...accepted(a), ...accepted(b)].sort()).toEqual(keys.map(clientIdFor).sort())

    // Someone else's prompt waits in A's queue: the next take goes to B.
    const prompt = fillWorkflow(DEFAULT_WORKFLOW, { prompt: 'another client', seed: 1, width: 1280, height: 720, fps: 24, durationS: 1, references: [] })
    await fetch(`${a.origin}/prompt`, { method: 'POST', body: JSON.stringify({ prompt }) })
    await generate(comfyOn(remote), request, { ledger: { jobs: remote.jobs, key: 'spread-3', output } })
    expect(accepted(b).at(-1)).toBe(clientIdFor('spread-3'))
    // Each take let go of its server once it was fetched.
    expect([heldTakes(a.origin), heldTakes(b.origin)]).toEqual([0, 0])
  })

  it('gives a server of two jobs at once twice the takes of a server of one', async () => {
    servers = [
      { url: a.origin, jobsAtOnce: 2 },
      { url: b.origin, jobsAtOnce: 1 },
    ]
    const remote = studio(() => servers)
    await Promise.all(['wide-1', 'wide-2', 'wide-3'].map((key) => generate(comfyOn(remote), request, { ledger: { jobs: remote.jobs, key, output } })))
    expect([accepted(a).length, accepted(b).length]).toEqual([2, 1])
  })

  it('passes over a server that is down, and gives its takes to one that answers', async () => {
    const remote = studio(() => servers)
    await b.close()
    await generate(comfyOn(remote), request, { ledger: { jobs: remote.jobs, key: 'down-1', output } })
    await generate(comfyOn(remote), request, { ledger: { jobs: remote.jobs, key: 'down-2', output } })
    expect(accepted(a)).toEqual([clientIdFor('down-1'), clientIdFor('down-2')])
    expect(accepted(b)).toEqual([])
  })

  it('says none answers, naming each, when every server is down', async () => {
    await a.close()
    await b.close()
    await expect(generate(comfyOn(studio(() => servers)), request)).rejects.toThrow(`None of your ComfyUI servers answers (${a.origin}, ${b.origin})`)
  })

  it('leaves a take with the server that took it while that server is down, and makes it elsewhere only once the restarted server says it never had it', async () => {
    const jobs = new MemoryJobLedger()
    const remote = studio(() => servers, jobs)
    const key = 'held-1'
    // A is busy with someone else's prompt, so the take goes to B; B stops while making it.
    const prompt = fillWorkflow(DEFAULT_WORKFLOW, { prompt: 'another client', seed: 1, width: 1280, height: 720, fps: 24, durationS: 1, references: [] })
    await fetch(`${a.origin}/prompt`, { method: 'POST', body: JSON.stringify({ prompt }) })
    const provider = comfyOn(remote)
    const polling = provider.poll.bind(provider)
    let polls = 0
    provider.poll = async (id, signal) => {
      if (++polls === 2) await b.close()
      return polling(id, signal)
    }
    await expect(generate(provider, request, { ledger: { jobs, key, output } })).rejects.toThrow(`ComfyUI at ${b.origin} stopped answering while it held this take`)
    expect(accepted(b)).toEqual([clientIdFor(key)])
    // Still B's: recorded as sent there, for a re-run or a reload to follow.
    expect(await jobs.get(key)).toMatchObject({ state: 'pending', remoteId: `${clientIdFor(key)}@${b.origin}` })

    // Run again while B is still down: nothing is sent to A.
    const aBefore = accepted(a).length
    await expect(generate(comfyOn(remote), request, { ledger: { jobs, key, output } })).rejects.toThrow('stopped answering while it held this take')
    expect(accepted(a)).toHaveLength(aBefore)

    // B comes back restarted, its queue gone: it says it never had the take, which is then made once, where there is room.
    const port = Number(new URL(b.origin).port)
    b = await startComfyServer(clip, port)
    const made = await generate(comfyOn(remote), request, { ledger: { jobs, key, output } })
    expect(made).toMatchObject({ width: 1280 })
    expect([...accepted(a), ...accepted(b)].filter((id) => id === clientIdFor(key))).toHaveLength(1)
  })

  it('follows a take after a reload on the server that took it, whatever order the servers are listed in now', async () => {
    const jobs = new MemoryJobLedger()
    const prompt = fillWorkflow(DEFAULT_WORKFLOW, { prompt: 'the van', seed: 1, width: 1280, height: 720, fps: 24, durationS: 1, references: [] })
    const key = 'reload-b'
    await fetch(`${b.origin}/prompt`, { method: 'POST', body: JSON.stringify({ prompt, prompt_id: clientIdFor(key) }) })
    const now = Date.now()
    await jobs.put({ key, provider: 'comfyui', state: 'pending', remoteId: `${clientIdFor(key)}@${b.origin}`, output, createdAt: now, updatedAt: now })
    const remote = studio(() => [...servers].reverse(), jobs)
    const results = new MemoryResultStore()
    const report = await resumePendingJobs(remote, { assets: new MemoryAssetStore(), results }, { providerFor: () => comfyOn(remote) })
    expect(report).toEqual({ landed: 1, problems: [] })
    expect(results.entries.get(key)?.take).toMatchObject({ kind: 'video' })
    expect(accepted(a)).toEqual([])
    expect(accepted(b)).toEqual([clientIdFor(key)])
  })

  it('asks the server whose answer was lost whether it took the take, and sends it nowhere else when it did', async () => {
    const remote = studio(() => [servers[1] as OwnServer], new MemoryJobLedger())
    b.loseNextAnswer()
    await generate(comfyOn(remote), request, { ledger: { jobs: remote.jobs, key: 'lost-b', output } })
    expect(accepted(b)).toEqual([clientIdFor('lost-b')])
    expect(accepted(a)).toEqual([])
  })
})
