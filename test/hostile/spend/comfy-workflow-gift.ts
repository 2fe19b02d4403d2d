import { link, node, pipeline, shotPrompt, type SpendCase } from '../spend-case'

/** A workflow that came with the pipeline, running a custom node class, sent to the person's own ComfyUI: free, but asked about. */
const spendCase: SpendCase = {
  title: 'a ComfyUI workflow from someone else',
  keys: {},
  asks: true,
  build: async ({ assets }) => {
    const workflow = {
      '1': { class_type: 'CLIPTextEncode', inputs: { text: '{{prompt}}' } },
      '2': { class_type: 'RunAnyPython', inputs: { code: 'import os' } },
    }
    const file = await assets.put(new Blob([JSON.stringify(workflow)], { type: 'application/json' }), { kind: 'file', meta: { name: 'gift.json' } })
    return {
      doc: pipeline('comfy-workflow-gift', [shotPrompt('prompt'), node('shot', 'generate-video', { provider: 'comfyui', takes: 1, comfyWorkflow: file })], [link('prompt.prompt', 'shot.prompt')]),
    }
  },
}
export default spendCase
