/**
 * The media benchmark: our 1080p LUT grade + H.264 encode and our plain transcode in headless
 * Chromium, beside ffmpeg's lut3d + libx264 -preset veryfast on the same clip and LUT.
 * Run by scripts/bench.mjs; figures are printed, never asserted.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'vite'
import { launchChromium } from '../scripts/chromium.mjs'
import { projectRoot } from '../scripts/dist.mjs'
import { serveStatic } from '../scripts/serve.mjs'
import type { MediaBenchRow } from './media'

const run = promisify(execFile)
const SECONDS = 10
const FPS = 24
const FRAMES = SECONDS * FPS

/** A look with crossed channels, so nothing about it is a per-channel shortcut. */
function look(size: number): string {
  const rows: string[] = []
  for (let b = 0; b < size; b++) {
    for (let g = 0; g < size; g++) {
      for (let r = 0; r < size; r++) {
        const [R, G, B] = [r / (size - 1), g / (size - 1), b / (size - 1)]
        rows.push([Math.min(1, 0.9 * R ** 0.8 + 0.1 * G), 0.95 * G + 0.05 * R, 0.7 * B + 0.1 * G].map((v) => v.toFixed(6)).join(' '))
      }
    }
  }
  return `LUT_3D_SIZE ${size}\n${rows.join('\n')}\n`
}

async function ffmpegSeconds(args: string[]): Promise<number> {
  const started = performance.now()
  await run('ffmpeg', ['-v', 'error', '-y', ...args])
  return (performance.now() - started) / 1000
}

export async function benchMedia(log: (line: string) => void): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'reelgraph-media-bench-'))
  try {
    log(`Making a ${SECONDS} s 1080p clip…`)
    const clip = join(work, 'clip.mp4')
    const cube = join(work, 'look.cube')
    await run('ffmpeg', [
      '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=${FPS}`, '-f', 'lavfi', '-i', 'sine=frequency=440',
      '-t', String(SECONDS), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', clip,
    ])
    await writeFile(cube, look(33))

    log('ffmpeg lut3d + libx264 -preset veryfast…')
    const theirs = await ffmpegSeconds(['-i', clip, '-vf', `lut3d=file=${cube}`, '-c:v', 'libx264', '-preset', 'veryfast', '-c:a', 'copy', join(work, 'theirs.mp4')])

    log('Ours in Chromium…')
    await build({
      configFile: false,
      root: projectRoot,
      logLevel: 'warn',
      build: { outDir: join(work, 'site'), emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(projectRoot, 'bench', 'media.html') } },
    })
    await run('cp', [clip, join(work, 'site', 'clip.mp4')])
    const served = await serveStatic({ root: join(work, 'site') })
    const browser = await launchChromium()
    let rows: MediaBenchRow[]
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage())
      page.on('pageerror', (error) => log(`page error: ${error.message}`))
      await page.goto(`${served.url}bench/media.html`)
      await page.waitForFunction(() => window.reelgraphMediaBench !== undefined)
      rows = await page.evaluate(([url, text, frames]) => window.reelgraphMediaBench.run(url, text, frames), [
        `${served.url}clip.mp4`, look(33), FRAMES,
      ] as const)
    } finally {
      await browser.close()
      await served.close()
    }
    const fps = (seconds: number) => (FRAMES / seconds).toFixed(1)
    const [grade, transcode] = rows
    const heap = (row: MediaBenchRow | undefined) => (row?.peakHeapMb !== undefined ? `, JS heap peak ${row.peakHeapMb.toFixed(0)} MB` : '')
    const lines = [`1080p, ${FRAMES} frames, 33³ LUT:`, `  ffmpeg lut3d + libx264 veryfast: ${fps(theirs)} fps`]
    if (grade) lines.push(`  ours, LUT grade + H.264:         ${fps(grade.seconds)} fps (${(theirs / grade.seconds).toFixed(2)}× ffmpeg${heap(grade)})`)
    if (transcode) lines.push(`  ours, plain transcode H.264:     ${fps(transcode.seconds)} fps${heap(transcode)}`)
    if (grade && transcode) lines.push(`  grade speed / transcode speed:   ${Math.round((100 * transcode.seconds) / grade.seconds)} %`)
    return lines
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
