import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cutAsEdl } from '../../nodes/sequence/edl'
import { sequenceTimeline } from '../../nodes/sequence/timeline'
import { gradeAsCube } from '../../src/media/color/cube-export'
import { labelStem, namePart, OutputNames, outputStem, pathInside, sniffExtension, writeAllInside, writeInside } from '../../scripts/output-files.mjs'

const run = promisify(execFile)

let work: string
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-output-files-'))
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

/** One small file of each kind the runner writes, made by ffmpeg (the independent reference). */
async function made(name: string, args: string[]): Promise<Uint8Array> {
  const path = join(work, name)
  await run('ffmpeg', ['-v', 'error', '-y', ...args, path])
  return new Uint8Array(await readFile(path))
}

const picture = ['-f', 'lavfi', '-i', 'testsrc2=size=64x48:duration=0.2:rate=10']
const sound = ['-f', 'lavfi', '-i', 'sine=duration=0.2']

describe('runner output names', () => {
  it('keeps a safe id as it is and makes any other one safe, readable and its own', () => {
    expect(outputStem('grade', 'image')).toBe('grade.image')
    expect(outputStem('takes', 'takes', 2)).toBe('takes.takes.2')
    const escaped = namePart('../../escaped')
    expect(escaped).toMatch(/^escaped-[0-9a-f]{8}$/)
    const alike = ['a/b', 'a.b', 'a b', 'a\\b', 'a_b'].map(namePart)
    expect(new Set(alike).size).toBe(5)
    expect(alike).toContain('a_b')
    expect(namePart('')).toMatch(/^node-[0-9a-f]{8}$/)
    expect(namePart('CON')).toMatch(/^CON-[0-9a-f]{8}$/)
    expect(namePart('x'.repeat(200))).toMatch(/^x{64}-[0-9a-f]{8}$/)
  })

  it('never hands out a name twice, nor the report’s', () => {
    const names = new OutputNames(['report.json'])
    const hashed = outputStem('a/b', 'image')
    expect(names.claim(hashed, 'png')).toBe(`${hashed}.png`)
    // An id spelled as another's hashed name gets a name of its own, not the other's file.
    expect(names.claim(outputStem(hashed.split('.')[0] ?? '', 'image'), 'png')).toBe(`${hashed}-2.png`)
  })

  it('refuses any path that would land outside the output folder', async () => {
    const out = join(work, 'out')
    expect(pathInside(out, 'grade.image.png')).toBe(join(out, 'grade.image.png'))
    for (const name of ['../escaped.js', '../../escaped.image.js', '/etc/passwd', 'a/../../b', '.', '', 'sub/../x']) {
      expect(() => pathInside(out, name), name).toThrow(/would land outside/)
    }
    await expect(writeInside(out, '../../escaped.image.js', 'alert(1)')).rejects.toThrow(/would land outside/)
    expect(await readdir(work)).not.toContain('escaped.image.js')
  })

  it('writes many results in one go, and none when any name would land outside', async () => {
    const out = join(work, 'many')
    await mkdir(out)
    const files = Array.from({ length: 300 }, (_, i) => ({ name: `shot${i}.prompt.json`, bytes: `{"text":"shot ${i}"}\n` }))
    writeAllInside(out, files)
    expect((await readdir(out)).length).toBe(300)
    expect(await readFile(join(out, 'shot299.prompt.json'), 'utf8')).toBe('{"text":"shot 299"}\n')

    const refused = join(work, 'refused')
    await mkdir(refused)
    expect(() => writeAllInside(refused, [{ name: 'first.text.json', bytes: '1' }, { name: '../escaped.js', bytes: 'alert(1)' }])).toThrow(/would land outside/)
    expect(await readdir(refused)).toEqual([])
    expect(await readdir(work)).not.toContain('escaped.js')
  })
})

