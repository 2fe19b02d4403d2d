/**
 * The one-pass chain benchmark (issue 15, item 6): grade → Lanczos ×2 → export of a 1080p clip in
 * headless Chromium as the nodes run it, against one pass of ours and against ffmpeg's
 * `lut3d,scale=…:flags=lanczos` + libx264 in one command, with the RGB PSNR of both against
 * ffmpeg's result. Goals: ≤ 1.15× one pass of ours; ≥ 40 dB. Run by scripts/bench.mjs; figures are printed,
 * never asserted. REELGRAPH_BENCH_ONE_PASS_SECONDS shortens the clip on a busy machine.
 *
 * Beside the goal's figure it prints where the decibels go: each file against ffmpeg's filters with
 * no encoder after them (what `-qp 0` would keep), and against the same filters with swscale's exact
 * conversions; the command's own 4:2:0 → RGB step before `lut3d` takes swscale's fast path, which
 * comes out about a code value dark. REELGRAPH_BENCH_ONE_PASS_PRESETS (e.g. `resolve,archive`) also
 * renders one pass with those export presets' encoders, to show what each costs.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'vite'
import { launchChromium } from '../scripts/chromium.mjs'
import { projectRoot } from '../scripts/dist.mjs'
import { serveStatic } from '../scripts/serve.mjs'
import { conditions, loadNow } from './machine'
import { framesByNumber } from '../test/frames-by-number'
import { strongLook } from '../test/strong-look'
import { presets, type Preset } from '../nodes/export/settings'

const run = promisify(execFile)
const SECONDS = Number(process.env.REELGRAPH_BENCH_ONE_PASS_SECONDS ?? 10)
/** Presets whose encoder can be compared here: `vertical` reframes the picture to 9:16, which ffmpeg's command does not. */
type ComparablePreset = Exclude<Preset, 'vertical'>
const PRESETS = (process.env.REELGRAPH_BENCH_ONE_PASS_PRESETS ?? '')
  .split(',')
  .filter((name): name is ComparablePreset => name !== 'vertical' && (presets as readonly string[]).includes(name))
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

/** swscale's exact conversions: without them its 4:2:0 → RGB fast path rounds coarsely, about a code value dark. */
const EXACT_SWSCALE = 'accurate_rnd+full_chroma_int'

/** The filters of ffmpeg's command; with `flags`, swscale's flags added to both of its scales. */
function ffmpegFilters(cube: string, flags?: string): string {
  return (
    `scale=in_color_matrix=bt709:in_range=tv${flags ? `:flags=${flags}` : ''},format=rgb24,lut3d=file=${cube}:interp=tetrahedral,` +
    `scale=${WIDTH}:${HEIGHT}:flags=lanczos${flags ? `+${flags}` : ''}:out_color_matrix=bt709:out_range=tv,format=yuv420p`
  )
}

/**
 * RGB PSNR (the average over frames) of each pair of pictures, named by `files`, or `unencoded` and
 * `exact` for ffmpeg's filters run on the clip with no encoder after them (as the command has them,
 * and with exact conversions), in one ffmpeg run so the filters run once. Every picture is read as RGB by swscale's 4:2:0 → planar
 * RGB path, which is exact.
 */
