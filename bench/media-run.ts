/**
 * The media benchmark: our 1080p LUT grade + H.264 encode and our plain transcode in headless
 * Chromium, beside ffmpeg's lut3d + libx264 -preset veryfast on the same clip and LUT.
 * Run by scripts/bench.mjs; figures are printed, never asserted.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'vite'
import { launchChromium } from '../scripts/chromium.mjs'
import { projectRoot } from '../scripts/dist.mjs'
import { serveStatic } from '../scripts/serve.mjs'
import { childCpuSeconds, conditions, cpuBetween, cpuPerFrame, cpuTotal, loadNow, median, spread, threadCpuSeconds } from './machine'
import type { MediaBenchRow } from './media'
import { strongLook } from '../test/strong-look'

const run = promisify(execFile)
const SECONDS = 10
const FPS = 24
const FRAMES = SECONDS * FPS
/** Rounds of ffmpeg, our grade and our transcode, taking turns, so each ratio compares runs made under the same load. */
const ROUNDS = 3
/** The memory run: the longest clip the video issue names, through grade and export. */
const MEMORY_SECONDS = 25

/**
 * The resident memory of the browser's page (renderer) process and of all its processes together,
 * read from /proc: what the operating system holds for the page, beyond its JS heap. Linux only.
 */
/** The round whose `measure` is the median (the lower middle one of an even count). */
function medianRound<Round>(rounds: readonly Round[], measure: (round: Round) => number): Round {
  const sorted = [...rounds].sort((a, b) => measure(a) - measure(b))
  return sorted[(sorted.length - 1) >> 1]!
}

