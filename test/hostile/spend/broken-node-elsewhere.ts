import { link, node, pipeline, RUNWAY_KEY, shotPrompt, type SpendCase } from '../spend-case'

/**
 * One node names a provider this build lacks, so the whole pipeline cannot be planned; fixing it
 * must not let the paid branch beside it run unannounced, so that branch is still counted.
 */
const spendCase: SpendCase = {
  title: 'a broken node beside a paid branch',
  keys: { runway: RUNWAY_KEY },
  asks: true,
  build: async () => ({
    doc: pipeline(
      'broken-node-elsewhere',
      [shotPrompt('prompt'), node('paid', 'generate-video', { provider: 'runway', takes: 4 }), node('broken', 'generate-video', { provider: 'not-a-provider', takes: 1 })],
      [link('prompt.prompt', 'paid.prompt'), link('prompt.prompt', 'broken.prompt')],
    ),
  }),
}
export default spendCase
