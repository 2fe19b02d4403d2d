/**
 * The video nodes in real Chromium (WebCodecs exists only there), driven through the headless
 * runner, with ffmpeg making the clips and ffprobe and ffmpeg's own filters checking what comes out.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCommand, runReelgraph } from './harness'
import { ffmpeg, pipelineLink as link, pipelineNode as node, probeStreams as streams, psnrOf, writePipeline, type Report } from './pipeline-files'

const FPS = 24
const CLIP_S = 2

let work: string
let clip: string

async function run(doc: string, out: string, options: string[]): Promise<Report> {
  const result = await runReelgraph(['run', doc, '--out', join(work, out), ...options])
  const report = JSON.parse(await readFile(join(work, out, 'report.json'), 'utf8')) as Report
  expect([0, 1], result.stderr).toContain(result.code)
  return report
}

/** An MD5 of the sound's packets as they are stored, without decoding them. */
async function soundDigest(file: string): Promise<string> {
  const digest = await runCommand('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:a', '-c', 'copy', '-f', 'md5', '-'])
  expect(digest.code, digest.stderr).toBe(0)
  return digest.stdout.trim()
}

/** The mean 8-bit RGB of the frame at 1 s (or of a still), averaged by ffmpeg down to one pixel. */
async function meanColor(file: string): Promise<number[]> {
  const out = join(work, 'mean.rgb')
  const at = file.endsWith('.png') ? [] : ['-ss', '1.0']
  await ffmpeg([...at, '-i', file, '-vf', 'scale=1:1:flags=area,format=rgb24', '-frames:v', '1', '-f', 'rawvideo', out])
  return [...(await readFile(out))]
}

/** A warm look with crossed channels, so a wrong lattice order or interpolation shows. */
function warmLook(size: number): string {
  const rows: string[] = []
  for (let b = 0; b < size; b++) {
    for (let g = 0; g < size; g++) {
      for (let r = 0; r < size; r++) {
        const [R, G, B] = [r / (size - 1), g / (size - 1), b / (size - 1)]
        const out = [Math.min(1, 0.9 * R ** 0.8 + 0.1 * G), 0.95 * G + 0.05 * R, 0.7 * B + 0.1 * G]
        rows.push(out.map((v) => v.toFixed(6)).join(' '))
      }
    }
  }
  return `TITLE "Warm"\nLUT_3D_SIZE ${size}\n${rows.join('\n')}\n`
}