async function rgbPsnrs(files: ReadonlyMap<string, string>, clip: string, cube: string, pairs: readonly (readonly [string, string])[]): Promise<number[]> {
  const toRgb = (matrix: string) => `${framesByNumber(FPS)},scale=in_color_matrix=${matrix}:in_range=${matrix === 'auto' ? 'auto' : 'tv'},format=gbrp`
  const names = [...files.keys()]
  const sources = new Map<string, string>(names.map((name, input) => [name, `[${input}:v]${toRgb('auto')}`]))
  const clipInput = names.length
  sources.set('unencoded', `[${clipInput}:v]${ffmpegFilters(cube)},${toRgb('bt709')}`)
  sources.set('exact', `[${clipInput + 1}:v]${ffmpegFilters(cube, EXACT_SWSCALE)},${toRgb('bt709')}`)
  const uses = new Map<string, number>()
  for (const pair of pairs) for (const name of pair) uses.set(name, (uses.get(name) ?? 0) + 1)
  const graph: string[] = []
  for (const [name, source] of sources) {
    const count = uses.get(name) ?? 0
    graph.push(count === 0 ? `${source},nullsink` : `${source},split=${count}${Array.from({ length: count }, (_, use) => `[${name}${use}]`).join('')}`)
  }
  const taken = new Map<string, number>()
  const take = (name: string) => {
    const use = taken.get(name) ?? 0
    taken.set(name, use + 1)
    return `[${name}${use}]`
  }
  const outputs = pairs.flatMap(([a, b], index) => {
    graph.push(`${take(a)}${take(b)}psnr@pair${index}[measured${index}]`)
    return ['-map', `[measured${index}]`, '-f', 'null', '-']
  })
  const inputs = [...files.values(), clip, clip].flatMap((file) => ['-i', file])
  const { stderr } = await run('ffmpeg', ['-v', 'info', ...inputs, '-filter_complex', graph.join(';'), ...outputs], { maxBuffer: 64 << 20 })
  return pairs.map((_, index) => Number(new RegExp(`\\[psnr@pair${index} @[^\\]]*\\] PSNR .* average:([\\d.]+|inf)`).exec(stderr)?.[1]))
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
    const made = ['chain', 'onePass', ...PRESETS.map((preset) => `onePass-${preset}` as const)] as const
    const files = new Map<string, string>(made.map((which) => [which, join(work, which)]))
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
          '-vf', ffmpegFilters(cube),
          '-c:v', 'libx264', '-preset', 'veryfast', ...BT709, theirs,
        ]),
      )
      log('ours, one pass…')
      onePassS = await page.evaluate(([url, text, width, height]) => window.reelgraphOnePassBench.onePass(url, text, width, height), args)
      log('ours, grade → upscale → export as the nodes run it…')
      chainS = await page.evaluate(([url, text, width, height]) => window.reelgraphOnePassBench.chain(url, text, width, height), args)
      for (const preset of PRESETS) {
        log(`ours, one pass with the ${preset} preset's encoder…`)
        await page.evaluate(([url, text, width, height, named]) => window.reelgraphOnePassBench.onePass(url, text, width, height, named), [...args, preset] as const)
      }
      for (const which of made) {
        const size = await page.evaluate((made) => window.reelgraphOnePassBench.size(made), which)
        const parts: Buffer[] = []
        for (let offset = 0; offset < size; offset += READ_BYTES) {
          const slice = await page.evaluate(([made, at, length]) => window.reelgraphOnePassBench.read(made, at, length), [which, offset, READ_BYTES] as const)
          parts.push(Buffer.from(slice, 'base64'))
        }
        await writeFile(files.get(which)!, Buffer.concat(parts))
      }
    } finally {
      await browser.close()
      await served.close()
    }
    files.set('theirs', theirs)
    log('PSNR of each against the others…')
    const rows = [...made, 'theirs', 'unencoded'] as const
    const columns = ['theirs', 'unencoded', 'exact'] as const
    // Each row against the columns below it in the table, and every row against the exact filters.
    const order: readonly string[] = rows
    const pairs = rows.flatMap((row) => columns.filter((column) => column === 'exact' || order.indexOf(column) > order.indexOf(row)).map((column) => [row, column] as const))
    const measured = await rgbPsnrs(files, clip, cube, pairs)
    const db = (row: string, column: string) => {
      const index = pairs.findIndex(([a, b]) => a === row && b === column)
      return index < 0 ? '' : measured[index]!.toFixed(2)
    }
    const chainDb = Number(db('chain', 'theirs'))
    const ratio = chainS / onePassS
    const label: Record<(typeof rows)[number], string> = {
      chain: 'ours, the chain (export default: MP4, H.264 high)',
      onePass: 'ours, one pass (the same encoder)',
      'onePass-web': 'ours, one pass, preset web (MP4, H.264 high)',
      'onePass-resolve': 'ours, one pass, preset resolve (MOV, H.264 very high)',
      'onePass-archive': 'ours, one pass, preset archive (MKV, VP9 quantizer 4)',
      theirs: "ffmpeg's file (x264 veryfast, crf 23)",
      unencoded: "ffmpeg's filters, unencoded",
    }
    const megabits = async (file: string) => ((await stat(file)).size * 8) / SECONDS / 1e6
    const table = await Promise.all(
      rows.map(async (row) => {
        const rate = files.has(row) ? `${(await megabits(files.get(row)!)).toFixed(0)} Mbit/s` : ''
        return `  ${label[row].padEnd(56)} ${rate.padStart(11)} | ${columns.map((column) => db(row, column).padStart(column === 'theirs' ? 14 : 15)).join(' | ')}`
      }),
    )
    return [
      `One-pass chains: grade (33³ LUT) → Lanczos ×2 → export, ${SECONDS} s 1080p (${SECONDS * FPS} frames) to ${WIDTH}×${HEIGHT} (${conditions(loadBefore)}):`,
      `  ffmpeg lut3d,scale + libx264 veryfast, one command: ${ffmpegS.toFixed(1)} s`,
      `  ours, one pass (grade and resize, one encode):    ${onePassS.toFixed(1)} s, ${db('onePass', 'theirs')} dB RGB PSNR against ffmpeg's`,
      `  ours, the chain as the nodes run it:               ${chainS.toFixed(1)} s, ${db('chain', 'theirs')} dB`,
      `  chain time / one pass: ${ratio.toFixed(2)}× (goal ≤ 1.15×: ${ratio <= 1.15 ? 'met' : 'MISSED'}); chain PSNR goal ≥ 40 dB: ${chainDb >= 40 ? 'met' : 'MISSED'}`,
      '  Where the decibels go: RGB PSNR in dB against ffmpeg\'s file (the goal\'s figure), against its filters with no',
      '  encoder after them, and against those filters with swscale\'s exact conversions (accurate_rnd+full_chroma_int):',
      `  ${''.padEnd(56)} ${'bitrate'.padStart(11)} | ${"ffmpeg's file".padStart(14)} | ${'unencoded'.padStart(15)} | ${'exact'.padStart(15)}`,
      ...table,
      `  ffmpeg's file against its unencoded filters (${db('theirs', 'unencoded')} dB) is what a picture equal to those filters would measure`,
      `  against it; the filters against the exact ones (${db('unencoded', 'exact')} dB), what swscale's fast conversion costs before any encoder.`,
    ]
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
