/**
 * The one-pass chain benchmark (issue 15, item 6): grade → Lanczos ×2 → export of a 1080p clip in
 * headless Chromium as the nodes run it, against one pass of ours and against ffmpeg's
 * `lut3d,scale=…:flags=lanczos` + libx264 in one command, with the RGB PSNR of both against
 * ffmpeg's result. Goals: ≤ 1.15× one pass of ours; ≥ 40 dB. Run by scripts/bench.mjs; figures are printed,
 * never asserted. REELGRAPH_BENCH_ONE_PASS_SECONDS shortens the clip on a busy machine.
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
import { conditions, loadNow } from './machine'
import { strongLook } from '../test/strong-look'

const run = promisify(execFile)
const SECONDS = Number(process.env.REELGRAPH_BENCH_ONE_PASS_SECONDS ?? 10)
const FPS = 24
const [WIDTH, HEIGHT] = [3840, 2160]
const BT709 = ['-pix_fmt', 'yuv420p', '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709']
/** Slices of a file read from the page at a time. */
const READ_BYTES = 8 << 20

/**
 * ffmpeg's `gradients` with its colours and points given (drawn at random otherwise, which moved
 * the PSNR by over 2 dB from run to run), as in test/e2e/one-pass.test.ts.
 */
const GRADIENT = 'gradients=speed=0.05:nb_colors=3:c0=0xc04020:c1=0x2060c0:c2=0x40c060:x0=0:y0=0:x1=1919:y1=1079'

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return (performance.now() - started) / 1000
}

async function rgbPsnr(ours: string, theirs: string): Promise<number> {
  const toRgb = `setpts=N/(${FPS}*TB),scale=in_color_matrix=auto:in_range=auto,format=gbrp`
  const { stderr } = await run('ffmpeg', ['-v', 'info', '-i', ours, '-i', theirs, '-lavfi', `[0:v]${toRgb}[a];[1:v]${toRgb}[b];[a][b]psnr`, '-f', 'null', '-'], {
    maxBuffer: 64 << 20,
  })
  return Number(/PSNR .* average:([\d.]+|inf)/.exec(stderr)?.[1])
}

export async function benchOnePass(log: (line: string) => void): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'reelgraph-one-pass-bench-'))
  try {
    log(`Making a ${SECONDS} s 1080p clip…`)
    const clip = join(work, 'clip.mp4')
    const cube = join(work, 'look.cube')
    // Smooth colour with fine grain in the luma: testsrc2's sharp saturated edges cost more in 4:2:0
    // alone (about 32 dB) than any encode, which would hide what the chain costs.
    await run('ffmpeg', [
      '-v', 'error', '-f', 'lavfi', '-i', `${GRADIENT}:size=1920x1080:rate=${FPS},format=yuv420p,noise=c0s=4:allf=t:all_seed=7`,
      '-t', String(SECONDS), '-c:v', 'libx264', '-crf', '12', '-preset', 'veryfast', ...BT709, clip,
    ])
    await writeFile(cube, strongLook(33))
    await build({
      configFile: false,
      root: projectRoot,
      logLevel: 'warn',
      build: { outDir: join(work, 'site'), emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(projectRoot, 'bench', 'one-pass.html') } },
    })
    await run('cp', [clip, join(work, 'site', 'clip.mp4')])
    const served = await serveStatic({ root: join(work, 'site') })
    const browser = await launchChromium({ profile: join(work, 'profile') })
    const loadBefore = loadNow()
    const theirs = join(work, 'theirs.mp4')
    const files = { chain: join(work, 'chain.mp4'), onePass: join(work, 'one-pass.mp4') }
    let ffmpegS: number
    let chainS: number
    let onePassS: number
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage())
      page.on('pageerror', (error) => log(`page error: ${error.message}`))
      await page.goto(`${served.url}bench/one-pass.html`)
      await page.waitForFunction(() => window.reelgraphOnePassBench !== undefined)
      const args = [`${served.url}clip.mp4`, strongLook(33), WIDTH, HEIGHT] as const
      log('ffmpeg lut3d,scale lanczos + libx264 in one command…')
      ffmpegS = await seconds(() =>
        run('ffmpeg', [
          '-v', 'error', '-y', '-i', clip,
          '-vf', `scale=in_color_matrix=bt709:in_range=tv,format=rgb24,lut3d=file=${cube}:interp=tetrahedral,scale=${WIDTH}:${HEIGHT}:flags=lanczos:out_color_matrix=bt709:out_range=tv,format=yuv420p`,
          '-c:v', 'libx264', '-preset', 'veryfast', ...BT709, theirs,
        ]),
      )
      log('ours, one pass…')
      onePassS = await page.evaluate(([url, text, width, height]) => window.reelgraphOnePassBench.onePass(url, text, width, height), args)
      log('ours, grade → upscale → export as the nodes run it…')
      chainS = await page.evaluate(([url, text, width, height]) => window.reelgraphOnePassBench.chain(url, text, width, height), args)
      for (const which of ['chain', 'onePass'] as const) {
        const size = await page.evaluate((made) => window.reelgraphOnePassBench.size(made), which)
        const parts: Buffer[] = []
        for (let offset = 0; offset < size; offset += READ_BYTES) {
          const slice = await page.evaluate(([made, at, length]) => window.reelgraphOnePassBench.read(made, at, length), [which, offset, READ_BYTES] as const)
          parts.push(Buffer.from(slice, 'base64'))
        }
        await writeFile(files[which], Buffer.concat(parts))
      }
    } finally {
      await browser.close()
      await served.close()
    }
    const chainDb = await rgbPsnr(files.chain, theirs)
    const onePassDb = await rgbPsnr(files.onePass, theirs)
    const ratio = chainS / onePassS
    return [
      `One-pass chains: grade (33³ LUT) → Lanczos ×2 → export, ${SECONDS} s 1080p (${SECONDS * FPS} frames) to ${WIDTH}×${HEIGHT} (${conditions(loadBefore)}):`,
      `  ffmpeg lut3d,scale + libx264 veryfast, one command: ${ffmpegS.toFixed(1)} s`,
      `  ours, one pass (grade and resize, one encode):    ${onePassS.toFixed(1)} s, ${onePassDb.toFixed(2)} dB RGB PSNR against ffmpeg's`,
      `  ours, the chain as the nodes run it:               ${chainS.toFixed(1)} s, ${chainDb.toFixed(2)} dB`,
      `  chain time / one pass: ${ratio.toFixed(2)}× (goal ≤ 1.15×: ${ratio <= 1.15 ? 'met' : 'MISSED'}); chain PSNR goal ≥ 40 dB: ${chainDb >= 40 ? 'met' : 'MISSED'}`,
    ]
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
