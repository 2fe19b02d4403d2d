/*
 * A ComfyUI workflow in API format (`{ nodeId: { class_type, inputs } }`, what ComfyUI's
 * File → Export (API) writes) with placeholders where a shot's values go. Reelgraph ships one
 * (Wan 2.2 5B, text or first-frame to video); a person may give their own with the same placeholders.
 * Upscale workflows (upscale-workflow.ts) are read and filled the same way, with their own placeholders.
 */
import { z } from 'zod'
import type { AssetRef, SpendApproval } from '../../engine'
import defaultWorkflow from './default-workflow.json'

const nodeSchema = z.object({
  class_type: z.string().min(1),
  inputs: z.record(z.string(), z.unknown()),
  _meta: z.object({ title: z.string().optional() }).optional(),
})
const workflowSchema = z.record(z.string(), nodeSchema)
export type ComfyWorkflow = z.infer<typeof workflowSchema>

/** The values a shot puts into its workflow. */
export interface ShotValues {
  prompt: string
  seed: number
  width: number
  height: number
  fps: number
  durationS: number
  /** The uploaded reference images' names in ComfyUI's input folder, in the shot's order. */
  references: string[]
}

/** Each placeholder and what it stands for, as the README and the refusals list them. */
export const PLACEHOLDERS = {
  prompt: 'the shot’s text',
  seed: 'the take’s seed',
  width: 'the frame’s width in pixels',
  height: 'the frame’s height in pixels',
  fps: 'frames per second',
  duration: 'the shot’s length in seconds',
  frames: 'the shot’s frame count, rounded up to 4n+1 as video models want it',
  'reference_N': 'the file name of the shot’s Nth reference image (1, 2, …), for a Load Image node',
} as const

const PLACEHOLDER = /\{\{([a-z_0-9]+)\}\}/g
const REFERENCE = /^reference_([1-9][0-9]*)$/

export const DEFAULT_WORKFLOW: ComfyWorkflow = workflowSchema.parse(defaultWorkflow)

/** Reads a workflow file, or says in a sentence why it cannot be used. */
export function readWorkflow(text: string, fileName = 'The workflow'): ComfyWorkflow {
  const workflow = parseApiWorkflow(text, fileName)
  const used = placeholdersIn(workflow)
  const unknown = [...used].filter((name) => !(name in PLACEHOLDERS) && !REFERENCE.test(name))
  if (unknown.length > 0) {
    throw new Error(`${fileName} has placeholders Reelgraph does not fill: ${unknown.map((name) => `{{${name}}}`).join(', ')}. It fills ${Object.keys(PLACEHOLDERS).map((name) => `{{${name}}}`).join(', ')}.`)
  }
  if (!used.has('prompt')) throw new Error(`${fileName} has no {{prompt}} placeholder, so the shot's text would not reach it: type {{prompt}} into its positive prompt's text.`)
  return workflow
}

/** A workflow file in ComfyUI's API format, whatever it is for; or a sentence saying why it is not one. */
export function parseApiWorkflow(text: string, fileName: string): ComfyWorkflow {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error(`${fileName} is not JSON: export it from ComfyUI with File → Export (API).`)
  }
  if (json !== null && typeof json === 'object' && 'nodes' in json && 'links' in json) {
    throw new Error(`${fileName} is a workflow as ComfyUI's editor saves it; Reelgraph needs the API format: in ComfyUI use File → Export (API).`)
  }
  const parsed = workflowSchema.safeParse(json)
  if (!parsed.success || Object.keys(parsed.data).length === 0) {
    const issue = parsed.success ? undefined : parsed.error.issues[0]
    const where = issue ? ` (at ${issue.path.join('.') || 'the top'}: ${issue.message})` : ''
    throw new Error(`${fileName} is not a ComfyUI workflow in API format${where}: in ComfyUI use File → Export (API).`)
  }
  return parsed.data
}

/** How many reference images the workflow takes: its highest `{{reference_N}}`. */
export function referenceSlots(workflow: ComfyWorkflow): number {
  let slots = 0
  for (const name of placeholdersIn(workflow)) {
    const match = REFERENCE.exec(name)
    if (match) slots = Math.max(slots, Number(match[1]))
  }
  return slots
}

/** Frames for a shot: its length times the rate, rounded up to 4n+1 (a first frame, then groups of four). */
export function frameCount(durationS: number, fps: number): number {
  const frames = Math.max(1, Math.round(durationS * fps))
  return Math.ceil((frames - 1) / 4) * 4 + 1
}

/**
 * The workflow with the shot's values in place of its placeholders. A node that wants a reference
 * image the shot does not have is left out, with every link to it, so one workflow makes a take
 * from text alone or from a first frame (an optional input such as `start_image` just goes).
 */
export function fillWorkflow(workflow: ComfyWorkflow, shot: ShotValues): ComfyWorkflow {
  const values: Record<string, string | number> = {
    prompt: shot.prompt,
    seed: shot.seed,
    width: shot.width,
    height: shot.height,
    fps: shot.fps,
    duration: shot.durationS,
    frames: frameCount(shot.durationS, shot.fps),
  }
  shot.references.forEach((name, index) => (values[`reference_${index + 1}`] = name))
  return fillPlaceholders(workflow, values)
}

