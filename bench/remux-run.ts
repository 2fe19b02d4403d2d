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

const run = promisify(execFile)
const SECONDS = 25
const FPS = 24
const RUNS = 3

async function ffmpegSeconds(args: string[]): Promise<number> {
  const started = performance.now()
  await run('ffmpeg', ['-v', 'error', '-y', ...args])
  return (performance.now() - started) / 1000
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

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

    log('ffmpeg -c:v copy…')
    const ffmpegCopy = await ffmpegSeconds(['-i', path('clip.mp4'), '-i', path('line.m4a'), '-map', '0:v', '-map', '1:a', '-c', 'copy', path('copy.mp4')])
    const ffmpegOpus = await ffmpegSeconds(['-i', path('clip.mp4'), '-i', path('line.wav'), '-map', '0:v', '-map', '1:a', '-c:v', 'copy', '-c:a', 'libopus', path('opus.mp4')])

    log(`replace-audio in Chromium, ${RUNS} runs each…`)
    const sounds = [
      { what: 'AAC sound, copied', url: 'line.m4a' },
      { what: 'WAV sound, encoded to Opus', url: 'line.wav' },
    ]
    const rows = await withBenchPage('remux.html', ['clip.mp4', 'line.m4a', 'line.wav'].map(path), log, async (page, url) => {
      await page.waitForFunction(() => window.reelgraphRemuxBench !== undefined)
      const served = sounds.map((sound) => ({ ...sound, url: `${url}${sound.url}` }))
      return page.evaluate(([clip, sounds, runs]) => window.reelgraphRemuxBench.run(clip, sounds, runs), [`${url}clip.mp4`, served, RUNS] as const)
    })
    const [copied, encoded] = rows.map((timings) => median(timings.map((row) => row.seconds)))
    return [
      `Remux of a ${SECONDS} s 1080p H.264 clip (${SECONDS * FPS} picture packets copied), median of ${RUNS}:`,
      `  replace-audio, AAC sound copied:     ${copied?.toFixed(2)} s   (ffmpeg -c copy: ${ffmpegCopy.toFixed(2)} s)`,
      `  replace-audio, WAV encoded to Opus:  ${encoded?.toFixed(2)} s   (ffmpeg -c:v copy -c:a libopus: ${ffmpegOpus.toFixed(2)} s)`,
    ]
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
