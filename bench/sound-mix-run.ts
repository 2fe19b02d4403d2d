/**
 * The mix benchmark: how long the mix node takes to mix and normalise four tracks of 25 s at 48 kHz
 * (dialogue, score, ambience, foley, in four formats) in headless Chromium, decoding included.
 * Run by scripts/bench.mjs; figures are printed, never asserted.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { withBenchPage } from './bench-page'
import type { MixBenchRun } from './sound-mix'

const run = promisify(execFile)
const SECONDS = 25
const RUNS = 3

/** Four tracks as they reach a mix: a line in bursts, a score, an ambience bed, footsteps. */
const TRACKS = [
  { file: 'dialogue.wav', role: 'dialogue', make: ['-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.3:sample_rate=48000:duration=${SECONDS}`, '-af', "volume='if(lt(mod(t,3),2),1,0)':eval=frame", '-c:a', 'pcm_s16le'] },
  { file: 'score.flac', role: 'score', make: ['-f', 'lavfi', '-i', `aevalsrc='0.2*sin(2*PI*220*t)|0.2*sin(2*PI*330*t)':s=44100:d=${SECONDS}`, '-c:a', 'flac'] },
  { file: 'ambience.ogg', role: 'ambience', make: ['-f', 'lavfi', '-i', `anoisesrc=color=brown:amplitude=0.2:duration=${SECONDS}`, '-ac', '2', '-c:a', 'libopus', '-b:a', '128k'] },
  { file: 'foley.wav', role: 'foley', make: ['-f', 'lavfi', '-i', `aevalsrc='if(lt(mod(t,0.5),0.05),0.5*sin(2*PI*1000*t),0)':s=48000:d=${SECONDS}`, '-ac', '2', '-c:a', 'pcm_s24le'] },
] as const

export async function benchSoundMix(log: (line: string) => void): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'reelgraph-mix-bench-'))
  try {
    log(`Making four ${SECONDS} s tracks…`)
    for (const track of TRACKS) await run('ffmpeg', ['-v', 'error', '-y', ...track.make, join(work, track.file)])
    log(`Mixing them in Chromium, ${RUNS} runs…`)
    const runs = await withBenchPage('sound-mix.html', TRACKS.map((track) => join(work, track.file)), log, async (page, url) => {
      await page.waitForFunction(() => window.reelgraphMixBench !== undefined)
      const tracks = TRACKS.map((track) => ({ url: `${url}${track.file}`, role: track.role }))
      return page.evaluate(([tracks, runs]) => window.reelgraphMixBench.run(tracks, runs), [tracks, RUNS] as const)
    })
    const sorted = [...runs].sort((a, b) => a.seconds - b.seconds)
    const median = sorted[Math.floor(sorted.length / 2)] as MixBenchRun
    return [
      `Mix of 4 tracks × ${SECONDS} s at 48 kHz (WAV, FLAC 44.1 kHz, Opus, 24-bit WAV), ducked and normalised to −14 LUFS, decoding included:`,
      `  mix node: ${median.seconds.toFixed(2)} s median of ${RUNS} (${runs.map((r) => r.seconds.toFixed(2)).join(', ')} s),` +
        ` ${(median.mixS / median.seconds).toFixed(0)}× real time; the mix measures ${median.loudnessLufs?.toFixed(1) ?? '?'} LUFS`,
    ]
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
