/**
 * The upscale benchmark: our Lanczos 1080p → 2160p + H.264 encode in headless Chromium, beside
 * ffmpeg's scale=3840:2160:flags=lanczos + libx264 -preset veryfast on the same clip.
 * Run by scripts/bench.mjs; figures are printed, never asserted.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'vite'
import { launchChromium } from '../scripts/chromium.mjs'
import { projectRoot } from '../scripts/dist.mjs'
import { serveStatic } from '../scripts/serve.mjs'

const run = promisify(execFile)
/** Short: a 4K frame takes a good part of a second here, in ffmpeg and in ours. */
const SECONDS = 2
const FPS = 24
const FRAMES = SECONDS * FPS

export async function benchUpscale(log: (line: string) => void): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'reelgraph-upscale-bench-'))
  try {
    log(`Making a ${SECONDS} s 1080p clip…`)
    const clip = join(work, 'clip.mp4')
    await run('ffmpeg', [
      '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=${FPS}`,
      '-t', String(SECONDS), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', clip,
    ])

    // The figures depend on the cores left free: the machine's load is printed beside them.
    const loadBefore = loadavg()[0]!
    log('ffmpeg scale=3840:2160:flags=lanczos + libx264 -preset veryfast…')
    const started = performance.now()
    await run('ffmpeg', ['-v', 'error', '-y', '-i', clip, '-vf', 'scale=3840:2160:flags=lanczos', '-c:v', 'libx264', '-preset', 'veryfast', join(work, 'theirs.mp4')])
    const theirs = (performance.now() - started) / 1000

    log('Ours in Chromium…')
    await build({
      configFile: false,
      root: projectRoot,
      logLevel: 'warn',
      build: { outDir: join(work, 'site'), emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(projectRoot, 'bench', 'media-upscale.html') } },
    })
    await run('cp', [clip, join(work, 'site', 'clip.mp4')])
    const served = await serveStatic({ root: join(work, 'site') })
    const browser = await launchChromium()
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage())
      page.on('pageerror', (error) => log(`page error: ${error.message}`))
      await page.goto(`${served.url}bench/media-upscale.html`)
      await page.waitForFunction(() => window.reelgraphUpscaleBench !== undefined)
      const ours = await page.evaluate((url) => window.reelgraphUpscaleBench.run(url), `${served.url}clip.mp4`)
      const fps = (seconds: number) => (FRAMES / seconds).toFixed(1)
      return [
        `Lanczos 1080p → 2160p + H.264, ${FRAMES} frames (load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores):`,
        `  ffmpeg lanczos + libx264 veryfast: ${fps(theirs)} fps`,
        `  ours:                              ${fps(ours.seconds)} fps (${(theirs / ours.seconds).toFixed(2)}× ffmpeg;` +
          ` resampling alone ${((1000 * ours.resampleSeconds) / FRAMES).toFixed(0)} ms a frame,` +
          ` ${ours.simd ? 'WebAssembly SIMD' : 'JavaScript loops'},` +
          ` ${ours.isolated ? `luma in a worker over SharedArrayBuffer, ${ours.cores} cores` : 'one thread: the page is not cross-origin isolated'})`,
      ]
    } finally {
      await browser.close()
      await served.close()
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
