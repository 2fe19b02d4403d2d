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
import { warmLut3d } from '../media/color/looks'
import { runReelgraph } from './harness'
import { ffmpeg, pipelineLink as link, pipelineNode as node, psnrOf, writePipeline, type Report } from './pipeline-files'

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
})
