/*
 * A studio's ComfyUI servers as one back end (docs/providers.md §8): each take goes to a server
 * that answers, the least busy first, and stays with it. What each server holds of ours is kept
 * here for the whole page, since every generate-video run makes its own provider.
 */
import type { OwnServer } from '../../engine'

export const COMFYUI_DEFAULT_URL = 'http://127.0.0.1:8188'

/** The person's servers, or ComfyUI's own default address when none is set. */
export function comfyServersOf(chosen: readonly OwnServer[] | undefined): readonly OwnServer[] {
  const servers = (chosen ?? []).map((server) => ({ ...server, url: server.url.trim().replace(/\/+$/, '') }))
  return servers.length > 0 ? servers : [{ url: COMFYUI_DEFAULT_URL, jobsAtOnce: 1 }]
}

/** A take's job names the server that took it: `<prompt_id>@<server>`, so a reload follows it there. */
export function jobIdOn(server: string, promptId: string): string {
  return `${promptId}@${server}`
}

/** The server and prompt of a job id; one recorded before there were several servers names none, and was sent to the first. */
export function readJobId(jobId: string, servers: readonly OwnServer[]): { server: string; promptId: string } {
  const at = jobId.indexOf('@')
  if (at < 0) return { server: servers[0]?.url ?? COMFYUI_DEFAULT_URL, promptId: jobId }
  return { promptId: jobId.slice(0, at), server: jobId.slice(at + 1) }
}

/** Our takes each server holds, by address: from the moment it is chosen until the take is fetched or has ended. */
const held = new Map<string, Set<string>>()
/** Choices are made one at a time, so two takes never both see a server free and both go to it. */
let choosing: Promise<unknown> = Promise.resolve()

/**
 * Chooses a server for a take and holds a place on it. `queueOf` asks a server for the prompts in
 * its queue (running and waiting), undefined when it does not answer: a server that does not
 * answer is not given the take. The least busy server is chosen, counting our takes on it and
 * everybody else's in its queue, against its jobs at once; servers in `skip` are passed over.
 * Undefined when no server answers.
 */
export function placeTake(
  servers: readonly OwnServer[],
  promptId: string,
  queueOf: (server: string) => Promise<readonly string[] | undefined>,
  skip: ReadonlySet<string> = new Set(),
): Promise<OwnServer | undefined> {
  const choice = choosing.then(async () => {
    const candidates = servers.filter((server) => !skip.has(server.url))
    const queues = await Promise.all(candidates.map((server) => queueOf(server.url)))
    let best: { server: OwnServer; busy: number } | undefined
    candidates.forEach((server, index) => {
      const queue = queues[index]
      if (queue === undefined) return
      const ours = held.get(server.url) ?? new Set()
      const others = queue.filter((id) => !ours.has(id)).length
      const busy = (ours.size + others) / server.jobsAtOnce
      if (!best || busy < best.busy) best = { server, busy }
    })
    if (best) hold(best.server.url, promptId)
    return best?.server
  })
  choosing = choice.catch(() => undefined)
  return choice
}

/** Counts a take as held by a server (one followed after a reload, say). */
export function hold(server: string, promptId: string): void {
  const ours = held.get(server) ?? new Set()
  ours.add(promptId)
  held.set(server, ours)
}

/** The take no longer occupies its server: fetched, ended, cancelled or forgotten. */
export function release(promptId: string): void {
  for (const ours of held.values()) ours.delete(promptId)
}

/** How many of our takes a server holds now. */
export function heldTakes(server: string): number {
  return held.get(server)?.size ?? 0
}
