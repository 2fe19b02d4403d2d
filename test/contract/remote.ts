import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryJobLedger, type JobLedger, type RemoteAccess } from '../../src/engine'

/**
 * Remote access as the app has it, with the API's hosts routed to a contract server instead of
 * the proxy: the adapter under test calls the real URLs and never knows.
 */
export function remoteVia(origin: string, hosts: string[], keys: Record<string, string>, jobs: JobLedger = new MemoryJobLedger()): RemoteAccess & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    jobs,
    key: async (provider) => keys[provider],
    fetch: async (url, init) => {
      const target = new URL(url)
      if (!hosts.includes(target.host)) throw new Error(`the test routes no traffic to ${target.host}`)
      calls.push(`${init?.method ?? 'GET'} ${target.host}${target.pathname}`)
      return fetch(`${origin}${target.pathname}${target.search}`, init)
    },
  }
}

/** A real H.264 clip made by ffmpeg, as a provider would send back. */
export function ffmpegClip(options: { width: number; height: number; fps: number; seconds: number }): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'reelgraph-contract-'))
  try {
    const file = join(dir, 'clip.mp4')
    const { width, height, fps, seconds } = options
    execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`, '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file])
    return readFileSync(file)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A real MP3 made by ffmpeg: a tone of `hz` for `seconds`, as a sound provider would send back. */
export function ffmpegMp3(hz: number, seconds: number): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'reelgraph-contract-'))
  try {
    const file = join(dir, 'sound.mp3')
    execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=${seconds}:sample_rate=44100`, '-c:a', 'libmp3lame', '-b:a', '128k', file])
    return readFileSync(file)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
