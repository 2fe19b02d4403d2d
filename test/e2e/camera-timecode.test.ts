/**
 * A camera file's own start timecode (its QuickTime timecode track, as ffmpeg's `-timecode` writes
 * it) read on import and carried to the hand-off: a trim of it is listed in the EDL, OTIO and
 * FCPXML from that timecode plus the trim's in point (read with test/edl.ts, test/otio.ts and
 * test/fcpxml.ts, which follow the published specs); an export of the trim carries the timecode of
 * its own first frame and an export of the whole clip the camera's, as ffprobe reads them. A damaged
 * timecode track costs the clip nothing and is said on its node; the clip's facts on the canvas
 * show the timecode, and the trim's scrubber reads in it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readEdl } from '../edl'
import { readFcpxml } from '../fcpxml'
import { placeTrack, readOtio } from '../otio'
import { fromFileMenu, node as nodeOnPage, select } from './editor-page'
import { openApp, projectRoot, runCommand, runReelgraph } from './harness'
import { ffmpeg, pipelineDoc, pipelineLink as link, pipelineNode as node, writePipeline, type Report } from './pipeline-files'

let work: string
let camera: string

/** 01:00:10:00 at 24 fps, as frames counted from midnight. */
const CAMERA_START = (3600 + 10) * 24

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-camera-timecode-'))
  camera = join(work, 'A001C003.mov')
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=24', '-t', '2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-timecode', '01:00:10:00', camera])
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

/** The timecode ffprobe reads off a file's timecode track. */
async function ffprobeTimecode(file: string): Promise<string> {
  const probe = await runCommand('ffprobe', ['-v', 'error', '-select_streams', 'd', '-show_entries', 'stream_tags=timecode', '-of', 'csv=p=0', file])
  expect(probe.code, probe.stderr).toBe(0)
  return probe.stdout.trim()
}

/** The camera file with its timecode sample description's time scale set to 0: a track no reader can count. */
async function damagedCopy(): Promise<string> {
  const bytes = await readFile(camera)
  const stsd = [...bytes.keys()].find((at) => bytes.toString('latin1', at, at + 4) === 'stsd' && bytes.toString('latin1', at + 16, at + 20) === 'tmcd')
  if (stsd === undefined) throw new Error('ffmpeg wrote no timecode sample description')
  // stsd's version, flags and count, the entry's header, then reserved (6), data reference (2), reserved (4), flags (4).
  bytes.writeUInt32BE(0, stsd + 12 + 8 + 16)
  const damaged = join(work, 'A001C004.mov')
  await writeFile(damaged, bytes)
  return damaged
}

describe('a camera file’s own start timecode', () => {
  it('counts a trim’s source in the EDL, OTIO and FCPXML from it, and an export of the trim starts at the trim’s first frame', async () => {
    expect(await ffprobeTimecode(camera)).toBe('01:00:10:00')
    const nodes = [
      node('camera', 'video-input'),
      node('trim', 'trim', { startS: 0.5, endS: 1.5 }),
      node('cut', 'sequence'),
      node('deliver', 'export', { container: 'mov' }),
      node('whole', 'export', { container: 'mp4' }),
      node('damaged', 'video-input'),
    ]
    const edges = [link('camera', 'video', 'trim', 'video'), link('trim', 'video', 'cut', 'clips'), link('trim', 'video', 'deliver', 'video'), link('camera', 'video', 'whole', 'video')]
    const doc = await writePipeline(work, 'camera', nodes, edges)
    const out = join(work, 'out')
    const result = await runReelgraph(['run', doc, '--out', out, '--input', `camera=${camera}`, '--input', `damaged=${await damagedCopy()}`, '--save', 'cut'])
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report
    expect(result.code, `${result.stderr}\n${JSON.stringify(report.nodes)}`).toBe(0)

    // The trim keeps frames 12 to 35 of the file: 01:00:10:12 to 01:00:11:11, out point exclusive.
    const edl = await readFile(join(out, 'cut.edl.edl'), 'utf8')
    expect(edl).toContain(' 01:00:10:12 01:00:11:12 01:00:00:00 01:00:01:00')
    const { events } = readEdl(edl, 24)
    expect(events).toMatchObject([{ sourceIn: CAMERA_START + 12, sourceOut: CAMERA_START + 36, clipName: 'A001C003.mov' }])

    const [picture] = readOtio(await readFile(join(out, 'cut.otio.otio'), 'utf8')).tracks.children
    expect(placeTrack(picture!, 24).items).toMatchObject([{ kind: 'clip', name: 'A001C003.mov', sourceIn: CAMERA_START + 12, frames: 24 }])
    const fcpxml = readFcpxml(await readFile(join(out, 'cut.fcpxml.fcpxml'), 'utf8'))
    expect(fcpxml.spine).toMatchObject([{ kind: 'clip', name: 'A001C003.mov', sourceIn: CAMERA_START + 12, duration: 24 }])

    expect(await ffprobeTimecode(join(out, 'deliver.file.mov'))).toBe('01:00:10:12')
    expect(await ffprobeTimecode(join(out, 'whole.file.mp4'))).toBe('01:00:10:00')

    // The damaged file is still a clip; its node says why its frames count from zero.
    expect(report.nodes.damaged?.status).toBe('done')
    expect(report.nodes.damaged?.warnings).toEqual(['“A001C004.mov” has a start timecode that cannot be read (its timecode track gives no frame rate); the EDL, .otio and .fcpxml count its frames from 00:00:00:00'])
  })

  it('shows the timecode among the clip’s facts on its node, and the trim’s in point in it', async () => {
    const app = await openApp()
    try {
      const page = app.page
      await page.waitForSelector('[data-node-id]')
      await fromFileMenu(page, 'Import')
      const doc = pipelineDoc({
        id: 'facts',
        name: 'Camera clip',
        nodes: [node('camera', 'video-input'), node('trim', 'trim', { startS: 0.5 }, { at: { x: 340, y: 0 } })],
        edges: [link('camera', 'video', 'trim', 'video')],
      })
      await page.getByLabel('Pipeline file', { exact: true }).setInputFiles({ name: 'facts.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) })
      await select(page, 'camera')
      await page.getByLabel('Clip file', { exact: true }).setInputFiles(camera)
      // The clip is stored before the run is asked for: a Run pressed while it was still being read
      // ran without it, and the trim never finished (seen under load).
      await nodeOnPage(page, 'camera').locator('[data-poster="drawn"]').waitFor({ timeout: 60_000 })
      await page.getByRole('button', { name: 'Run', exact: true }).click()
      await page.locator('[data-node-id="trim"][data-status="done"]').waitFor({ timeout: 120_000 })
      const facts = nodeOnPage(page, 'camera').locator('.clip-panel__facts')
      await expect(facts.textContent()).resolves.toMatch(/^160×90 · 24 fps · 2\.00 s · H\.264.* · no sound · TC 01:00:10:00$/)
      // The scrubber reads the in point as the EDL will list it: the camera's timecode plus 12 frames.
      const inPoint = nodeOnPage(page, 'trim').getByRole('slider', { name: 'In point' })
      await expect.poll(() => inPoint.getAttribute('aria-valuetext')).toBe('01:00:10:12')
      await page.getByRole('button', { name: 'fit view' }).click()
      await nodeOnPage(page, 'camera').screenshot({ path: join(projectRoot, 'test-results', 'camera-timecode.png') })
      await nodeOnPage(page, 'trim').screenshot({ path: join(projectRoot, 'test-results', 'camera-timecode-trim.png') })
    } finally {
      await app.close()
    }
  })
})
