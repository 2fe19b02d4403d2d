/*
 * Upscale workflows for ComfyUI: API format like a take's (workflow.ts), with the clip and the size
 * asked for as placeholders. The built-in one runs Real-ESRGAN ×4 over every frame of the clip
 * (Load Video → Get Video Components → Upscale Image (using Model)), scales the frames to the size
 * asked for with Lanczos, and saves them with the clip's own frame rate and sound.
 */
import builtIn from './upscale-workflow.json'
import { parseApiWorkflow, placeholdersIn, type ComfyWorkflow } from './workflow'

/** Each placeholder of an upscale workflow and what it stands for. */
export const UPSCALE_PLACEHOLDERS = {
  video: 'the clip’s file name in ComfyUI’s input folder, for a Load Video node',
  width: 'the width asked for, in pixels',
  height: 'the height asked for, in pixels',
} as const

export const DEFAULT_UPSCALE_WORKFLOW: ComfyWorkflow = parseApiWorkflow(JSON.stringify(builtIn), 'The built-in upscale workflow')

/** Reads an upscale workflow file, or says in a sentence why it cannot be used. */
export function readUpscaleWorkflow(text: string, fileName = 'The workflow'): ComfyWorkflow {
  const workflow = parseApiWorkflow(text, fileName)
  const used = placeholdersIn(workflow)
  const unknown = [...used].filter((name) => !(name in UPSCALE_PLACEHOLDERS))
  if (unknown.length > 0) {
    throw new Error(`${fileName} has placeholders an upscale does not fill: ${unknown.map((name) => `{{${name}}}`).join(', ')}. It fills ${Object.keys(UPSCALE_PLACEHOLDERS).map((name) => `{{${name}}}`).join(', ')}.`)
  }
  if (!used.has('video')) throw new Error(`${fileName} has no {{video}} placeholder, so the clip would not reach it: type {{video}} into its Load Video node's file.`)
  return workflow
}
