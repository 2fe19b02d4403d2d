/**
 * A clip through the post-production nodes in the editor, as a person does it: dropped on the
 * canvas, graded with a .cube LUT, upscaled ×2 with Lanczos, trimmed on the scrubber, exported and
 * downloaded; ffprobe and ffmpeg check the file that comes out.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openApp, runCommand, type OpenApp } from './harness'
import { ffmpeg, probeStreams, psnrOf } from './pipeline-files'
import { fromFileMenu } from './editor-page'

const FPS = 24

let app: OpenApp | undefined
let work: string
let clip: string
let longClip: string
let cube: string

/** A look with crossed channels that pulls blue down hard, so a graded frame is easy to tell. */
function coolToWarm(size: number): string {
  const rows: string[] = []
  for (let b = 0; b < size; b++) {
    for (let g = 0; g < size; g++) {
      for (let r = 0; r < size; r++) {
        const [R, G, B] = [r / (size - 1), g / (size - 1), b / (size - 1)]
        rows.push([Math.min(1, 0.9 * R + 0.15 * G), 0.9 * G + 0.05 * R, 0.55 * B].map((v) => v.toFixed(6)).join(' '))
      }
    }
  }
  return `TITLE "Warm"\nLUT_3D_SIZE ${size}\n${rows.join('\n')}\n`
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-video-editor-'))
  clip = join(work, 'shot.mp4')
  await ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=${FPS}`, '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-t', '2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', clip,
  ])
  longClip = join(work, 'long.mp4')
  await ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=${FPS}`, '-t', '20', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', longClip])
  cube = join(work, 'warm.cube')
  await writeFile(cube, coolToWarm(17))
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

afterEach(async () => {
  await app?.close()
  app = undefined
})

function node(page: Page, type: string) {
  return page.locator(`[data-node-type="${type}"]`)
}

async function newPipeline(page: Page): Promise<void> {
  await fromFileMenu(page, 'Pipelines')
  await page.getByRole('dialog', { name: 'Pipelines' }).getByRole('button', { name: 'New pipeline' }).click()
  await expect.poll(() => page.locator('[data-node-id]').count()).toBe(0)
}

/** Drops a clip file on the empty canvas, as from the desktop. */
async function dropClip(page: Page, file: string): Promise<void> {
  const bytes = (await readFile(file)).toString('base64')
  await page.evaluate((base64) => {
    const clipFile = new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], 'shot.mp4', { type: 'video/mp4' })
    const transfer = new DataTransfer()
    transfer.items.add(clipFile)
    const pane = document.querySelector('.react-flow__pane')
    const box = pane?.getBoundingClientRect()
    pane?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true, clientX: (box?.left ?? 0) + 120, clientY: (box?.top ?? 0) + 200 }))
  }, bytes)
}

async function addNode(page: Page, search: string, title: string, type: string): Promise<void> {
  await page.getByLabel('Search nodes').fill(search)
  await page.getByRole('button', { name: `Add ${title}`, exact: true }).click()
  await node(page, type).waitFor()
}

/** Drags a node by its title bar so its top left corner lands near (x, y) from the canvas's top left. */
async function place(page: Page, type: string, x: number, y: number): Promise<void> {
  const pane = await page.locator('.react-flow__pane').boundingBox()
  const header = await node(page, type).locator('.node__header').boundingBox()
  if (!pane || !header) throw new Error(`${type} is not on screen`)
  await page.mouse.move(header.x + 20, header.y + header.height / 2)
  await page.mouse.down()
  await page.mouse.move(pane.x + x + 20, pane.y + y + header.height / 2, { steps: 10 })
  await page.mouse.up()
}

async function link(page: Page, from: string, fromPort: string, to: string, toPort: string): Promise<void> {
  const output = await page.locator(`.react-flow__handle.source[data-nodeid="${from}"][data-handleid="${fromPort}"]`).boundingBox()
  const input = await page.locator(`.react-flow__handle.target[data-nodeid="${to}"][data-handleid="${toPort}"]`).boundingBox()
  if (!output || !input) throw new Error(`the ports of ${from} and ${to} are not on screen`)
  await page.mouse.move(output.x + output.width / 2, output.y + output.height / 2)
  await page.mouse.down()
  await page.mouse.move(input.x + input.width / 2, input.y + input.height / 2, { steps: 12 })
  await page.mouse.up()
}

async function waitForStatus(page: Page, types: string[], status: string): Promise<void> {
  await page.waitForFunction(
    ([wanted, expected]) => wanted.every((type) => document.querySelector<HTMLElement>(`[data-node-type="${type}"]`)?.dataset.status === expected),
    [types, status] as const,
    { timeout: 240_000 },
  )
}