async function browserMemory(profile: string): Promise<{ rendererMb: number; allMb: number } | undefined> {
  const pids = await readdir('/proc').catch(() => [])
  let rendererMb = 0
  let allMb = 0
  for (const pid of pids.filter((name) => /^\d+$/.test(name))) {
    const [commandLine, status] = await Promise.all([readFile(`/proc/${pid}/cmdline`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]).catch(() => ['', ''])
    if (!commandLine.includes(profile)) continue
    const residentMb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
    allMb += residentMb
    if (commandLine.includes('--type=renderer')) rendererMb = Math.max(rendererMb, residentMb)
  }
  return allMb > 0 ? { rendererMb, allMb } : undefined
}

/** ffmpeg's wall time, and its CPU time (all its threads), which holds under load where wall time does not. */
async function ffmpegSeconds(args: string[]): Promise<{ seconds: number; cpuSeconds: number }> {
  const cpuBefore = await childCpuSeconds()
  const started = performance.now()
  await run('ffmpeg', ['-v', 'error', '-y', ...args])
  const seconds = (performance.now() - started) / 1000
  return { seconds, cpuSeconds: (await childCpuSeconds()) - cpuBefore }
}

/** A render in the page, with the CPU time every browser thread spent on it. */
async function withCpu<Row>(profile: string, work: () => Promise<Row>): Promise<{ row: Row; cpu: [string, number][] }> {
  const before = await threadCpuSeconds(profile)
  const row = await work()
  const after = await threadCpuSeconds(profile)
  return { row, cpu: before && after ? cpuBetween(before, after) : [] }
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
    await writeFile(cube, strongLook(33))
    const longClip = join(work, 'long.mp4')
    await run('ffmpeg', [
      '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=${FPS}`, '-f', 'lavfi', '-i', 'sine=frequency=440',
      '-t', String(MEMORY_SECONDS), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', longClip,
    ])

    // The figures depend on the cores left free: the machine's load is printed beside them.
    const loadBefore = loadNow()
    const ffmpegArgs = ['-i', clip, '-vf', `lut3d=file=${cube}`, '-c:v', 'libx264', '-preset', 'veryfast', '-c:a', 'copy', join(work, 'theirs.mp4')]

    log('Ours in Chromium…')
    await build({
      configFile: false,
      root: projectRoot,
      logLevel: 'warn',
      build: { outDir: join(work, 'site'), emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(projectRoot, 'bench', 'media.html') } },
    })
    await run('cp', [clip, join(work, 'site', 'clip.mp4')])
    await run('cp', [longClip, join(work, 'site', 'long.mp4')])
    const served = await serveStatic({ root: join(work, 'site') })
    const profile = join(work, 'profile')
    const browser = await launchChromium({ profile })
    const rounds: { ffmpeg: number; ffmpegCpu: number; grade: MediaBenchRow; gradeCpu: [string, number][]; transcode: MediaBenchRow; transcodeCpu: [string, number][] }[] = []
    let memoryRow: MediaBenchRow
    let peakProcess = { rendererMb: 0, allMb: 0 }
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage())
      page.on('pageerror', (error) => log(`page error: ${error.message}`))
      await page.goto(`${served.url}bench/media.html`)
      await page.waitForFunction(() => window.reelgraphMediaBench !== undefined)
      for (let round = 0; round < ROUNDS; round++) {
        log(`round ${round + 1} of ${ROUNDS}: ffmpeg lut3d + libx264 -preset veryfast, then ours in Chromium…`)
        const ffmpegRun = await ffmpegSeconds(ffmpegArgs)
        const grade = await withCpu(profile, () =>
          page.evaluate(([url, text, frames]) => window.reelgraphMediaBench.grade(url, text, frames), [`${served.url}clip.mp4`, strongLook(33), FRAMES] as const),
        )
        const transcode = await withCpu(profile, () =>
          page.evaluate(([url, frames]) => window.reelgraphMediaBench.transcode(url, frames), [`${served.url}clip.mp4`, FRAMES] as const),
        )
        rounds.push({ ffmpeg: ffmpegRun.seconds, ffmpegCpu: ffmpegRun.cpuSeconds, grade: grade.row, gradeCpu: grade.cpu, transcode: transcode.row, transcodeCpu: transcode.cpu })
      }
      log(`Ours on a ${MEMORY_SECONDS} s 1080p clip, grade and export, for memory…`)
      const sampler = setInterval(() => {
        void browserMemory(profile).then((memory) => {
          if (!memory) return
          peakProcess = { rendererMb: Math.max(peakProcess.rendererMb, memory.rendererMb), allMb: Math.max(peakProcess.allMb, memory.allMb) }
        })
      }, 200)
      try {
        memoryRow = await page.evaluate(([url, text, frames]) => window.reelgraphMediaBench.gradeAndExport(url, text, frames), [
          `${served.url}long.mp4`, strongLook(33), MEMORY_SECONDS * FPS,
        ] as const)
      } finally {
        clearInterval(sampler)
      }
    } finally {
      await browser.close()
      await served.close()
    }
    const fps = (seconds: number) => FRAMES / seconds
    const fpsOf = (seconds: number[]) => spread(seconds.map(fps), 1, ' fps')
    const heapPeak = Math.max(...rounds.flatMap(({ grade, transcode }) => [grade.peakHeapMb ?? 0, transcode.peakHeapMb ?? 0]))
    const heap = heapPeak > 0 ? `; JS heap peak ${heapPeak.toFixed(0)} MB` : ''
    const ratio = spread(rounds.map((round) => round.ffmpeg / round.grade.seconds), 2, '×')
    const share = spread(rounds.map((round) => (100 * round.transcode.seconds) / round.grade.seconds), 0, ' %')
    const lines = [
      `1080p, ${FRAMES} frames, 33³ LUT, ${ROUNDS} rounds taking turns, medians with their spread (${conditions(loadBefore)}):`,
      `  ffmpeg lut3d + libx264 veryfast: ${fpsOf(rounds.map((round) => round.ffmpeg))}`,
      `  ours, LUT grade + H.264:         ${fpsOf(rounds.map((round) => round.grade.seconds))}${heap}`,
      `  ours, plain transcode H.264:     ${fpsOf(rounds.map((round) => round.transcode.seconds))}`,
      `  grade speed / ffmpeg's, by round: ${ratio} (goal ≥ 3.5×: ${median(rounds.map((round) => round.ffmpeg / round.grade.seconds)) >= 3.5 ? 'met' : 'MISSED'})`,
      `  grade speed / transcode speed:    ${share} (goal ≥ 75 %: ${median(rounds.map((round) => round.transcode.seconds / round.grade.seconds)) >= 0.75 ? 'met' : 'MISSED'})`,
      // CPU time holds where the load stretches wall time: what each run costs the cores, by thread.
      `  CPU a frame, median round's:  ffmpeg ${spread(rounds.map((round) => (1000 * round.ffmpegCpu) / FRAMES), 1, ' ms')}`,
      `    ours, grade:     ${cpuPerFrame(medianRound(rounds, (round) => cpuTotal(round.gradeCpu)).gradeCpu, FRAMES)}`,
      `    ours, transcode: ${cpuPerFrame(medianRound(rounds, (round) => cpuTotal(round.transcodeCpu)).transcodeCpu, FRAMES)}`,
      `  by CPU, grade / ffmpeg's: ${spread(rounds.map((round) => round.ffmpegCpu / cpuTotal(round.gradeCpu)), 2, '×')}; grade / transcode: ${spread(rounds.map((round) => (100 * cpuTotal(round.transcodeCpu)) / cpuTotal(round.gradeCpu)), 0, ' %')}`,
    ]
    const memoryFps = ((MEMORY_SECONDS * FPS) / memoryRow.seconds).toFixed(1)
    const processMemory = peakProcess.allMb > 0 ? `; page process peak ${peakProcess.rendererMb.toFixed(0)} MB resident, all browser processes ${peakProcess.allMb.toFixed(0)} MB` : ''
    lines.push(
      `${MEMORY_SECONDS} s 1080p (${MEMORY_SECONDS * FPS} frames), LUT grade then export: ${memoryFps} fps,` +
        ` JS heap peak ${memoryRow.peakHeapMb?.toFixed(0) ?? 'not reported'} MB (goal < 200 MB)${processMemory}`,
    )
    return lines
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
