/**
 * What the runner-driven e2e tests share: pipeline documents written to disk, and ffmpeg/ffprobe
 * to make the media that goes in and to check what comes out.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { RunRecord } from '../../src/engine'
import { CURRENT_DOC_VERSION, type PipelineDoc, type PipelineEdge, type PipelineNode } from '../../src/graph'
import { runCommand } from './harness'

/** The runner's report.json, as far as the tests read it. */
export interface Report {
  status: string
  nodes: Record<string, { status: string; error?: string; parts?: { reused: number; made: number }; warnings?: string[] }>
  outputs: string[]
}

/** Where a node sits, what it is called on the canvas, and which version of its type wrote its params. */
export interface PipelineNodeOptions {
  at?: { x: number; y: number }
  label?: string
  /**
   * 1 unless given: the tests write params as a node's first version had them (delivery's
   * `videoBitrate` on export), and the app upgrades them on open as it does any older file.
   */
  typeVersion?: number
}

export function pipelineNode(id: string, type: string, params: Record<string, unknown> = {}, options: PipelineNodeOptions = {}): PipelineNode {
  const { at = { x: 0, y: 0 }, label, typeVersion = 1 } = options
  return { id, type, typeVersion, position: at, ...(label === undefined ? {} : { label }), params }
}

export function pipelineLink(from: string, fromPort: string, to: string, toPort: string, id = `${from}-${to}-${toPort}`): PipelineEdge {
  return { id, from: { node: from, port: fromPort }, to: { node: to, port: toPort } }
}

/** A whole document at the current format version; `description` empty and `edges` none unless given. */
export function pipelineDoc({
  id,
  name,
  description = '',
  nodes,
  edges = [],
  ...rest
}: Omit<PipelineDoc, 'format' | 'version' | 'description' | 'edges'> & { description?: string; edges?: PipelineEdge[] }): PipelineDoc {
  return { format: 'reelgraph', version: CURRENT_DOC_VERSION, id, name, description, nodes, edges, ...rest }
}

/** Writes a document named `name` into `dir` and gives its path. */
export async function writePipeline(dir: string, name: string, nodes: PipelineNode[], edges: PipelineEdge[]): Promise<string> {
  const path = join(dir, `${name}.json`)
  await writeFile(path, JSON.stringify(pipelineDoc({ id: name, name, nodes, edges })))
  return path
}

export async function ffmpeg(args: string[]): Promise<void> {
  const made = await runCommand('ffmpeg', ['-v', 'error', '-y', ...args])
  expect(made.code, made.stderr).toBe(0)
}

export interface Stream {
  codec_type: 'video' | 'audio'
  codec_name: string
  width?: number
  height?: number
  sample_rate?: string
  duration: string
  nb_read_frames?: string
}

/** Every stream with its duration and, counted by decoding, its frames. */
export async function probeStreams(file: string): Promise<Stream[]> {
  const probe = await runCommand('ffprobe', [
    '-v', 'error', '-count_frames', '-show_entries', 'stream=codec_type,codec_name,width,height,sample_rate,duration,nb_read_frames', '-of', 'json', file,
  ])
  expect(probe.code, probe.stderr).toBe(0)
  return (JSON.parse(probe.stdout) as { streams: Stream[] }).streams
}

/**
 * The picture's packets as stored (no decoding): each one's presentation time in seconds, size and
 * MD5. Times are compared in seconds because the muxer picks its own time base (24 fps as 1/12288
 * in, 1/57600 out), which changes the tick counts but not the moments. `fromFirstFrame` counts them
 * from the first frame: a WebM's clock starts wherever its muxer puts the Opus codec delay.
 */
export async function pictureHashes(file: string, { fromFirstFrame = false } = {}): Promise<string[]> {
  const copied = await runCommand('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v', '-c', 'copy', '-f', 'framemd5', '-'])
  expect(copied.code, copied.stderr).toBe(0)
  const lines = copied.stdout.split('\n')
  const [ticks, perSecond] = /^#tb 0: (\d+)\/(\d+)/m.exec(lines.join('\n'))!.slice(1).map(Number) as [number, number]
  const packets = lines
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [, , pts, , size, md5] = line.split(',').map((field) => field.trim())
      return { seconds: (Number(pts) * ticks) / perSecond, size, md5 }
    })
  const start = fromFirstFrame ? Math.min(...packets.map((packet) => packet.seconds)) : 0
  return packets.map(({ seconds, size, md5 }) => `${(seconds - start).toFixed(4)} s, ${size} bytes, ${md5}`)
}

/** The PSNR between two pictures (or clips) of one size, by ffmpeg's `psnr` filter, in dB. */
export async function psnrOf(ours: string, theirs: string): Promise<number> {
  const compared = await runCommand('ffmpeg', ['-v', 'info', '-i', ours, '-i', theirs, '-lavfi', 'psnr', '-f', 'null', '-'])
  const figure = Number(/PSNR .* average:([\d.]+|inf)/.exec(compared.stderr)?.[1])
  expect(figure, compared.stderr.slice(-400)).not.toBeNaN()
  return figure
}

/**
 * A list of shot actions through one chain, as the list e2e tests use it: a text list into a prompt,
 * two animatic takes a shot, a picker, and the cut gathering the picks into an export.
 */
export function shotChain(id: string, name: string, actions: readonly string[]): PipelineDoc {
  return pipelineDoc({
    id,
    name,
    nodes: [
      pipelineNode('shots', 'text-list', { texts: actions.map((action) => `action: ${action}`) }),
      pipelineNode('prompt', 'prompt', { subject: 'a lighthouse keeper', action: '{action}', environment: 'a harbour at dusk', durationS: 1 }, { at: { x: 340, y: 0 } }),
      pipelineNode('takes', 'generate-video', { provider: 'animatic', takes: 2, height: 480, fps: 12 }, { at: { x: 680, y: 0 } }),
      pipelineNode('pick', 'take-picker', { selected: [0] }, { at: { x: 1020, y: 0 } }),
      pipelineNode('cut', 'sequence', { crossfadeS: 0 }, { at: { x: 1020, y: 260 } }),
      pipelineNode('export', 'export', { container: 'mp4' }, { at: { x: 1360, y: 260 } }),
    ],
    edges: [
      pipelineLink('shots', 'texts', 'prompt', 'text'),
      pipelineLink('prompt', 'prompt', 'takes', 'prompt'),
      pipelineLink('takes', 'takes', 'pick', 'takes'),
      pipelineLink('pick', 'video', 'cut', 'clips'),
      pipelineLink('cut', 'video', 'export', 'video'),
    ],
  })
}

/** A per-item node's item statuses in a run record, by item key. */
export function itemStatuses(record: RunRecord, nodeId: string): Record<string, string> {
  return Object.fromEntries(Object.entries(record.nodes[nodeId]?.items ?? {}).map(([key, item]) => [key, item.status]))
}
