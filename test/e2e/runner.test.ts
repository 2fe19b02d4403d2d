import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { namePart } from '../../scripts/output-files.mjs'
import type { PipelineDoc } from '../../src/graph'
import { projectRoot, runCommand, runReelgraph } from './harness'
import { pipelineDoc, pipelineLink, pipelineNode } from './pipeline-files'

interface Report {
  pipeline: { id: string; name: string }
  status: string
  nodes: Record<string, { type: string; status: string; cached: boolean; durationMs: number; cacheKey: string; error?: string }>
  shots?: { key: string; items: Record<string, { status: string }> }[]
  outputs: string[]
  log: { lines: { at: string; nodeId: string; node: string; level: string; message: string }[]; dropped: number }
}

const gradeDoc: PipelineDoc = pipelineDoc({
  id: 'runner-grade',
  name: 'Runner grade',
  description: 'A still, graded, previewed.',
  nodes: [
    pipelineNode('still', 'image-input'),
    pipelineNode('grade', 'image-adjust', { exposure: 0.5, saturation: 0.6 }, { at: { x: 300, y: 0 } }),
    pipelineNode('look', 'preview', {}, { at: { x: 600, y: 0 } }),
  ],
  edges: [
    pipelineLink('still', 'image', 'grade', 'image', 'e1'),
    pipelineLink('grade', 'image', 'look', 'value', 'e2'),
  ],
})

let work: string
let still: string
let pipeline: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'reelgraph-runner-'))
  still = join(work, 'still.png')
  const made = await runCommand('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240', '-frames:v', '1', still])
  expect(made.code, made.stderr).toBe(0)
  pipeline = join(work, 'grade.json')
  await writeFile(pipeline, JSON.stringify(gradeDoc))
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

async function readReport(dir: string): Promise<Report> {
  return JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report
}

