/**
 * The sequence's timeline as an editor uses it: three clips made offline by ffmpeg, each tinted its
 * own colour, linked into a sequence; on the timeline in the dock one clip is dragged to another
 * place and one is trimmed by its edge, the cut is run, and ffprobe and ffmpeg check the rendered
 * file: as many frames as the timeline says, the clips in the new order. Screenshots of the timeline
 * in both themes are written for people to look at.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { PipelineDoc } from '../../src/graph'
import { pastePipeline } from './editor-document'
import { openApp, projectRoot, runCommand, type OpenApp } from './harness'
import { ffmpeg, pipelineDoc, pipelineLink as link, pipelineNode, probeStreams } from './pipeline-files'

const FPS = 24
/** Each clip's name, its tint (which channel leads) and its length in frames. */
const CLIPS = [
  { id: 'dawn', tint: 'rr=1:gg=0.25:bb=0.25', leads: 0, frames: 48, sound: true },
  { id: 'road', tint: 'rr=0.25:gg=1:bb=0.25', leads: 1, frames: 24, sound: false },
  { id: 'dusk', tint: 'rr=0.25:gg=0.25:bb=1', leads: 2, frames: 36, sound: true },
] as const

let app: OpenApp | undefined
let work: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-timeline-'))
  for (const { id, tint, frames, sound } of CLIPS) {
    const audio = sound ? ['-f', 'lavfi', '-i', `sine=frequency=${id === 'dawn' ? 330 : 550}:sample_rate=48000`] : []
    await ffmpeg([
      '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=${FPS},colorchannelmixer=${tint}`, ...audio,
      '-t', String(frames / FPS), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', ...(sound ? ['-c:a', 'aac'] : []),
      join(work, `${id}.mp4`),
    ])
  }
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

afterEach(async () => {
  await app?.close()
  app = undefined
})

function node(page: Page, id: string) {
  return page.locator(`[data-node-id="${id}"]`)
}

async function waitForStatus(page: Page, ids: string[], status: string): Promise<void> {
  await page.waitForFunction(
    ([wanted, expected]) => wanted.every((id) => document.querySelector<HTMLElement>(`[data-node-id="${id}"]`)?.dataset.status === expected),
    [ids, status] as const,
    { timeout: 240_000 },
  )
}

/** Which channel leads in the mean colour of frame `index` of a file, as ffmpeg decodes it. */
async function leadingChannel(file: string, index: number): Promise<number> {
  const out = join(work, `mean-${index}.rgb`)
  await ffmpeg(['-i', file, '-vf', `select=eq(n\\,${index}),scale=1:1:flags=area,format=rgb24`, '-frames:v', '1', '-fps_mode', 'passthrough', '-f', 'rawvideo', out])
  const rgb = [...(await readFile(out))]
  return rgb.indexOf(Math.max(...rgb))
}

/** Drags with the mouse from the middle of `from` by `dx` pixels, in steps as a hand moves. */
async function dragBy(page: Page, box: { x: number; y: number; width: number; height: number }, dx: number, atX = box.x + box.width / 2): Promise<void> {
  const y = box.y + box.height / 2
  await page.mouse.move(atX, y)
  await page.mouse.down()
  await page.mouse.move(atX + dx, y, { steps: 12 })
  await page.mouse.up()
}

