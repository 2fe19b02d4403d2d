/**
 * The remux benchmark: how long replace-audio takes to put new sound under a 25 s 1080p clip in
 * headless Chromium, its picture packets copied: a sound that fits the container copied as well,
 * and a WAV encoded to Opus; beside ffmpeg doing the same with `-c:v copy`. Run by
 * scripts/bench.mjs; figures are printed, never asserted.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { withBenchPage } from './bench-page'
import { conditions, loadNow, median, spread } from './machine'

const run = promisify(execFile)
const SECONDS = 25
const FPS = 24
/** Rounds of ffmpeg and ours, taking turns, so each ratio compares runs made under the same load. */
const RUNS = 5

async function ffmpegSeconds(args: string[]): Promise<number> {
  const started = performance.now()
  await run('ffmpeg', ['-v', 'error', '-y', ...args])
  return (performance.now() - started) / 1000
}

export async function benchRemux(log: (line: string) => void): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'reelgraph-remux-bench-'))
  const path = (name: string) => join(work, name)
  try {
    log(`Making a ${SECONDS} s 1080p clip and its new sound…`)
    await run('ffmpeg', [
      '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=${FPS}`, '-f', 'lavfi', '-i', 'sine=frequency=440',
      '-t', String(SECONDS), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', path('clip.mp4'),
    ])
    const newSound = ['-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.2:sample_rate=48000:duration=${SECONDS}`, '-ac', '2']
    await run('ffmpeg', ['-v', 'error', ...newSound, '-c:a', 'aac', path('line.m4a')])
    await run('ffmpeg', ['-v', 'error', ...newSound, '-c:a', 'pcm_s16le', path('line.wav')])

    const ffmpegCopyArgs = ['-i', path('clip.mp4'), '-i', path('line.m4a'), '-map', '0:v', '-map', '1:a', '-c', 'copy', path('copy.mp4')]
    const ffmpegOpusArgs = ['-i', path('clip.mp4'), '-i', path('line.wav'), '-map', '0:v', '-map', '1:a', '-c:v', 'copy', '-c:a', 'libopus', path('opus.mp4')]
    const sounds = [
      { what: 'AAC sound, copied', url: 'line.m4a' },
      { what: 'WAV sound, encoded to Opus', url: 'line.wav' },
    ]
    const loadBefore = loadNow()
    const rounds = await withBenchPage('remux.html', ['clip.mp4', 'line.m4a', 'line.wav'].map(path), log, async (page, url) => {
      await page.waitForFunction(() => window.reelgraphRemuxBench !== undefined)
      const served = sounds.map((sound) => ({ ...sound, url: `${url}${sound.url}` }))
      const measured: { copy: number; copyStore: number; opus: number; ffmpegCopy: number; ffmpegOpus: number }[] = []
      for (let round = 0; round < RUNS; round++) {
        log(`round ${round + 1} of ${RUNS}: ffmpeg -c:v copy, then replace-audio in Chromium…`)
        const ffmpegCopy = await ffmpegSeconds(ffmpegCopyArgs)
        const ffmpegOpus = await ffmpegSeconds(ffmpegOpusArgs)
        const [copied, encoded] = await page.evaluate(([clip, sounds]) => window.reelgraphRemuxBench.run(clip, sounds, 1), [`${url}clip.mp4`, served] as const)
        measured.push({ copy: copied![0]!.seconds, copyStore: copied![0]!.storeSeconds, opus: encoded![0]!.seconds, ffmpegCopy, ffmpegOpus })
      }
      return measured
    })
    const seconds = (values: number[]) => spread(values, 2, ' s')
    const copyRatios = rounds.map((round) => round.copy / round.ffmpegCopy)
    return [
      `Remux of a ${SECONDS} s 1080p H.264 clip (${SECONDS * FPS} picture packets copied), ${RUNS} rounds taking turns, medians with their spread (${conditions(loadBefore)}):`,
      `  replace-audio, AAC sound copied:     ${seconds(rounds.map((round) => round.copy))}   (ffmpeg -c copy: ${seconds(rounds.map((round) => round.ffmpegCopy))})`,
      `    of which the asset store keeping the new clip: ${seconds(rounds.map((round) => round.copyStore))}`,
      `    ours / ffmpeg's time, by round:    ${spread(copyRatios, 2, '×')} (goal ≤ 1.5×: ${median(copyRatios) <= 1.5 ? 'met' : 'MISSED'})`,
      `  replace-audio, WAV encoded to Opus:  ${seconds(rounds.map((round) => round.opus))}   (ffmpeg -c:v copy -c:a libopus: ${seconds(rounds.map((round) => round.ffmpegOpus))})`,
    ]
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
