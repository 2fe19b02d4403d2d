import { link, node, pipeline, RUNWAY_KEY, shotPrompt, type SpendCase } from '../spend-case'

/** The framing hides in a character's description, pulled into the camera field by `{mara.description}`. */
const spendCase: SpendCase = {
  title: 'a character’s description fills in the framing',
  keys: { runway: RUNWAY_KEY },
  asks: true,
  build: async () => ({
    doc: pipeline(
      'character-description-routes',
      [
        node('mara', 'character', { name: 'Mara', description: 'close-up' }),
        shotPrompt('prompt', { subject: '{mara}', camera: '{mara.description} push in' }),
        node('shot', 'generate-video', { provider: 'animatic', takes: 2, route: [{ framing: 'close-up', provider: 'runway' }] }),
      ],
      [link('mara.character', 'prompt.vars'), link('prompt.prompt', 'shot.prompt')],
    ),
  }),
}
export default spendCase
