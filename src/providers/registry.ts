/*
 * Every generation back end this build knows, by id. Cloud adapters join the list as they land; a
 * document naming a provider that is not here gets a clear refusal, not a silent fallback.
 */
import { offlineAccess, type AssetRef, type RemoteAccess, type SpendApproval } from '../engine'
import { createComfyUI } from './comfyui/comfyui'
import { KEYED_DESCRIPTORS } from './descriptors'
import { comfyWorkflowApproval, readWorkflow, type ComfyWorkflow } from './comfyui/workflow'
import { createFalKling, createFalVeo } from './fal/fal'
import { createKling } from './kling/kling'
import { animatic } from './local/animatic'
import { createLuma } from './luma/luma'
import type { GenerationProvider } from './provider'
import { createReplicate } from './replicate/replicate'
import { createRunway } from './runway/runway'
import { sora } from './sora/sora'
import { createVeo } from './veo/veo'

export const PROVIDER_IDS = ['animatic', 'runway', 'luma', 'kling', 'veo', 'veo-fast', 'replicate', 'fal-kling', 'fal-veo', 'comfyui', 'sora'] as const satisfies readonly string[]
export type ProviderId = (typeof PROVIDER_IDS)[number]

/** What a node tells a back end beyond the shot: the ComfyUI workflow a person gave it. */
export interface ProviderSetup {
  comfyWorkflow?: ComfyWorkflow
}

/** Each back end made for the services of a run: remote ones call out through `remote`. */
const providers: Readonly<Record<ProviderId, (remote: RemoteAccess, setup: ProviderSetup) => GenerationProvider>> = {
  animatic: () => animatic,
  runway: (remote) => createRunway(remote),
  luma: (remote) => createLuma(remote),
  kling: (remote) => createKling(remote),
  veo: (remote) => createVeo(remote),
  'veo-fast': (remote) => createVeo(remote, { tier: 'fast' }),
  replicate: (remote) => createReplicate(remote),
  'fal-kling': (remote) => createFalKling(remote),
  'fal-veo': (remote) => createFalVeo(remote),
  comfyui: (remote, setup) => createComfyUI(remote, setup.comfyWorkflow ? { workflow: setup.comfyWorkflow } : {}),
  // Shut down: kept for documents that name it (see sora.ts); it calls nothing.
  sora: () => sora,
}

/**
 * A back end that runs a workflow the person gives it as a file (ComfyUI): how the file is read into
 * what the back end is told, and what the person agrees to before it is first sent. A node asks this
 * instead of naming the back end, so a second such back end needs no change to the node.
 */
export interface WorkflowFile {
  /** What a file without a name of its own is called in messages. */
  unnamed: string
  /** Reads the file, or throws what is wrong with it, naming it by `name`. */
  read(text: string, name: string): ProviderSetup
  approval(file: AssetRef, setup: ProviderSetup): SpendApproval | undefined
}

const workflowFiles: Partial<Record<ProviderId, WorkflowFile>> = {
  comfyui: {
    unnamed: 'The ComfyUI workflow',
    read: (text, name) => ({ comfyWorkflow: readWorkflow(text, name) }),
    approval: (file, setup) => (setup.comfyWorkflow ? comfyWorkflowApproval(file, setup.comfyWorkflow) : undefined),
  },
}

/** The workflow file a back end runs, for one that takes one. */
export function workflowFileOf(id: ProviderId): WorkflowFile | undefined {
  return workflowFiles[id]
}

export function providerFor(id: ProviderId, remote: RemoteAccess = offlineAccess(), setup: ProviderSetup = {}): GenerationProvider {
  return providers[id](remote, setup)
}

/** Each back end as the provider choice shows it: by its name, and for a shut-down one, since when. */
export const PROVIDER_LABELS = Object.fromEntries(
  PROVIDER_IDS.map((id) => {
    const { name, retired } = providerFor(id)
    return [id, retired ? `${name} (API shut down on ${retired.on})` : name]
  }),
) as Readonly<Record<ProviderId, string>>

/** Back ends whose APIs were shut down: kept for documents that name them, not offered for a new choice. */
export const RETIRED_PROVIDER_IDS: readonly ProviderId[] = PROVIDER_IDS.filter((id) => providerFor(id).retired !== undefined)

export function isProviderId(id: string): id is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(id)
}

/** What the settings dialog shows of each cloud back end: where a key comes from. */
export interface CloudProviderInfo {
  id: string
  name: string
  /** Where a person gets a key. */
  keyPage: string
}

/** From each provider's descriptor (descriptors.ts) that has a page to get a key from. */
export const CLOUD_PROVIDERS: readonly CloudProviderInfo[] = KEYED_DESCRIPTORS.map(({ id, title, keyFormat, keyPage }) => ({
  id,
  name: keyFormat ? `${title} (${keyFormat})` : title,
  keyPage,
}))