/** The mean 8-bit RGB of a frame, averaged by ffmpeg down to one pixel. */
async function meanColor(file: string, atS: number): Promise<number[]> {
  const out = join(work, 'mean.rgb')
  await ffmpeg(['-ss', String(atS), '-i', file, '-vf', 'scale=1:1:flags=area,format=rgb24', '-frames:v', '1', '-f', 'rawvideo', out])
  return [...(await readFile(out))]
}

describe('a clip through the editor', () => {
  it('drops a clip, grades it with a LUT, upscales it ×2, trims it on the scrubber and exports a file that plays', { timeout: 600_000 }, async () => {
    app = await openApp()
    const { page } = app
    await page.setViewportSize({ width: 1600, height: 1000 })
    await newPipeline(page)

    // Dropped on the empty canvas, the clip becomes a clip node with its poster frame.
    await dropClip(page, clip)
    await node(page, 'video-input').locator('[data-poster="drawn"]').waitFor({ timeout: 60_000 })

    await addNode(page, 'grade', 'Color grade', 'color-grade')
    await page.getByLabel('LUT (.cube)', { exact: true }).setInputFiles(cube)
    await addNode(page, 'upscale', 'Upscale', 'upscale')
    await addNode(page, 'trim', 'Trim', 'trim')
    await addNode(page, 'export', 'Export', 'export')
    // Laid out in two rows, so no node hides another's ports or the scrubber.
    await page.getByRole('button', { name: 'Fit View' }).click()
    // Wide apart: a port labelled "Image or clip" makes the grade and the upscale wider than they were.
    await place(page, 'video-input', 10, 50)
    await place(page, 'color-grade', 300, 50)
    await place(page, 'upscale', 590, 50)
    await place(page, 'trim', 10, 360)
    await place(page, 'export', 300, 360)
    await page.getByRole('button', { name: 'Fit View' }).click()
    const ids = Object.fromEntries(
      await Promise.all(['video-input', 'color-grade', 'upscale', 'trim', 'export'].map(async (type) => [type, await node(page, type).getAttribute('data-node-id')] as const)),
    ) as Record<string, string>
    await link(page, ids['video-input']!, 'video', ids['color-grade']!, 'media')
    await link(page, ids['color-grade']!, 'media', ids.upscale!, 'media')
    await link(page, ids.upscale!, 'media', ids.trim!, 'video')
    await link(page, ids.trim!, 'video', ids.export!, 'video')
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4)

    const all = ['video-input', 'color-grade', 'upscale', 'trim', 'export']
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await waitForStatus(page, all, 'done')
    await expect(node(page, 'video-input').textContent()).resolves.toContain('320×180 · 24 fps · 2.00 s')

    // The scrubber over the upscaled clip: the in point 12 frames in from the keyboard, the out
    // point dragged to about three quarters.
    const scrubber = node(page, 'trim')
    const inPoint = scrubber.getByRole('slider', { name: 'In point' })
    const outPoint = scrubber.getByRole('slider', { name: 'Out point' })
    await inPoint.focus()
    for (let frame = 0; frame < 12; frame++) await page.keyboard.press('ArrowRight')
    await expect.poll(() => inPoint.getAttribute('aria-valuetext')).toBe('00:00:00:12')
    const track = await scrubber.locator('.trim-scrubber__track').boundingBox()
    const handle = await outPoint.boundingBox()
    if (!track || !handle) throw new Error('the scrubber is not on screen')
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2)
    await page.mouse.down()
    await page.mouse.move(track.x + track.width * 0.75, handle.y + handle.height / 2, { steps: 8 })
    await page.mouse.up()
    await expect.poll(async () => Number(await outPoint.getAttribute('aria-valuenow'))).toBeLessThan(1.9)
    const startS = Number(await inPoint.getAttribute('aria-valuenow'))
    const endS = Number(await outPoint.getAttribute('aria-valuenow'))
    const frames = Math.round((endS - startS) * FPS)
    await expect(scrubber.textContent()).resolves.toContain(`${frames} frames`)

    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await waitForStatus(page, ['trim', 'export'], 'done')
    await waitForStatus(page, ['video-input', 'color-grade', 'upscale'], 'cached')
    const download = page.waitForEvent('download')
    // The minimap may sit over the link; a click on it is what a person's click does.
    const downloadLink = node(page, 'export').getByRole('link', { name: /^Download / })
    await downloadLink.dispatchEvent('click')
    const exported = join(work, 'exported.mp4')
    await (await download).saveAs(exported)
    // Named for the pipeline and the node, not for the clip it came from.
    expect((await download).suggestedFilename()).toMatch(/^.+ — Export\.mp4$/)
    // The node shows the picture's bitrate as the file has it, the one ffprobe reads.
    const shownMbps = Number(/picture ([\d.]+) Mbit\/s/.exec((await downloadLink.textContent()) ?? '')?.[1])
    const bitrate = await runCommand('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'stream=bit_rate', '-of', 'csv=p=0', exported])
    expect(Math.abs(shownMbps * 1e6 - Number(bitrate.stdout)) / Number(bitrate.stdout)).toBeLessThan(0.02)

    const streams = await probeStreams(exported)
    const picture = streams.find((s) => s.codec_type === 'video')
    expect(picture).toMatchObject({ codec_name: 'h264', width: 640, height: 360, nb_read_frames: String(frames) })
    expect(Math.abs(Number(picture?.duration) - frames / FPS)).toBeLessThanOrEqual(1 / FPS)
    const rate = await runCommand('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'stream=r_frame_rate', '-of', 'csv=p=0', exported])
    expect(rate.stdout.trim()).toBe(`${FPS}/1`)
    expect(streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('aac')

    // A frame of the file against the source's at the same time: the LUT pulled blue down.
    const frame = join(work, 'exported-frame.png')
    await ffmpeg(['-ss', '0.5', '-i', exported, '-frames:v', '1', frame])
    const graded = await meanColor(frame, 0)
    const source = await meanColor(clip, startS + 0.5)
    expect(graded[2]!, `source ${source}, exported ${graded}`).toBeLessThan(source[2]! * 0.7)
    // ffmpeg's own grade, upscale and cut of the same frame, against ours after three H.264
    // generations (grade, upscale, trim); the same frame ungraded is far further from it.
    const theirs = join(work, 'theirs.png')
    const ungraded = join(work, 'ungraded.png')
    await ffmpeg(['-ss', String(startS + 0.5), '-i', clip, '-vf', `lut3d=file=${cube},scale=640:360:flags=lanczos`, '-frames:v', '1', theirs])
    await ffmpeg(['-ss', String(startS + 0.5), '-i', clip, '-vf', 'scale=640:360:flags=lanczos', '-frames:v', '1', ungraded])
    expect(await psnrOf(frame, theirs)).toBeGreaterThanOrEqual(25)
    expect(await psnrOf(ungraded, theirs)).toBeLessThan(20)
  })

  // The grade hands on a render recipe (docs/architecture.md, "Chains of pixel nodes"): the clip is
  // decoded, graded and encoded by the export, so that is the render a person cancels.
  it('cancels the render of a graded clip mid-clip: the run stops, nothing half-made is kept, and a re-run renders it whole', { timeout: 600_000 }, async () => {
    app = await openApp()
    const { page } = app
    await newPipeline(page)
    await dropClip(page, longClip)
    await node(page, 'video-input').locator('[data-poster="drawn"]').waitFor({ timeout: 60_000 })
    await addNode(page, 'grade', 'Color grade', 'color-grade')
    await page.getByLabel('LUT (.cube)', { exact: true }).setInputFiles(cube)
    await addNode(page, 'export', 'Export', 'export')
    await page.getByRole('button', { name: 'Fit View' }).click()
    await place(page, 'video-input', 10, 50)
    await place(page, 'color-grade', 300, 50)
    await place(page, 'export', 590, 50)
    await page.getByRole('button', { name: 'Fit View' }).click()
    const clipId = (await node(page, 'video-input').getAttribute('data-node-id'))!
    const gradeId = (await node(page, 'color-grade').getAttribute('data-node-id'))!
    const exportId = (await node(page, 'export').getAttribute('data-node-id'))!
    await link(page, clipId, 'video', gradeId, 'media')
    await link(page, gradeId, 'media', exportId, 'video')
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2)

    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await waitForStatus(page, ['video-input', 'color-grade'], 'done')
    const progress = node(page, 'export').getByRole('progressbar', { name: 'Progress' })
    await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 120_000 }).toBeGreaterThanOrEqual(5)
    await page.getByRole('button', { name: 'Cancel', exact: true }).click()
    await waitForStatus(page, ['export'], 'cancelled')
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/^Cancelled/)
    // The clip's and the grade's results and the grade's settings are as they were: the LUT is still chosen.
    await expect(node(page, 'video-input').getAttribute('data-status')).resolves.toBe('done')
    await expect(node(page, 'color-grade').getAttribute('data-status')).resolves.toBe('done')
    await node(page, 'color-grade').locator('.node__header').click()
    await expect(page.getByRole('complementary', { name: 'Inspector' }).textContent()).resolves.toContain('warm.cube')
    await expect(page.locator('[data-node-id]').count()).resolves.toBe(3)
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(2)

    // Run again: the clip and the grade come from the cache, the export is made whole (nothing partial was kept).
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await waitForStatus(page, ['video-input', 'color-grade'], 'cached')
    await waitForStatus(page, ['export'], 'done')
  })
})
