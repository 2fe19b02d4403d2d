import { link, node, pipeline, RUNWAY_KEY, shotPrompt, type SpendCase } from '../spend-case'

/** The camera field names no framing until a linked text fills `{framing}` with “close-up”, which a rule sends to Runway. */
const spendCase: SpendCase = {
  title: 'a variable fills in the framing a routing rule sends to a paid provider',
  keys: { runway: RUNWAY_KEY },
  asks: true,
  build: async () => ({
    doc: pipeline(
      'variable-routes-to-paid',
      [
        node('framing', 'text', { text: 'framing: close-up' }),
        shotPrompt('prompt', { camera: '{framing}, dolly in' }),
        node('shot', 'generate-video', { provider: 'animatic', takes: 3, route: [{ framing: 'close-up', provider: 'runway' }] }),
      ],
      [link('framing.text', 'prompt.vars'), link('prompt.prompt', 'shot.prompt')],
    ),
  }),
}
export default spendCase
