/**
 * The sound craft end to end in the editor, as a filmmaker does it: a clip comes in with a
 * generated voice (a 440 Hz stand-in), a recorded line (espeak-ng speech, or a tone without it)
 * is dropped on a sound node and linked into the mix, a score drone is ducked under it, the mix is
 * normalised and put under the picture, and the film exported. ffmpeg and ffprobe check the file:
 * its streams and length, the picture packets unchanged, the loudness, the ducking depth.
 */
import { spawnSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PipelineDoc } from '../../src/graph'
import { rmsDb } from '../../src/media/audio/gain'
import { ffmpeg, ffmpegLoudness, filteredMono, isolateTone, scratchDirectory } from '../media/audio/ffmpeg-reference'
import { drawLink } from './editor-document'
import { openApp, type OpenApp } from './harness'
import { pictureHashes, pipelineDoc, pipelineLink as link, pipelineNode, probeStreams } from './pipeline-files'
import { fromFileMenu } from './editor-page'

const CLIP_S = 4
const FPS = 24
const GENERATED_VOICE_HZ = 440
/** A low drone: two bandpass stages at 50 Hz leave the speech (fundamental above 80 Hz) 40 dB down. */
const SCORE_HZ = 50
const LINE_AT_S = 1
const TARGET_LUFS = -16
const DUCK = { amountDb: 12, thresholdDb: -40, attackMs: 20, releaseMs: 300 }
const RATE = 48000

const hasEspeak = spawnSync('espeak-ng', ['--version'], { stdio: 'ignore' }).error === undefined
const LINE_TEXT = 'The last tram left an hour ago.'

const craftDoc: PipelineDoc = pipelineDoc({
  id: 'sound-craft',
  name: 'Tram stop, new sound',
  description: 'A generated shot with its voice replaced, a score ducked under the line, normalised and exported.',
  nodes: [
    pipelineNode('shot', 'video-input'),
    pipelineNode('line', 'audio-input', {}, { at: { x: 0, y: 260 } }),
    pipelineNode('drone', 'audio-input', {}, { at: { x: 0, y: 520 } }),
    pipelineNode('mix', 'mix', { tracks: [{ role: 'score', gainDb: -6, loop: true }], duck: DUCK, targetLufs: TARGET_LUFS }, { at: { x: 340, y: 360 } }),
    pipelineNode('swap', 'replace-audio', { mode: 'replace' }, { at: { x: 680, y: 0 } }),
    pipelineNode('deliver', 'export', {}, { at: { x: 1000, y: 0 } }),
  ],
  edges: [
    link('drone', 'audio', 'mix', 'tracks'),
    link('shot', 'video', 'swap', 'video'),
    link('mix', 'audio', 'swap', 'audio'),
    link('swap', 'video', 'deliver', 'video'),
  ],
})

const scratch = scratchDirectory()
const files = {
  shot: scratch.path('shot.mp4'),
  line: scratch.path('line.wav'),
  drone: scratch.path('drone.flac'),
  film: scratch.path('film.mp4'),
  notes: scratch.path('notes.txt'),
  fake: scratch.path('take-3.mp3'),
}
let app: OpenApp | undefined
let lineLengthS = 0

beforeAll(async () => {
  ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=${FPS}`, '-f', 'lavfi', '-i', `sine=frequency=${GENERATED_VOICE_HZ}`,
    '-t', String(CLIP_S), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', files.shot,
  ])
  if (hasEspeak) {
    const spoken = spawnSync('espeak-ng', ['-w', files.line, LINE_TEXT])
    if (spoken.status !== 0) throw new Error(`espeak-ng failed: ${spoken.stderr.toString()}`)
  } else {
    console.warn('espeak-ng is not installed (apt-get install espeak-ng): the line is a 2 s tone at 1 kHz instead of speech')
    ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=1000:duration=2', '-c:a', 'pcm_s16le', files.line])
  }
  lineLengthS = Number(spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', files.line]).stdout.toString())
  // Shorter than the shot: the mix loops it to the end of the line, replace-audio fits it to the picture.
  ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=${SCORE_HZ}:sample_rate=44100:duration=2.5`, '-af', 'volume=-3dB', '-c:a', 'flac', files.drone])
  await writeFile(files.notes, 'INT. TRAM STOP - NIGHT\n')
  await writeFile(files.fake, 'not really an mp3\n')
  app = await openApp()
  await app.page.waitForSelector('[data-node-id]')
}, 120_000)

afterAll(async () => {
  scratch.remove()
  await app?.close()
})

function node(page: Page, id: string) {
  return page.locator(`[data-node-id="${id}"]`)
}

async function select(page: Page, id: string): Promise<void> {
  await node(page, id).locator('.node__header').click()
  await page.getByRole('complementary', { name: 'Inspector' }).getByText(id, { exact: true }).waitFor()
}