/** A different curve per channel (crushed red, gamma on green, lifted blue), as a 1D LUT. */
function splitTone(size: number): string {
  const rows: string[] = []
  for (let step = 0; step < size; step++) {
    const x = step / (size - 1)
    rows.push([Math.max(0, 1.15 * x - 0.12), x ** 0.7, 0.15 + 0.75 * x].map((v) => Math.min(1, v).toFixed(6)).join(' '))
  }
  return `TITLE "Split tone"\nLUT_1D_SIZE ${size}\n${rows.join('\n')}\n`
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-media-'))
  clip = join(work, 'shot.mp4')
  await ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=${FPS}`, '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-t', String(CLIP_S), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', clip,
  ])
  await writeFile(join(work, 'warm.cube'), warmLook(17))
  // The reference: the same shot graded warm by ffmpeg, as if it came from another session.
  await ffmpeg(['-ss', '1.0', '-i', clip, '-vf', `lut3d=file=${join(work, 'warm.cube')}`, '-frames:v', '1', join(work, 'look.png')])
  await writeFile(join(work, 'split.cube'), splitTone(64))
  await writeFile(join(work, 'broken.cube'), 'LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 zero\n')
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=24', '-t', '0.5', '-c:v', 'libx265', '-tag:v', 'hvc1', '-x265-params', 'log-level=error', join(work, 'hevc.mp4')])
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('video nodes in Chromium', () => {
  it('grades a clip with a .cube LUT, trims it to the frame and exports it, the sound intact', async () => {
    const doc = await writePipeline(work,
      'grade-trim-export',
      [node('shot', 'video-input'), node('grade', 'color-grade'), node('cut', 'trim', { startS: 0.5, endS: 1.5 }), node('deliver', 'export')],
      [link('shot', 'video', 'grade', 'media'), link('grade', 'media', 'cut', 'video'), link('cut', 'video', 'deliver', 'video')],
    )
    const report = await run(doc, 'graded', ['--input', `shot=${clip}`, '--set', `grade.lut=@${join(work, 'warm.cube')}`, '--save', 'grade'])
    expect(report.nodes).toMatchObject({ shot: { status: 'done' }, grade: { status: 'done' }, cut: { status: 'done' }, deliver: { status: 'done' } })
    expect(report.outputs.sort()).toEqual(['deliver.file.mp4', 'grade.cube.cube', 'grade.media.mp4'])

    const source = await streams(clip)
    const graded = await streams(join(work, 'graded', 'grade.media.mp4'))
    const sourceSound = source.find((s) => s.codec_type === 'audio')
    const gradedSound = graded.find((s) => s.codec_type === 'audio')
    expect(graded.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', width: 640, height: 360, nb_read_frames: String(FPS * CLIP_S) })
    expect(gradedSound?.codec_name).toBe('aac')
    expect(Number(gradedSound?.duration)).toBeCloseTo(Number(sourceSound?.duration), 2)
    // Only the picture changed, so the sound's packets are the source's, byte for byte.
    expect(await soundDigest(join(work, 'graded', 'grade.media.mp4'))).toBe(await soundDigest(clip))

    const delivered = await streams(join(work, 'graded', 'deliver.file.mp4'))
    expect(delivered.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', nb_read_frames: String(FPS) })
    expect(Number(delivered.find((s) => s.codec_type === 'audio')?.duration)).toBeCloseTo(1, 1)

    // The same frame graded by ffmpeg's lut3d from the source, against ours after H.264.
    const ours = join(work, 'ours.png')
    const theirs = join(work, 'theirs.png')
    await ffmpeg(['-ss', '1.0', '-i', join(work, 'graded', 'grade.media.mp4'), '-frames:v', '1', ours])
    await ffmpeg(['-ss', '1.0', '-i', clip, '-vf', `lut3d=file=${join(work, 'warm.cube')}:interp=tetrahedral`, '-frames:v', '1', theirs])
    const compared = await runCommand('ffmpeg', ['-v', 'info', '-i', ours, '-i', theirs, '-lavfi', 'psnr', '-f', 'null', '-'])
    const psnr = Number(/PSNR .* average:([\d.]+|inf)/.exec(compared.stderr)?.[1])
    expect(psnr, compared.stderr.slice(-400)).toBeGreaterThanOrEqual(30)
  })

  it('grades a clip with a 1D LUT as ffmpeg’s lut1d does', async () => {
    const doc = await writePipeline(work, 'grade-1d', [node('shot', 'video-input'), node('grade', 'color-grade')], [link('shot', 'video', 'grade', 'media')])
    const report = await run(doc, 'graded-1d', ['--input', `shot=${clip}`, '--set', `grade.lut=@${join(work, 'split.cube')}`])
    expect(report.nodes.grade?.status).toBe('done')
    const ours = join(work, 'ours-1d.png')
    const theirs = join(work, 'theirs-1d.png')
    const untouched = join(work, 'source-1d.png')
    await ffmpeg(['-ss', '1.0', '-i', join(work, 'graded-1d', 'grade.media.mp4'), '-frames:v', '1', ours])
    await ffmpeg(['-ss', '1.0', '-i', clip, '-vf', `lut1d=file=${join(work, 'split.cube')}:interp=linear`, '-frames:v', '1', theirs])
    await ffmpeg(['-ss', '1.0', '-i', clip, '-frames:v', '1', untouched])
    const figure = await psnrOf(ours, theirs)
    console.log(`1D LUT grade of a clip against ffmpeg lut1d: ${figure.toFixed(2)} dB (the source against it: ${(await psnrOf(untouched, theirs)).toFixed(2)} dB)`)
    // After one H.264 generation, as the 3D LUT test above.
    expect(figure).toBeGreaterThanOrEqual(30)
    expect(await psnrOf(untouched, theirs)).toBeLessThan(figure - 5)
  })

  it('refuses an HEVC clip and a malformed LUT with clear errors, and finishes the other branch', async () => {
    const doc = await writePipeline(work,
      'faults',
      [
        node('hevc', 'video-input'),
        node('hevcOut', 'export'),
        node('shot', 'video-input'),
        node('grade', 'color-grade'),
        node('good', 'export', { container: 'webm' }),
        node('badGrade', 'color-grade'),
        node('look', 'image-input'),
        node('matched', 'color-grade'),
      ],
      [
        link('hevc', 'video', 'hevcOut', 'video'),
        link('shot', 'video', 'good', 'video'),
        link('shot', 'video', 'badGrade', 'media'),
        link('shot', 'video', 'grade', 'media'),
        link('shot', 'video', 'matched', 'media'),
        link('look', 'image', 'matched', 'reference'),
      ],
    )
    const report = await run(doc, 'faults', [
      '--input', `hevc=${join(work, 'hevc.mp4')}`,
      '--input', `shot=${clip}`,
      '--set', `badGrade.lut=@${join(work, 'broken.cube')}`,
      '--set', 'grade.saturation=0',
      '--input', `look=${join(work, 'look.png')}`,
    ])
    expect(report.status).not.toBe('done')
    expect(report.nodes.hevc?.error).toMatch(/“hevc\.mp4”: this clip is HEVC \(hvc1\), which this browser cannot decode; re-export it as H\.264/)
    expect(report.nodes.hevcOut?.status).toBe('skipped')
    expect(report.nodes.badGrade?.error).toMatch(/“broken\.cube” cannot be used: line 4: /)
    expect(report.nodes.good?.status).toBe('done')
    expect(report.nodes.grade?.status).toBe('done')

    const webm = await streams(join(work, 'faults', 'good.file.webm'))
    expect(webm.map((s) => s.codec_name).sort()).toEqual(['opus', 'vp9'])

    // Matched to a reference graded by ffmpeg, the shot's mean color moves onto the reference's.
    expect(report.nodes.matched?.status).toBe('done')
    const reference = await meanColor(join(work, 'look.png'))
    const before = await meanColor(clip)
    const after = await meanColor(join(work, 'faults', 'matched.media.mp4'))
    for (const channel of [0, 1, 2]) {
      expect(Math.abs(after[channel]! - reference[channel]!), `channel ${channel}: ${before} → ${after}, reference ${reference}`).toBeLessThan(4)
    }
    expect(Math.abs(before[2]! - reference[2]!)).toBeGreaterThan(20)
  })
})