describe('npm run reelgraph -- run', () => {
  it('writes the sinks and a report, and a second run with the same profile is all cached', async () => {
    const profile = join(work, 'profile')
    const first = join(work, 'first')
    const run = await runReelgraph(['run', pipeline, '--out', first, '--input', `still=${still}`, '--save', 'grade', '--profile', profile])
    expect(run.code, run.stderr).toBe(0)

    const report = await readReport(first)
    expect(report.status).toBe('done')
    expect(report.pipeline).toEqual({ id: 'runner-grade', name: 'Runner grade' })
    expect(Object.keys(report.nodes).sort()).toEqual(['grade', 'look', 'still'])
    for (const node of Object.values(report.nodes)) {
      expect(node.status).toBe('done')
      expect(node.cached).toBe(false)
      expect(node.cacheKey).toMatch(/^[0-9a-f]{64}$/)
    }
    expect(report.outputs.sort()).toEqual(['grade.image.png', 'look.value.png'])

    const probe = await runCommand('ffprobe', [
      '-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', join(first, 'look.value.png'),
    ])
    expect(probe.code, probe.stderr).toBe(0)
    expect(JSON.parse(probe.stdout).streams[0]).toMatchObject({ codec_name: 'png', width: 320, height: 240 })

    const second = join(work, 'second')
    const rerun = await runReelgraph(['run', pipeline, '--out', second, '--input', `still=${still}`, '--profile', profile])
    expect(rerun.code, rerun.stderr).toBe(0)
    const cached = await readReport(second)
    expect(Object.values(cached.nodes).map((node) => node.status)).toEqual(['cached', 'cached', 'cached'])
    expect(Object.values(cached.nodes).every((node) => node.cached)).toBe(true)
    for (const [id, node] of Object.entries(cached.nodes)) expect(node.cacheKey).toBe(report.nodes[id]?.cacheKey)
    expect(await readFile(join(second, 'look.value.png'))).toEqual(await readFile(join(first, 'look.value.png')))
  })

  it('names the files as the app’s downloads with --name-by-label, the label made safe', async () => {
    const labelled: PipelineDoc = { ...gradeDoc, nodes: gradeDoc.nodes.map((node) => (node.id === 'grade' ? { ...node, label: 'Dusk/grade' } : node)) }
    const doc = join(work, 'labelled.json')
    await writeFile(doc, JSON.stringify(labelled))
    const out = join(work, 'by-label')
    const run = await runReelgraph(['run', doc, '--out', out, '--input', `still=${still}`, '--save', 'grade', '--name-by-label'])
    expect(run.code, run.stderr).toBe(0)
    const names = ['Runner grade — Dusk grade.png', 'Runner grade — Preview.png']
    expect((await readReport(out)).outputs.sort()).toEqual(names)
    expect((await readdir(out)).sort()).toEqual([...names, 'report.json'].sort())
  })

  it('applies --set before running, and a bad value is refused with its path', async () => {
    const out = join(work, 'set')
    const set = await runReelgraph(['run', pipeline, '--out', out, '--input', `still=${still}`, '--set', 'grade.exposure=-1'])
    expect(set.code, set.stderr).toBe(0)
    expect((await readReport(out)).nodes.grade?.status).toBe('done')

    const refused = await runReelgraph(['run', pipeline, '--out', out, '--input', `still=${still}`, '--set', 'grade.contrast="high"'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('nodes[1].params.contrast:')
  })

  it('reads --set <node>.<param>=@<file> as a file typed by its bytes, and refuses what is not a regular file, too large, or a param that takes no file', async () => {
    // A PNG under a name that says nothing: its bytes make it an image, which the image input takes.
    const unnamed = join(work, 'still.dat')
    await writeFile(unnamed, await readFile(still))
    const out = join(work, 'at-file')
    const set = await runReelgraph(['run', pipeline, '--out', out, '--set', `still.file=@${unnamed}`])
    expect(set.code, set.stderr).toBe(0)
    expect((await readReport(out)).nodes.grade?.status).toBe('done')

    const refusals: [string, string][] = [
      [`still.file=@${work}`, `${work} is a directory; give one file inside it`],
      ['still.file=@/dev/null', '/dev/null is not a regular file (a device, a pipe or a socket)'],
      [`still.file=@${join(work, 'missing.png')}`, `${join(work, 'missing.png')} does not exist`],
    ]
    // Larger than a param's file may be (sparse: nothing is written to the disk).
    const huge = join(work, 'huge.png')
    await writeFile(huge, '')
    await truncate(huge, 600 * 1024 * 1024)
    refusals.push([`still.file=@${huge}`, 'is 600 MB; a file given to a param may be at most 512 MB'])
    for (const [option, message] of refusals) {
      const refused = await runReelgraph(['run', pipeline, '--out', out, '--set', option])
      expect(refused.code, option).toBe(2)
      expect(refused.stderr, option).toContain(message)
    }
    const notAFile = await runReelgraph(['run', pipeline, '--out', out, '--input', `still=${still}`, '--set', `grade.exposure=@${still}`])
    expect(notAFile.code).toBe(2)
    expect(notAFile.stderr).toContain('the param "exposure" of a "image-adjust" node takes no file: give its value as JSON (--set grade.exposure=<json>)')
  })

  it('exits non-zero with the path of each problem in a bad document', async () => {
    const bad = join(work, 'bad.json')
    const broken = { ...gradeDoc, nodes: gradeDoc.nodes.map((node) => (node.id === 'grade' ? { ...node, params: { exposure: 'bright' } } : node)) }
    await writeFile(bad, JSON.stringify({ ...broken, edges: broken.edges.slice(1) }))
    const run = await runReelgraph(['run', bad, '--out', join(work, 'bad'), '--input', `still=${still}`])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('nodes[1].params.exposure: ')
    expect(run.stderr).toContain('nodes[1]: input "image" needs a link')
  })

  it('runs nodes named like Object.prototype members to the end, and refuses a param named like one', async () => {
    const named = join(work, 'prototype-named.json')
    const text = (id: string, line: string) => pipelineNode(id, 'text', { text: line })
    const preview = (id: string) => pipelineNode(id, 'preview', {}, { at: { x: 300, y: 0 } })
    const edge = (from: string, to: string) => pipelineLink(from, 'text', to, 'value', `${from}-${to}`)
    const doc: PipelineDoc = {
      ...gradeDoc,
      id: 'prototype-named',
      nodes: [text('constructor', 'Dusk'), preview('__proto__'), text('toString', 'Dawn'), preview('hasOwnProperty'), text('valueOf', 'Noon')],
      edges: [edge('constructor', '__proto__'), edge('toString', 'hasOwnProperty')],
    }
    await writeFile(named, JSON.stringify(doc))
    const out = join(work, 'prototype-named')
    // The run used to wait forever on a node that looked finished before it started.
    const run = await runReelgraph(['run', named, '--out', out, '--set', 'valueOf.text="Night"'], { timeoutMs: 150_000 })
    expect(run.code, run.stderr).toBe(0)
    const report = await readReport(out)
    expect(report.status).toBe('done')
    expect(Object.keys(report.nodes).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'])
    for (const [id, node] of Object.entries(report.nodes)) {
      expect(node.status, id).toBe('done')
      expect(node.type, id).toBe(['__proto__', 'hasOwnProperty'].includes(id) ? 'preview' : 'text')
    }
    expect(report.outputs).toHaveLength(3)

    const refused = await runReelgraph(['run', named, '--out', out, '--set', 'valueOf.constructor="x"'], { timeoutMs: 150_000 })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('--set valueOf.constructor: a "text" node has no param "constructor"')
  }, 400_000)

  it('runs the short film template on a script given with --set, a line a shot, and report.json lists each shot’s items', async () => {
    // A three-shot script and one take a shot keep the run short; the template is the built-in one.
    const script = join(work, 'film.fountain')
    await writeFile(script, 'EXT. PIER - DAY\n\nMARA walks to the end of the pier.\n[[duration: 1]]\n\nTHEO waves from a boat.\n[[camera: wide; duration: 1]]\n\nMARA\nToo late.\n\nINT. CAFE - NIGHT\n\nMARA sits alone at the window.\n[[duration: 1]]\n')
    const samples = join(projectRoot, 'public', 'samples')
    const template = join(projectRoot, 'src', 'document', 'templates', '0-short-film.json')
    const out = join(work, 'film')
    const run = await runReelgraph(
      [
        'run', template, '--out', out,
        '--set', `script.script=@${script}`,
        '--set', `mara.images=@${join(samples, 'mara-portrait.jpg')}`,
        '--set', `ridge.images=@${join(samples, 'dusk-hills.jpg')}`,
        '--set', `cafe.images=@${join(samples, 'station-cafe.jpg')}`,
        '--input', `score=${join(samples, 'temp-score.opus')}`,
        '--set', 'takes.takes=1',
      ],
      { timeoutMs: 400_000 },
    )
    expect(run.code, run.stderr + run.stdout).toBe(0)
    const shotLines = run.stdout.split('\n').filter((line) => line.trimStart().startsWith('shot '))
    expect(shotLines).toEqual(['1A', '1B', '2A'].map((key) => `  shot ${key}: prompt done, takes done, pick done`))
    const report = await readReport(out)
    expect(report.status).toBe('done')
    expect(report.shots?.map((shot) => shot.key)).toEqual(['1A', '1B', '2A'])
    for (const shot of report.shots ?? []) expect(Object.keys(shot.items)).toEqual(['prompt', 'takes', 'pick'])
    expect(report.outputs.some((file) => file.endsWith('.mp4'))).toBe(true)
  }, 500_000)

  it('exits non-zero when a node fails, and says which', async () => {
    const out = join(work, 'failed')
    const run = await runReelgraph(['run', pipeline, '--out', out])
    expect(run.code).toBe(1)
    const report = await readReport(out)
    expect(report.status).toBe('error')
    expect(report.nodes.still?.status).toBe('error')
    expect(report.nodes.still?.error).toMatch(/no image/i)
    expect(report.nodes.look?.status).toBe('skipped')
    // The failure is in the run's log too, as the app's Log panel lists it.
    expect(report.log.dropped).toBe(0)
    expect(report.log.lines).toEqual([{ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), nodeId: 'still', node: 'Image', level: 'error', message: report.nodes.still?.error }])
  })

  it('writes every output inside --out under a safe name, with the extension of what its bytes are', async () => {
    const png = await readFile(still)
    const script = Buffer.from('alert(document.cookie)\n')
    const asset = (bytes: Buffer, mime: string) => ({ kind: 'image', hash: createHash('sha256').update(bytes).digest('hex'), mime, bytes: bytes.length, meta: {} })
    const planted = asset(script, 'text/javascript')
    const plate = asset(png, 'image/png')
    const input = (id: string, file: object) => pipelineNode(id, 'image-input', { file })
    const doc = { ...gradeDoc, nodes: [input('../../escaped', planted), input('a/b', plate), input('a.b', plate)], edges: [] }
    const bundle = join(work, 'escape.reelgraph.zip')
    await writeFile(
      bundle,
      zipSync({
        'manifest.json': strToU8(JSON.stringify({ format: 'reelgraph-bundle', version: 1, assets: [planted, plate] })),
        'pipeline.json': strToU8(JSON.stringify(doc)),
        [`assets/${planted.hash}`]: script,
        [`assets/${plate.hash}`]: png,
      }),
    )
    const out = join(work, 'escape', 'deeper', 'out')
    const run = await runReelgraph(['run', bundle, '--out', out])
    expect(run.code, run.stderr).toBe(0)
    const expected = [`${namePart('../../escaped')}.image.txt`, `${namePart('a/b')}.image.png`, `${namePart('a.b')}.image.png`]
    expect((await readReport(out)).outputs).toEqual(expected)
    expect((await readdir(out)).sort()).toEqual([...expected, 'report.json'].sort())
    expect(await readdir(join(work, 'escape'))).toEqual(['deeper'])
    expect(await readFile(join(out, expected[1] ?? ''))).toEqual(png)
  })
  it('refuses a bundle of more than 256 MB of media unless --allow-large-bundle is given, unpacking nothing', async () => {
    const bytes = Buffer.alloc(100, 7)
    const claimed = 300 * 1024 * 1024
    const clip = { kind: 'video', hash: createHash('sha256').update(bytes).digest('hex'), mime: 'video/mp4', bytes: claimed, meta: {} }
    const zip = zipSync({
      'manifest.json': strToU8(JSON.stringify({ format: 'reelgraph-bundle', version: 1, assets: [clip] })),
      'pipeline.json': strToU8(JSON.stringify(gradeDoc)),
      [`assets/${clip.hash}`]: bytes,
    })
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
    for (let at = 0; at + 46 <= zip.length; at++) {
      // The asset's directory entry claims 300 MB unpacked, as the manifest does.
      if (view.getUint32(at, true) !== 0x02014b50) continue
      if (Buffer.from(zip.subarray(at + 46, at + 46 + view.getUint16(at + 28, true))).toString() === `assets/${clip.hash}`) view.setUint32(at + 24, claimed, true)
    }
    const bundle = join(work, 'large.reelgraph.zip')
    await writeFile(bundle, zip)
    const run = await runReelgraph(['run', bundle, '--out', join(work, 'large')])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('(bundle): the bundle holds 300 MB of media')
    expect(run.stderr).toContain('Run again with --allow-large-bundle to keep it.')
  })
})

describe('npm run reelgraph -- nodes --json', () => {
  it('runs a .reelgraph.zip bundle on a clean profile with no file from outside, noting what it did not read', async () => {
    const bytes = await readFile(still)
    const plate = { kind: 'image', hash: createHash('sha256').update(bytes).digest('hex'), mime: 'image/png', bytes: bytes.length, meta: { name: 'still.png', width: 320, height: 240 } }
    const doc = { ...gradeDoc, nodes: gradeDoc.nodes.map((node) => (node.id === 'still' ? { ...node, params: { file: plate } } : node)) }
    const bundle = join(work, 'grade.reelgraph.zip')
    await writeFile(
      bundle,
      zipSync({
        'manifest.json': strToU8(JSON.stringify({ format: 'reelgraph-bundle', version: 1, assets: [plate] })),
        'pipeline.json': strToU8(JSON.stringify(doc)),
        [`assets/${plate.hash}`]: bytes,
        '../outside.txt': strToU8('never read'),
      }),
    )
    const out = join(work, 'from-bundle')
    const run = await runReelgraph(['run', bundle, '--out', out, '--profile', join(work, 'bundle-profile')])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('note: ../outside.txt: climbs out of the bundle')
    const report = await readReport(out)
    expect(Object.fromEntries(Object.entries(report.nodes).map(([id, node]) => [id, [node.type, node.status]]))).toEqual({
      still: ['image-input', 'done'],
      grade: ['image-adjust', 'done'],
      look: ['preview', 'done'],
    })
    expect(report.outputs).toEqual(['look.value.png'])
  })

  it('lists every node type with its ports and params as JSON Schema', async () => {
    const listed = await runReelgraph(['nodes', '--json'])
    expect(listed.code, listed.stderr).toBe(0)
    const types = JSON.parse(listed.stdout) as {
      type: string
      inputs: { name: string; type: string; optional: boolean }[]
      outputs: { name: string; type: string; optional: boolean }[]
      params: { type: string; properties: Record<string, unknown> }
    }[]
    const byType = new Map(types.map((type) => [type.type, type]))
    expect([...byType.keys()]).toEqual(expect.arrayContaining(['image-input', 'text', 'image-adjust', 'preview']))
    expect(byType.get('image-adjust')?.inputs).toEqual([{ name: 'image', type: 'image', optional: false }])
    expect(byType.get('preview')?.inputs[0]).toMatchObject({ name: 'value', type: 'any' })
    expect(byType.get('preview')?.outputs).toEqual([])
    expect(byType.get('image-adjust')?.params.properties.exposure).toMatchObject({ type: 'number', default: 0 })
    expect(byType.get('image-input')?.params.properties.file).toMatchObject({ type: 'object' })
    expect(byType.get('text')?.params.properties.text).toMatchObject({ type: 'string' })
  })
})