/** Drops a file from disk on an element, as the browser delivers a file dragged from the desktop. */
async function dropFile(page: Page, selector: string, path: string, type: string): Promise<void> {
  const name = path.split('/').at(-1)!
  const base64 = (await readFile(path)).toString('base64')
  await page.evaluate(
    ({ selector, name, type, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
      const transfer = new DataTransfer()
      transfer.items.add(new File([bytes], name, { type }))
      const target = document.querySelector(selector)
      if (!target) throw new Error(`nothing at ${selector} to drop on`)
      // Where the pointer lets go: the middle of the target.
      const box = target.getBoundingClientRect()
      const at = { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 }
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true, ...at }))
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true, ...at }))
    },
    { selector, name, type, base64 },
  )
}

/** The exported file, taken from the link the export node offers for download. */
async function downloadExport(page: Page): Promise<Buffer> {
  const base64 = await node(page, 'deliver')
    .locator('a[download]')
    .evaluate(async (anchor: HTMLAnchorElement) => {
      const bytes = new Uint8Array(await (await fetch(anchor.href)).arrayBuffer())
      let text = ''
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      return btoa(text)
    })
  return Buffer.from(base64, 'base64')
}

/** RMS in dB of `samples` in windows of 100 ms between two moments. */
function windowLevels(samples: Float32Array, fromS: number, toS: number): number[] {
  const levels: number[] = []
  for (let start = fromS; start + 0.1 <= toS; start += 0.05) levels.push(rmsDb(samples, Math.round(start * RATE), Math.round((start + 0.1) * RATE)))
  return levels
}

