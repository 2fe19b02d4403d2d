import { defineNode, port } from '../../src/engine'
import { z } from 'zod'

/**
 * Shows whatever reaches it. It has no outputs: the value it shows is its input, which the canvas
 * and the headless runner read from the node it is linked to.
 */
export default defineNode({
  type: 'preview',
  version: 1,
  title: 'Preview',
  category: 'Outputs',
  description: 'Shows an image, clip, sound, prompt, text or number on the canvas.',
  inputs: { value: port.any({ label: 'Value' }) },
  outputs: {},
  params: z.object({}),
  async run() {
    return {}
  },
})
