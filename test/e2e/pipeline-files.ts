/**
 * What the runner-driven e2e tests share: pipeline documents written to disk, and ffmpeg/ffprobe
 * to make the media that goes in and to check what comes out.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { PipelineDoc, PipelineEdge, PipelineNode } from '../../src/graph'
import { runCommand } from './harness'

/** The runner's report.json, as far as the tests read it. */
export interface Report {
  status: string
  nodes: Record<string, { status: string; error?: string; parts?: { reused: number; made: number } }>
  outputs: string[]
}

export function pipelineNode(id: string, type: string, params: Record<string, unknown> = {}): PipelineNode {
  return { id, type, typeVersion: 1, position: { x: 0, y: 0 }, params }
}

export function pipelineLink(from: string, fromPort: string, to: string, toPort: string): PipelineEdge {
  return { id: `${from}-${to}-${toPort}`, from: { node: from, port: fromPort }, to: { node: to, port: toPort } }
}

/** Writes a document named `name` into `dir` and gives its path. */
export async function writePipeline(dir: string, name: string, nodes: PipelineNode[], edges: PipelineEdge[]): Promise<string> {
  const doc: PipelineDoc = { format: 'reelgraph', version: 1, id: name, name, description: '', nodes, edges }
  const path = join(dir, `${name}.json`)
  await writeFile(path, JSON.stringify(doc))
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

/** ffmpeg's PSNR of two pictures (or clips), in dB. */
export async function psnrOf(ours: string, theirs: string): Promise<number> {
  const compared = await runCommand('ffmpeg', ['-v', 'info', '-i', ours, '-i', theirs, '-lavfi', 'psnr', '-f', 'null', '-'])
  const figure = Number(/PSNR .* average:([\d.]+|inf)/.exec(compared.stderr)?.[1])
  expect(figure, compared.stderr.slice(-400)).not.toBeNaN()
  return figure
}