describe('the sound craft in the editor', () => {
  it('replaces a clip’s voice with a dropped line over a ducked, normalised score, and exports it', async () => {
    const page = app!.page
    await fromFileMenu(page, 'Import')
    await page.getByLabel('Pipeline file', { exact: true }).setInputFiles({
      name: 'craft.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(craftDoc)),
    })
    await node(page, 'mix').waitFor()
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(craftDoc.name)

    // The shot through the inspector's file field; the score uploaded on its node; the line dropped on its node.
    await select(page, 'shot')
    await page.getByLabel('Clip file', { exact: true }).setInputFiles(files.shot)
    await node(page, 'drone').getByLabel('Choose a sound file').setInputFiles(files.drone)
    // A file that is not sound is refused on the node; one that only claims to be says so before any run.
    await dropFile(page, '[data-node-id="line"] .audio-input', files.notes, 'text/plain')
    await expect(node(page, 'line').getByRole('alert').textContent()).resolves.toBe('“notes.txt” is not a sound file: use WAV, MP3, M4A/AAC, Ogg/Opus or FLAC.')
    await dropFile(page, '[data-node-id="line"] .audio-input', files.fake, 'audio/mpeg')
    await node(page, 'line').getByText(/^No waveform: this browser cannot decode it/).waitFor({ timeout: 60_000 })
    await dropFile(page, '[data-node-id="line"] .audio-input', files.line, 'audio/wav')
    // Each sound shows its waveform before anything runs.
    await node(page, 'line').locator('canvas[data-drawn="true"]').waitFor({ timeout: 60_000 })
    await node(page, 'drone').locator('canvas[data-drawn="true"]').waitFor({ timeout: 60_000 })

    // Linking the line into the mix adds its row, named for the file, after the score's.
    await drawLink(page, { node: 'line', port: 'audio' }, { node: 'mix', port: 'tracks' })
    await select(page, 'mix')
    const inspector = page.getByRole('complementary', { name: 'Inspector' })
    await inspector.getByText('Track 1 · drone.flac').waitFor()
    const lineRow = inspector.locator('details', { hasText: 'Track 2 · line.wav' })
    await lineRow.getByLabel('Role', { exact: true }).selectOption('dialogue')
    await lineRow.getByLabel('Starts at', { exact: true }).fill(String(LINE_AT_S))
    await expect(node(page, 'mix').getByRole('list', { name: 'Tracks' }).textContent()).resolves.toMatch(/drone\.flac.*score.*line\.wav.*dialogue/)

    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await page.locator('[data-node-id="deliver"][data-status="done"]').waitFor({ timeout: 300_000 })

    // The mix shows its waveform and loudness, and plays: the playhead leaves the start.
    const mixNode = node(page, 'mix')
    await mixNode.locator('canvas[data-drawn="true"]').waitFor({ timeout: 60_000 })
    await expect(mixNode.textContent()).resolves.toContain(`−${Math.abs(TARGET_LUFS).toFixed(1)} LUFS`)
    await mixNode.getByRole('button', { name: 'Play mix.wav' }).click()
    await expect.poll(() => mixNode.locator('.waveform__playhead').evaluate((line: HTMLElement) => parseFloat(line.style.left)), { timeout: 20_000 }).toBeGreaterThan(5)
    await mixNode.getByRole('button', { name: 'Pause mix.wav' }).click()
    // The preview dock shows the same waveform and player, given the dock's room.
    await select(page, 'mix')
    await page.keyboard.press('v')
    const dock = page.getByRole('region', { name: 'Preview' })
    await dock.locator('canvas[data-drawn="true"]').waitFor({ timeout: 60_000 })
    const waveformHeights = await page.locator('.waveform').evaluateAll((strips) => strips.map((strip) => strip.getBoundingClientRect().height))
    expect(Math.max(...waveformHeights)).toBeGreaterThan(Math.min(...waveformHeights))
    await dock.getByRole('button', { name: 'Play mix.wav' }).waitFor()

    await writeFile(files.film, await downloadExport(page))
  }, 600_000)

  it('exports the shot’s picture packets unchanged, with the new sound as long as the picture', async () => {
    expect(await pictureHashes(files.film)).toEqual(await pictureHashes(files.shot))
    const streams = await probeStreams(files.film)
    console.log(`exported: ${streams.map((stream) => `${stream.codec_type} ${stream.codec_name} ${stream.duration} s`).join(', ')}`)
    expect(streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video'])
    for (const stream of streams) expect(Math.abs(Number(stream.duration) - CLIP_S)).toBeLessThan(0.05)
  })

  it('carries the line and the score, not the generated voice, at the target loudness', () => {
    const { summary } = ffmpegLoudness(files.film, scratch)
    console.log(`exported sound: ${summary.integratedLufs} LUFS integrated, true peak ${summary.truePeakDbtp} dBTP (target ${TARGET_LUFS})`)
    expect(Math.abs(summary.integratedLufs - TARGET_LUFS)).toBeLessThanOrEqual(1)
    // Before the line comes in, the generated voice was all there was at its pitch.
    const beforeLine = (path: string) => rmsDb(filteredMono(path, isolateTone(GENERATED_VOICE_HZ), RATE), Math.round(0.3 * RATE), Math.round((LINE_AT_S - 0.1) * RATE))
    const [generatedBefore, generatedAfter] = [beforeLine(files.shot), beforeLine(files.film)]
    const line = rmsDb(filteredMono(files.film, 'highpass=f=300,lowpass=f=3400', RATE), Math.round((LINE_AT_S + 0.2) * RATE), Math.round((LINE_AT_S + lineLengthS - 0.2) * RATE))
    console.log(`the generated voice (${GENERATED_VOICE_HZ} Hz) at ${generatedBefore.toFixed(1)} dB in the shot, ${generatedAfter.toFixed(1)} dB in the film; the line (300–3400 Hz) at ${line.toFixed(1)} dB`)
    expect(generatedBefore - generatedAfter).toBeGreaterThan(40)
    expect(line).toBeGreaterThan(generatedBefore - 6)
  })

  it('ducks the score under the line by the asked amount, within 1 dB', () => {
    const score = filteredMono(files.film, isolateTone(SCORE_HZ), RATE)
    const before = rmsDb(score, Math.round(0.3 * RATE), Math.round((LINE_AT_S - 0.1) * RATE))
    const under = Math.min(...windowLevels(score, LINE_AT_S + 0.2, LINE_AT_S + lineLengthS - 0.2))
    console.log(`score ${before.toFixed(2)} dB before the line, ${under.toFixed(2)} dB under it: ducked ${(before - under).toFixed(2)} dB (asked ${DUCK.amountDb})`)
    expect(Math.abs(before - under - DUCK.amountDb)).toBeLessThanOrEqual(1)
  })

  it('plays in Chromium', async () => {
    const page = app!.page
    const base64 = (await readFile(files.film)).toString('base64')
    const played = await page.evaluate(async (data) => {
      const video = document.createElement('video')
      video.muted = true
      video.src = URL.createObjectURL(new Blob([Uint8Array.from(atob(data), (char) => char.charCodeAt(0))], { type: 'video/mp4' }))
      await video.play()
      await new Promise((resolve) => setTimeout(resolve, 1500))
      const state = { currentTime: video.currentTime, duration: video.duration, error: video.error?.message }
      video.pause()
      return state
    }, base64)
    console.log(`Chromium played the export to ${played.currentTime.toFixed(2)} s of ${played.duration.toFixed(2)} s`)
    expect(played.error).toBeUndefined()
    expect(played.currentTime).toBeGreaterThan(0.3)
    expect(Math.abs(played.duration - CLIP_S)).toBeLessThan(0.05)
  })

  it('makes a Sound node of a sound file dropped on the empty canvas, its waveform drawn before any run', async () => {
    const page = app!.page
    const before = await page.locator('[data-node-type="audio-input"]').count()
    await dropFile(page, '.react-flow__pane', files.drone, '')
    await expect.poll(() => page.locator('[data-node-type="audio-input"]').count()).toBe(before + 1)
    const dropped = page.locator('.react-flow__node.selected [data-node-type="audio-input"]')
    await page.getByRole('complementary', { name: 'Inspector' }).getByText('drone.flac').waitFor()
    await dropped.locator('canvas[data-drawn="true"]').waitFor({ timeout: 60_000 })
  })
})