describe('the sequence’s timeline', () => {
  it('reorders and trims by dragging, and the run renders the cut the timeline shows', { timeout: 600_000 }, async () => {
    app = await openApp()
    const { page } = app
    await page.setViewportSize({ width: 1600, height: 1000 })
    await page.locator('[data-node-id]').first().waitFor()
    const place = (id: string, x: number, y: number) => pipelineNode(id, id === 'cut' ? 'sequence' : 'video-input', {}, { at: { x, y } })
    const doc: PipelineDoc = pipelineDoc({
      id: 'timeline',
      name: 'Three shots on a timeline',
      nodes: [place('dawn', 0, 0), place('road', 0, 260), place('dusk', 0, 520), place('cut', 420, 260)],
      edges: CLIPS.map(({ id }) => link(id, 'video', 'cut', 'clips')),
    })
    await pastePipeline(page, doc)
    for (const { id } of CLIPS) {
      await node(page, id).locator('.node__header').click()
      await page.getByLabel('Clip file', { exact: true }).setInputFiles(join(work, `${id}.mp4`))
      await node(page, id).locator('[data-poster="drawn"]').waitFor({ timeout: 60_000 })
    }
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await waitForStatus(page, ['dawn', 'road', 'dusk', 'cut'], 'done')

    // The timeline of the sequence, opened from the node, in the dock under the canvas.
    await node(page, 'cut').getByRole('button', { name: 'Open timeline' }).click()
    const timeline = page.getByRole('group', { name: 'Timeline' })
    await timeline.waitFor()
    const track = page.getByRole('list', { name: 'Picture track' })
    const names = () => track.locator('.timeline__clip-name').allTextContents()
    expect(await names()).toEqual(['dawn.mp4', 'road.mp4', 'dusk.mp4'])
    expect(await timeline.getAttribute('data-frames')).toBe('108')
    await track.locator('[data-thumbnail="drawn"]').first().waitFor({ timeout: 60_000 })
    await page.getByRole('list', { name: 'Sound track' }).locator('canvas[data-drawn="true"]').first().waitFor({ timeout: 60_000 })

    // Dawn dragged to the right, past the middle of road: the cut plays road, dawn, dusk.
    const dawn = await page.getByRole('button', { name: /^dawn\.mp4:/ }).boundingBox()
    const road = await page.getByRole('button', { name: /^road\.mp4:/ }).boundingBox()
    if (!dawn || !road) throw new Error('the clips are not on screen')
    await dragBy(page, dawn, road.x + road.width - (dawn.x + dawn.width / 2) + 4)
    await expect.poll(names).toEqual(['road.mp4', 'dawn.mp4', 'dusk.mp4'])

    // Dusk's out point dragged to the left by about a third of its length.
    const duskOut = page.getByRole('slider', { name: 'Out point of dusk.mp4' })
    const handle = await duskOut.boundingBox()
    const duskBlock = await page.getByRole('button', { name: /^dusk\.mp4:/ }).boundingBox()
    if (!handle || !duskBlock) throw new Error('dusk is not on screen')
    await dragBy(page, handle, -duskBlock.width / 3)
    await expect.poll(async () => Number(await duskOut.getAttribute('aria-valuenow'))).toBeLessThan(30)
    const trimmedTo = Number(await duskOut.getAttribute('aria-valuenow'))
    expect(await timeline.getAttribute('data-frames')).toBe(String(24 + 48 + trimmedTo))

    // A quarter-second dissolve from road into dawn, a frame at a time from the keyboard.
    const dissolve = page.getByRole('slider', { name: 'Dissolve into dawn.mp4' })
    await dissolve.focus()
    for (let frame = 0; frame < 6; frame++) await page.keyboard.press('ArrowRight')
    await expect.poll(() => dissolve.getAttribute('aria-valuetext')).toBe('6 frames (0.25 s)')
    const frames = 24 + 48 + trimmedTo - 6
    expect(await timeline.getAttribute('data-frames')).toBe(String(frames))

    // One undo takes the last frame of the dissolve back, one redo puts it again.
    await page.keyboard.press('Control+z')
    await expect.poll(() => timeline.getAttribute('data-frames')).toBe(String(frames + 1))
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => timeline.getAttribute('data-frames')).toBe(String(frames))

    // The playhead by the keyboard: L plays, K stops, arrows step a frame.
    await timeline.focus()
    await page.keyboard.press('Home')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => timeline.getByRole('status', { name: 'Playhead timecode' }).textContent()).toBe('00:00:00:02')
    await page.keyboard.press('l')
    await expect.poll(async () => Number(await timeline.getByRole('status', { name: 'Playhead timecode' }).getAttribute('data-frame'))).toBeGreaterThan(2)
    await page.keyboard.press('k')
    await timeline.getByText('stopped').waitFor()

    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await waitForStatus(page, ['cut'], 'done')
    // The viewer plays the sequence's own result once it is the cut as it stands, and its sound
    // shows under the clips' own.
    await page.locator('video[data-source="sequence"]').waitFor()
    await page.locator('[aria-label="Mixed sound of the sequence"] canvas[data-drawn="true"]').waitFor({ timeout: 60_000 })
    // Pressed on the ruler, the playhead goes to the middle of the dissolve.
    const ruler = await page.getByTestId('ruler').boundingBox()
    if (!ruler) throw new Error('the ruler is not on screen')
    await page.mouse.click(ruler.x + ((ruler.width - 24) * 21) / frames, ruler.y + ruler.height / 2)
    await expect.poll(async () => Number(await timeline.getByRole('status', { name: 'Playhead timecode' }).getAttribute('data-frame'))).toBeGreaterThan(17)
    await screenshots(page)

    const rendered = join(work, 'cut.mp4')
    const bytes = await page.evaluate(async () => {
      const video = document.querySelector<HTMLVideoElement>('video[data-source="sequence"]')
      if (!video) throw new Error('no sequence in the viewer')
      const buffer = await (await fetch(video.src)).arrayBuffer()
      return [...new Uint8Array(buffer)]
    })
    await writeFile(rendered, Uint8Array.from(bytes))
    const picture = (await probeStreams(rendered)).find((stream) => stream.codec_type === 'video')
    expect(Number(picture?.nb_read_frames)).toBe(frames)
    expect(Math.abs(Number(picture?.duration) - frames / FPS)).toBeLessThanOrEqual(1 / FPS)
    // The clips' sound carried over: dawn's and dusk's tones, road's silence, as ffmpeg hears them.
    const sound = await runCommand('ffmpeg', ['-v', 'info', '-i', rendered, '-map', '0:a', '-af', 'volumedetect', '-f', 'null', '-'])
    const meanDb = Number(/mean_volume: (-?[\d.]+) dB/.exec(sound.stderr)?.[1])
    console.log(`sequence sound: mean ${meanDb} dB`)
    expect(meanDb).toBeGreaterThan(-40)
    // Road (green) first, then dawn (red) dissolving in from frame 18, then dusk (blue).
    expect(await leadingChannel(rendered, 0)).toBe(1)
    expect(await leadingChannel(rendered, 30)).toBe(0)
    expect(await leadingChannel(rendered, frames - 1)).toBe(2)
  })
})

/** The timeline in the dark and the light theme, for the README and for people to look at. */
async function screenshots(page: Page): Promise<void> {
  const folder = join(projectRoot, 'test-results', 'timeline')
  await mkdir(folder, { recursive: true })
  for (const theme of ['dark', 'light'] as const) {
    if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) await page.keyboard.press('Control+Shift+L')
    await page.waitForFunction((wanted) => document.documentElement.dataset.theme === wanted, theme)
    await page.locator('.dock').screenshot({ path: join(folder, `timeline-${theme}.png`) })
    // The same edit as the inspector shows it: the sequence's clips, one row per link.
    await page.getByRole('complementary', { name: 'Inspector' }).screenshot({ path: join(folder, `inspector-${theme}.png`) })
    await page.locator('[data-node-id="cut"]').screenshot({ path: join(folder, `node-${theme}.png`) })
  }
}
