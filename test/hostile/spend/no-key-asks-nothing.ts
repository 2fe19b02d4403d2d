import { link, node, pipeline, shotPrompt, type SpendCase } from '../spend-case'

/** A paid shot with no key entered: it cannot run, so Run asks nothing for it, and nothing is spent. */
const spendCase: SpendCase = {
  title: 'a paid shot with no key',
  keys: {},
  asks: false,
  build: async () => ({
    doc: pipeline('no-key-asks-nothing', [shotPrompt('prompt'), node('shot', 'generate-video', { provider: 'runway', takes: 5 })], [link('prompt.prompt', 'shot.prompt')]),
  }),
}
export default spendCase
