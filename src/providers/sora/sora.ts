/*
 * OpenAI's Sora Videos API, kept as history (docs/providers.md §7): OpenAI removed it, with sora-2 and
 * sora-2-pro, on 2026-09-24 and named no replacement. A document that names `sora` still opens,
 * validates and keeps its params, and the takes Sora made before stay in the cache and are used;
 * nothing new is asked of it, and this adapter never touches the network.
 */
import { ProviderError } from '../http'
import type { GenerationProvider } from '../provider'

export const SORA_SHUT_DOWN_ON = '2026-09-24'
const NAME = 'OpenAI Sora'
const SHUT_DOWN = `OpenAI shut down Sora’s API on ${SORA_SHUT_DOWN_ON}, so it makes no new takes: choose another provider for this shot. Takes Sora made before are still used from the cache.`

function shutDown(): ProviderError {
  return new ProviderError('retired', SHUT_DOWN)
}

export const sora: GenerationProvider = {
  id: 'sora',
  name: NAME,
  runsOn: 'cloud',
  retired: { on: SORA_SHUT_DOWN_ON, message: SHUT_DOWN },
  // What the API made before it closed: `seconds` "4", "8" or "12"; sizes 1280×720 and 720×1280
  // (sora-2-pro also 1792×1024). It took no frame rate; nothing is checked against these now.
  capabilities: {
    durationS: { min: 4, max: 12 },
    durationsS: [4, 8, 12],
    aspects: ['16:9', '9:16'],
    heights: [720, 1024],
    fps: [24, 30],
    maxReferenceImages: 1,
    nativeAudio: true,
  },
  pollIntervalMs: 10_000,
  estimateCost: () => ({ amount: 0, currency: 'USD', basis: `nothing: Sora’s API was shut down on ${SORA_SHUT_DOWN_ON}` }),
  submit: async () => {
    throw shutDown()
  },
  // A job left in the ledger from before the shutdown can never finish: it ends here, and is dropped.
  poll: async () => ({ state: 'failed', message: SHUT_DOWN }),
  cancel: async () => false,
  fetchResult: async () => {
    throw shutDown()
  },
}
