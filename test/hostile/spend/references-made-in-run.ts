import { link, node, pipeline, shotPrompt, type SpendCase } from '../spend-case'

/**
 * FLUX costs more with references, and the frame's references come from a frame grab made during
 * the run: the estimate must price the dearer request, never the cheaper one.
 */
const spendCase: SpendCase = {
  title: 'paid references made during the run',
  keys: { fal: 'fal_test_key_7b1c2d3e4f' },
  asks: false,
  build: async () => ({
    doc: pipeline(
      'references-made-in-run',
      [
        shotPrompt('prompt'),
        node('takes', 'generate-video', { provider: 'animatic', takes: 1, height: 480 }),
        node('pick', 'take-picker'),
        node('grab', 'frame-grab'),
        node('frame', 'generate-image', { provider: 'fal-flux' }),
      ],
      [link('prompt.prompt', 'takes.prompt'), link('takes.takes', 'pick.takes'), link('pick.video', 'grab.video'), link('prompt.prompt', 'frame.prompt'), link('grab.image', 'frame.references')],
    ),
    atLeastUsd: 0.04,
  }),
}
export default spendCase
