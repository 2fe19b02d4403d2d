import { link, node, pipeline, RUNWAY_KEY, shotPrompt, type SpendCase } from '../spend-case'

/** Run pressed twice at once (a double-click, or two tabs): each take must be created once. */
const spendCase: SpendCase = {
  title: 'two runs of the same paid shot at once',
  keys: { runway: RUNWAY_KEY },
  asks: true,
  runsAtOnce: 2,
  build: async () => ({
    doc: pipeline('double-submit', [shotPrompt('prompt'), node('shot', 'generate-video', { provider: 'runway', takes: 2 })], [link('prompt.prompt', 'shot.prompt')]),
  }),
}
export default spendCase