/** The workflow with `values` in place of its placeholders; a node wanting a value not given is left out, with the links to it. */
export function fillPlaceholders(workflow: ComfyWorkflow, values: Readonly<Record<string, string | number>>): ComfyWorkflow {
  const filled: ComfyWorkflow = {}
  const left = new Set<string>()
  for (const [id, node] of Object.entries(workflow)) {
    const wanted = [...placeholdersIn({ [id]: node })]
    if (wanted.some((name) => values[name] === undefined)) {
      left.add(id)
      continue
    }
    filled[id] = { ...node, inputs: Object.fromEntries(Object.entries(node.inputs).map(([name, value]) => [name, fill(value, values)])) }
  }
  withoutLinksTo(filled, left)
  return filled
}

/** Drops the inputs wired to nodes that were left out; a node that needed one is kept, and ComfyUI's refusal names it. */
function withoutLinksTo(workflow: ComfyWorkflow, left: ReadonlySet<string>): void {
  if (left.size === 0) return
  for (const node of Object.values(workflow)) {
    for (const [name, value] of Object.entries(node.inputs)) {
      if (isLink(value) && left.has(value[0])) delete node.inputs[name]
    }
  }
}

/** An input wired to another node's output: `[nodeId, outputIndex]`. */
function isLink(value: unknown): value is [string, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number'
}

function fill(value: unknown, values: Readonly<Record<string, string | number>>): unknown {
  if (typeof value !== 'string') return value
  // A whole input that is one placeholder takes the value as it is, so a number stays a number.
  const whole = /^\{\{([a-z_0-9]+)\}\}$/.exec(value)
  if (whole) return values[whole[1] as string] ?? value
  return value.replace(PLACEHOLDER, (text, name: string) => String(values[name] ?? text))
}

export function placeholdersIn(workflow: ComfyWorkflow): Set<string> {
  const names = new Set<string>()
  for (const node of Object.values(workflow)) {
    for (const value of Object.values(node.inputs)) {
      if (typeof value !== 'string') continue
      for (const match of value.matchAll(PLACEHOLDER)) names.add(match[1] as string)
    }
  }
  return names
}

/**
 * Node classes that come with ComfyUI itself (its `nodes.py` and `comfy_extras`), as far as
 * Reelgraph's workflows and the common video and image graphs use them; a class not here is a
 * custom node someone installed, or one Reelgraph does not know, and is named before a run.
 */
const COMFYUI_OWN_CLASSES: ReadonlySet<string> = new Set([
  ...Object.values(DEFAULT_WORKFLOW).map((node) => node.class_type),
  'CheckpointLoaderSimple',
  'CLIPTextEncode',
  'CLIPLoader',
  'DualCLIPLoader',
  'CLIPVisionLoader',
  'CLIPVisionEncode',
  'UNETLoader',
  'VAELoader',
  'VAEDecode',
  'VAEEncode',
  'LoraLoader',
  'LoraLoaderModelOnly',
  'KSampler',
  'KSamplerAdvanced',
  'EmptyLatentImage',
  'EmptyHunyuanLatentVideo',
  'LoadImage',
  'SaveImage',
  'PreviewImage',
  'ImageScale',
  'ModelSamplingSD3',
  'WanImageToVideo',
  'CreateVideo',
  'SaveVideo',
  'LoadVideo',
  'GetVideoComponents',
  'UpscaleModelLoader',
  'ImageUpscaleWithModel',
  'ImageScaleBy',
  'SaveWEBM',
  'SaveAnimatedWEBP',
])

/** The node classes a workflow runs, each once, in order; those not part of ComfyUI itself as Reelgraph knows it are `custom`. */
export function workflowClasses(workflow: ComfyWorkflow): { all: string[]; custom: string[] } {
  const all = [...new Set(Object.values(workflow).map((node) => node.class_type))].sort()
  return { all, custom: all.filter((name) => !COMFYUI_OWN_CLASSES.has(name)) }
}

/** A workflow is sent to the person's ComfyUI as it is: agreed to once per file (by its hash), knowing the node classes it runs. */
export function comfyWorkflowApproval(file: AssetRef, workflow: ComfyWorkflow): SpendApproval {
  const { all, custom } = workflowClasses(workflow)
  return {
    id: comfyWorkflowApprovalId(file.hash),
    title: `The ComfyUI workflow “${file.meta.name ?? file.hash.slice(0, 12)}”`,
    details: [
      custom.length > 0 ? `Custom node classes (not part of ComfyUI itself): ${custom.join(', ')}` : 'No custom node classes: only ComfyUI’s own.',
      `Every node class it runs: ${all.join(', ')}`,
    ],
  }
}

export function comfyWorkflowApprovalId(hash: string): string {
  return `comfyui-workflow:${hash}`
}