describe('runner output names by label (--name-by-label)', () => {
  it('names a file as the app’s download is: pipeline, node, then the port and item number where needed', () => {
    expect(labelStem({ pipeline: 'Mara on the ridge', node: 'Dusk grade' })).toBe('Mara on the ridge — Dusk grade')
    expect(labelStem({ pipeline: 'Mara on the ridge', node: 'Cut', port: 'edl' })).toBe('Mara on the ridge — Cut — edl')
    expect(labelStem({ pipeline: 'Mara', node: 'Takes', port: 'takes', index: 0 })).toBe('Mara — Takes — takes — 1')
  })

  it('keeps a hostile label inside the output folder, on one line, without hidden or reserved characters', () => {
    const names = [
      labelStem({ pipeline: '../../etc', node: 'passwd' }),
      labelStem({ pipeline: 'a/b\\c', node: 'C:\\x' }),
      labelStem({ pipeline: 'line\nbreak', node: 'tab\there' }),
      labelStem({ pipeline: 'shot', node: 'evil\u202egpj.exe' }),
      labelStem({ pipeline: '..', node: '.' }),
      labelStem({ pipeline: '', node: 'CON' }),
    ]
    expect(names).toEqual(['etc — passwd', 'a b c — C x', 'line break — tab here', 'shot — evil gpj.exe', 'reelgraph-output', 'reelgraph-CON'])
    for (const name of names) expect(() => pathInside(work, `${name}.mp4`)).not.toThrow()
    expect(labelStem({ pipeline: 'p'.repeat(500), node: 'n' }).length).toBeLessThanOrEqual(80 + 3 + 1)
  })
})

describe('runner output extensions come from the bytes', () => {
  it('names each kind of media the runner writes by what it is', async () => {
    const kinds: [string, string[], string][] = [
      ['a.mp4', [...picture, '-pix_fmt', 'yuv420p'], 'mp4'],
      ['a.mov', [...picture, '-c:v', 'mjpeg'], 'mov'],
      ['a.webm', [...picture, '-c:v', 'libvpx'], 'webm'],
      ['a.mkv', [...picture, '-c:v', 'mjpeg'], 'mkv'],
      ['a.wav', sound, 'wav'],
      ['a.ogg', [...sound, '-c:a', 'libvorbis'], 'ogg'],
      ['a.mp3', [...sound, '-c:a', 'libmp3lame', '-write_xing', '0', '-id3v2_version', '0'], 'mp3'],
      ['b.mp3', [...sound, '-c:a', 'libmp3lame'], 'mp3'],
      ['a.flac', sound, 'flac'],
      ['a.m4a', [...sound, '-c:a', 'aac'], 'm4a'],
      // Sound alone in a plain MP4 (brand isom, as mediabunny writes an extracted track) is still sound.
      ['sound.mp4', [...sound, '-c:a', 'aac', '-f', 'mp4'], 'm4a'],
      ['both.mp4', [...picture, ...sound, '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest'], 'mp4'],
      ['a.png', [...picture, '-frames:v', '1'], 'png'],
      ['a.jpg', [...picture, '-frames:v', '1'], 'jpg'],
      ['a.webp', [...picture, '-frames:v', '1'], 'webp'],
    ]
    const files = await Promise.all(kinds.map(([name, args]) => made(name, args)))
    expect(files.map(sniffExtension)).toEqual(kinds.map(([, , extension]) => extension))
  })

  it('names the text files by their content: a LUT, an EDL, an OTIO timeline, JSON, else plain text, and never a script or a page', () => {
    const encode = (text: string) => new TextEncoder().encode(text)
    const cube = gradeAsCube({ strength: 0.5 }, { title: 'dusk grade', size: 2 })
    expect(sniffExtension(encode(cube))).toBe('cube')
    const source = { fps: 24, first: 0, frames: 48, fileFrames: 48 }
    const edl = cutAsEdl({ title: 'Dusk', fps: 24, width: 640, height: 360, clips: [{ name: 'a', source, width: 640, height: 360, frames: 48 }], crossfadeFrames: 0, timeline: sequenceTimeline([48], 0), startFrame: 3600 * 24 })
    expect(sniffExtension(encode(edl.text))).toBe('edl')
    expect(sniffExtension(encode('{"takes": [1, 2]}\n'))).toBe('json')
    expect(sniffExtension(encode('{"OTIO_SCHEMA": "Timeline.1", "name": "Dusk", "tracks": {}}'))).toBe('otio')
    expect(sniffExtension(encode('<?xml version="1.0"?>\n<!DOCTYPE fcpxml>\n<fcpxml version="1.10"></fcpxml>'))).toBe('fcpxml')
    for (const hostile of ['alert(document.cookie)\n', '<html><script>alert(1)</script></html>', '<svg onload="alert(1)"/>', '{"not": json']) {
      expect(sniffExtension(encode(hostile)), hostile).toBe('txt')
    }
    expect(sniffExtension(new Uint8Array([0, 1, 2, 3, 0xfe, 0xff]))).toBe('bin')
  })
})
