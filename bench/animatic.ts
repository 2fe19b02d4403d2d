/**
 * The animatic benchmark's page side: one take rendered by the local provider, as generate-video
 * asks for it, timed from request to encoded clip. bench/animatic-run.ts reads the figures.
 */
import { renderAnimatic } from '../src/providers/local/animatic'
import type { GenerationRequest } from '../src/providers/provider'

export interface AnimaticBenchRow {
  what: string
  frames: number
  seconds: number
}

declare global {
  interface Window {
    reelgraphAnimaticBench: { run(referenceUrl: string, durationS: number, fps: number): Promise<AnimaticBenchRow[]> }
  }
}

async function measure(what: string, request: GenerationRequest): Promise<AnimaticBenchRow> {
  const started = performance.now()
  await renderAnimatic(request)
  return { what, frames: Math.round(request.durationS * request.fps), seconds: (performance.now() - started) / 1000 }
}

window.reelgraphAnimaticBench = {
  async run(referenceUrl, durationS, fps) {
    const image = await (await fetch(referenceUrl)).blob()
    const shot: GenerationRequest = {
      prompt: {
        text: 'A lighthouse keeper looks out to sea. Camera: dolly in.',
        fields: { subject: 'a lighthouse keeper', action: 'looks out to sea', camera: 'dolly in', mood: 'tense', dialogue: 'Here it comes.' },
      },
      references: [{ image }],
      durationS,
      aspect: '16:9',
      height: 1080,
      fps,
      seed: 1,
    }
    return [
      await measure('reference image, dolly in', shot),
      await measure('storyboard card, handheld', { ...shot, references: [], prompt: { ...shot.prompt, fields: { ...shot.prompt.fields, camera: 'handheld' } } }),
      await measure('character before a location, orbit', {
        ...shot,
        references: [{ image, role: 'location' }, { image, role: 'character' }],
        prompt: { ...shot.prompt, fields: { ...shot.prompt.fields, camera: 'orbit' } },
      }),
    ]
  },
}
