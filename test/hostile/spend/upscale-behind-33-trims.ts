import { link, node, pipeline, shotPrompt, type SpendCase } from '../spend-case'

/** A Topaz upscale behind 33 trims: further than the old estimate looked, so it was not counted. */
const spendCase: SpendCase = {
  title: 'a paid upscale behind a long chain of trims',
  keys: { topaz: 'tpz_test_5e1d0c3b2a49' },
  asks: true,
  build: async () => {
    const trims = Array.from({ length: 33 }, (_, i) => node(`trim-${i}`, 'trim'))
    const chain = ['pick', ...trims.map((trim) => trim.id)]
    return {
      doc: pipeline(
        'upscale-behind-33-trims',
        [shotPrompt('prompt'), node('takes', 'generate-video', { provider: 'animatic', takes: 1, height: 480 }), node('pick', 'take-picker'), ...trims, node('up', 'upscale', { method: 'topaz', scale: 2 })],
        [
          link('prompt.prompt', 'takes.prompt'),
          link('takes.takes', 'pick.takes'),
          ...chain.slice(1).map((to, i) => link(`${chain[i]}.video`, `${to}.video`)),
          link(`${chain.at(-1)}.video`, 'up.media'),
        ],
      ),
    }
  },
}
export default spendCase
