import { link, node, pipeline, RUNWAY_KEY, shotPrompt, type SpendCase } from '../spend-case'

/** Six one-take shots, each under the limit alone, together well over it. */
const spendCase: SpendCase = {
  title: 'many paid nodes each under the limit',
  keys: { runway: RUNWAY_KEY },
  asks: true,
  build: async () => {
    const shots = Array.from({ length: 6 }, (_, i) => node(`shot-${i}`, 'generate-video', { provider: 'runway', takes: 1, seed: i + 1 }))
    return { doc: pipeline('many-small-spends', [shotPrompt('prompt'), ...shots], shots.map((shot) => link('prompt.prompt', `${shot.id}.prompt`))) }
  },
}
export default spendCase
