/**
 * The upscale benchmark: our Lanczos 1080p → 2160p + H.264 encode in headless Chromium, beside
 * ffmpeg's scale=3840:2160:flags=lanczos + libx264 -preset veryfast on the same clip.
 * Run by scripts/bench.mjs; figures are printed, never asserted.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'vite'
import { launchChromium } from '../scripts/chromium.mjs'
import { projectRoot } from '../scripts/dist.mjs'
import { serveStatic } from '../scripts/serve.mjs'
import { childCpuSeconds, conditions, cpuBetween, cpuPerFrame, cpuTotal, loadNow, median, spread, threadCpuSeconds } from './machine'

const run = promisify(execFile)
/** Short: a 4K frame takes a good part of a second here, in ffmpeg and in ours. */
const SECONDS = 2
const FPS = 24
const FRAMES = SECONDS * FPS
/** Rounds of ffmpeg and ours, taking turns, so each ratio compares runs made under the same load. */
const ROUNDS = 3

export async function benchUpscale(log: (line: string) => void): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'reelgraph-upscale-bench-'))
  try {
    log(`Making a ${SECONDS} s 1080p clip…`)
    const clip = join(work, 'clip.mp4')
    await run('ffmpeg', [
      '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=${FPS}`,
      '-t', String(SECONDS), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', clip,
    ])

    // The same picture at 2160p, for what the 4K decode and encode cost without the resampling.
    const large = join(work, 'large.mp4')
    await run('ffmpeg', [
      '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=3840x2160:rate=${FPS}`,
      '-t', String(SECONDS), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', large,
    ])

    // The upscale's own picture (ffmpeg's Lanczos, one second of it: 300 MB raw), for what the 4K encode costs alone.
    const upscaledFrames = join(work, 'upscaled.yuv')
    await run('ffmpeg', ['-v', 'error', '-i', clip, '-t', '1', '-vf', 'scale=3840:2160:flags=lanczos', '-pix_fmt', 'yuv420p', '-f', 'rawvideo', upscaledFrames])

    // The figures depend on the cores left free: the machine's load is printed beside them.
    const loadBefore = loadNow()
    const ffmpegArgs = ['-v', 'error', '-y', '-i', clip, '-vf', 'scale=3840:2160:flags=lanczos', '-c:v', 'libx264', '-preset', 'veryfast', join(work, 'theirs.mp4')]

    log('Ours in Chromium…')
    await build({
      configFile: false,
      root: projectRoot,
      logLevel: 'warn',
      build: { outDir: join(work, 'site'), emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(projectRoot, 'bench', 'media-upscale.html') } },
    })
    await run('cp', [clip, join(work, 'site', 'clip.mp4')])
    await run('cp', [large, join(work, 'site', 'large.mp4')])
    await run('mv', [upscaledFrames, join(work, 'site', 'upscaled.yuv')])
    const served = await serveStatic({ root: join(work, 'site') })
    // A profile of our own, so its folder picks out the browser's processes for their CPU time.
    const profile = join(work, 'profile')
    const browser = await launchChromium({ profile })
    const cpuOf = async <Row>(work: () => Promise<Row>) => {
      const before = await threadCpuSeconds(profile)
      const row = await work()
      const after = await threadCpuSeconds(profile)
      return { row, cpu: before && after ? cpuBetween(before, after) : [] }
    }
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage())
      page.on('pageerror', (error) => log(`page error: ${error.message}`))
      await page.goto(`${served.url}bench/media-upscale.html`)
      await page.waitForFunction(() => window.reelgraphUpscaleBench !== undefined)
      const rounds: { theirs: number; theirsCpu: number; ours: Awaited<ReturnType<Window['reelgraphUpscaleBench']['run']>>; oursCpu: [string, number][] }[] = []
      for (let round = 0; round < ROUNDS; round++) {
        log(`round ${round + 1} of ${ROUNDS}: ffmpeg scale=3840:2160:flags=lanczos + libx264 -preset veryfast, then ours…`)
        const cpuBefore = await childCpuSeconds()
        const started = performance.now()
        await run('ffmpeg', ffmpegArgs)
        const theirs = (performance.now() - started) / 1000
        const theirsCpu = (await childCpuSeconds()) - cpuBefore
        const ours = await cpuOf(() => page.evaluate((url) => window.reelgraphUpscaleBench.run(url), `${served.url}clip.mp4`))
        rounds.push({ theirs, theirsCpu, ours: ours.row, oursCpu: ours.cpu })
      }
      log('ours, the 2160p clip decoded and encoded again (no resampling)…')
      const transcode = await cpuOf(() => page.evaluate((url) => window.reelgraphUpscaleBench.transcode(url), `${served.url}large.mp4`))
      log('ours, the 2160p H.264 encode alone (raw frames in)…')
      await page.evaluate((url) => window.reelgraphUpscaleBench.loadFrames(url), `${served.url}upscaled.yuv`)
      const encode = await cpuOf(() => page.evaluate((fps) => window.reelgraphUpscaleBench.encode(3840, 2160, fps), FPS))
      const fpsOf = (seconds: number[]) => spread(seconds.map((value) => FRAMES / value), 1, ' fps')
      const ratios = rounds.map(({ theirs, ours }) => theirs / ours.seconds)
      const { ours } = rounds[0]!
      return [
        `Lanczos 1080p → 2160p + H.264, ${FRAMES} frames, ${ROUNDS} rounds taking turns, medians with their spread (${conditions(loadBefore)}):`,
        `  ffmpeg lanczos + libx264 veryfast: ${fpsOf(rounds.map(({ theirs }) => theirs))}`,
        `  ours:                              ${fpsOf(rounds.map(({ ours }) => ours.seconds))};` +
          ` ${ours.simd ? 'WebAssembly SIMD' : 'JavaScript loops'},` +
          ` ${ours.isolated ? `the page and its workers over SharedArrayBuffer, ${ours.cores} cores` : 'one thread: the page is not cross-origin isolated'}`,
        `  ours, 2160p decode + H.264 encode alone (no resampling, 1 run): ${(FRAMES / transcode.row.seconds).toFixed(1)} fps`,
        `  ours, 2160p H.264 encode alone (${encode.row.frames} raw frames, 1 run): ${(encode.row.frames / encode.row.seconds).toFixed(1)} fps, ${((8 * encode.row.bytes * FPS) / encode.row.frames / 1e6).toFixed(1)} Mbit/s`,
        `  resampling alone (the stage's wall time): ${spread(rounds.map(({ ours }) => (1000 * ours.resampleSeconds) / FRAMES), 1, ' ms a frame')}`,
        `  ours / ffmpeg, by round:           ${spread(ratios, 2, '×')} (goal ≥ 1.3×: ${median(ratios) >= 1.3 ? 'met' : 'MISSED'})`,
        // CPU time holds where the load stretches wall time: what each run costs the cores, by thread.
        `  CPU a frame: ffmpeg ${spread(rounds.map(({ theirsCpu }) => (1000 * theirsCpu) / FRAMES), 1, ' ms')};` +
          ` ours ${spread(rounds.map(({ oursCpu }) => (1000 * cpuTotal(oursCpu)) / FRAMES), 1, ' ms')}, by CPU ours / ffmpeg ${spread(rounds.map(({ theirsCpu, oursCpu }) => theirsCpu / cpuTotal(oursCpu)), 2, '×')}`,
        `    ours by thread, first round: ${cpuPerFrame(rounds[0]!.oursCpu, FRAMES)}`,
        `    2160p decode + encode alone: ${cpuPerFrame(transcode.cpu, FRAMES)}`,
        `    2160p encode alone: ${cpuPerFrame(encode.cpu, encode.row.frames)}`,
      ]
    } finally {
      await browser.close()
      await served.close()
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
