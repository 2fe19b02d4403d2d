/**
 * The local storyboard back end in real Chromium, through the runner: a shot prompt becomes a
 * storyboard frame drawn the way the animatic draws the shot's first frame, offline and free.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PipelineDoc } from '../../src/graph'
import { runCommand, runReelgraph } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'

const frameDoc: PipelineDoc = pipelineDoc({
  id: 'storyboard-frame',
  name: 'Storyboard frame',
  description: 'A shot prompt drawn as a storyboard frame.',
  nodes: [
    pipelineNode('shot', 'prompt', { subject: 'Mara', action: 'looks out over the valley', environment: 'a ridge at dusk', camera: 'static', lighting: 'low sun', mood: 'calm', durationS: 4 }),
    pipelineNode('frame', 'generate-image', { aspect: '16:9', height: 480, seed: 3 }, { at: { x: 320, y: 0 } }),
  ],
  edges: [pipelineLink('shot', 'prompt', 'frame', 'prompt', 'e1')],
})

let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-storyboard-'))
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('generate-image on the local storyboard', () => {
  it('draws a frame of the shot at the size asked, with a picture on it', async () => {
    const pipeline = join(work, 'frame.json')
    await writeFile(pipeline, JSON.stringify(frameDoc))
    const out = join(work, 'out')
    const run = await runReelgraph(['run', pipeline, '--out', out])
    expect(run.code, run.stderr).toBe(0)
    const png = await readFile(join(out, 'frame.image.png'))
    expect(png.readUInt32BE(16)).toBe(854)
    expect(png.readUInt32BE(20)).toBe(480)
    // The frame is drawn, not blank: ffmpeg finds its luma spread over a wide range.
    const stats = await runCommand('ffmpeg', ['-v', 'error', '-i', join(out, 'frame.image.png'), '-vf', 'signalstats,metadata=print:file=-', '-f', 'null', '-'])
    expect(stats.code, stats.stderr).toBe(0)
    const max = Number(/YMAX=(\d+)/.exec(stats.stdout + stats.stderr)?.[1])
    const min = Number(/YMIN=(\d+)/.exec(stats.stdout + stats.stderr)?.[1])
    expect(max - min).toBeGreaterThan(100)
  })
})
