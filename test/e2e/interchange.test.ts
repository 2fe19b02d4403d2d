/**
 * What Reelgraph hands to a finishing tool, made in real Chromium through the headless runner: a
 * grade as a `.cube` (checked by grading with it in ffmpeg, as Resolve would) and a cut as a CMX 3600
 * EDL (checked by reading its timecodes back).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeCube } from '../../src/media/color/cube'
import { readEdl } from '../edl'
import { warmLut3d } from '../media/color/looks'
import { runReelgraph } from './harness'
import { ffmpeg, pipelineLink as link, pipelineNode as node, probeStreams, psnrOf, writePipeline, type Report } from './pipeline-files'

let work: string

async function run(doc: string, out: string, options: string[]): Promise<Report> {
  const result = await runReelgraph(['run', doc, '--out', join(work, out), ...options])
  const report = JSON.parse(await readFile(join(work, out, 'report.json'), 'utf8')) as Report
  expect(result.code, `${result.stderr}\n${JSON.stringify(report.nodes)}`).toBe(0)
  return report
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-interchange-'))
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('handing work to a finishing tool', () => {
  it('exports the grade as a .cube that grades the picture in ffmpeg as the node did', async () => {
    const plate = join(work, 'plate.png')
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x180', '-frames:v', '1', plate])
    await writeFile(join(work, 'warm.cube'), writeCube({ ...warmLut3d(17), title: 'Warm' }))
    const grade = { slope: [1.1, 1, 0.9], offset: [0.02, 0, -0.02], power: [0.9, 1, 1.15], saturation: 1.2, strength: 0.8 }
    const doc = await writePipeline(work, 'cube', [node('plate', 'image-input'), node('grade', 'color-grade', grade)], [link('plate', 'image', 'grade', 'media')])
    const report = await run(doc, 'graded', ['--input', `plate=${plate}`, '--set', `grade.lut=@${join(work, 'warm.cube')}`, '--save', 'grade'])
    expect(report.nodes.grade).toMatchObject({ status: 'done' })

    const exported = join(work, 'graded', 'grade.cube.cube')
    const text = await readFile(exported, 'utf8')
    expect(text).toMatch(/^TITLE "plate grade"$/m)
    expect(text).toMatch(/^LUT_3D_SIZE 33\nDOMAIN_MIN 0 0 0\nDOMAIN_MAX 1 1 1$/m)
    expect(text).toMatch(/^# then the LUT warm\.cube$/m)

    const theirs = join(work, 'graded-by-ffmpeg.png')
    await ffmpeg(['-i', plate, '-vf', `format=rgb24,lut3d=file=${exported}:interp=tetrahedral`, theirs])
    const figure = await psnrOf(join(work, 'graded', 'grade.media.png'), theirs)
    console.log(`the node's grade against its .cube applied by ffmpeg lut3d: ${figure.toFixed(2)} dB`)
    expect(figure).toBeGreaterThanOrEqual(40)
  })

  it('writes the sequence’s cut as a CMX 3600 EDL whose timecodes are the cut points', async () => {
    const fps = 24
    const [first, second] = [join(work, 'first.mp4'), join(work, 'second.mp4')]
    await ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=160x90:rate=${fps}`, '-t', '1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', first])
    await ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=160x90:rate=${fps}`, '-t', '1.5', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', second])
    const doc = await writePipeline(work,
      'edl',
      [node('first', 'video-input'), node('second', 'video-input'), node('cut', 'sequence', { crossfadeS: 0.25 })],
      [link('first', 'video', 'cut', 'clips'), link('second', 'video', 'cut', 'clips')],
    )
    const report = await run(doc, 'cut', ['--input', `first=${first}`, '--input', `second=${second}`, '--save', 'cut'])
    expect(report.nodes.cut).toMatchObject({ status: 'done' })

    // 24 frames, then 36 fading in over the last 6 of the first: the second starts on frame 18.
    const { title, fcm, events } = readEdl(await readFile(join(work, 'cut', 'cut.edl.edl'), 'utf8'), fps)
    const hour = 3600 * fps
    expect({ title, fcm }).toEqual({ title: 'Reelgraph sequence', fcm: 'NON-DROP FRAME' })
    expect(events).toEqual([
      { event: 1, reel: 'AX', track: 'V', transition: 'C', sourceIn: 0, sourceOut: 18, recordIn: hour, recordOut: hour + 18, clipName: 'first.mp4' },
      { event: 2, reel: 'AX', track: 'V', transition: 'C', sourceIn: 18, sourceOut: 18, recordIn: hour + 18, recordOut: hour + 18, clipName: 'first.mp4' },
      { event: 2, reel: 'AX', track: 'V', transition: 'D', duration: 6, sourceIn: 0, sourceOut: 36, recordIn: hour + 18, recordOut: hour + 54, clipName: 'second.mp4' },
    ])
    const picture = (await probeStreams(join(work, 'cut', 'cut.video.mp4'))).find((stream) => stream.codec_type === 'video')
    expect(Number(picture?.nb_read_frames)).toBe(events.at(-1)!.recordOut - hour)
  })
})
