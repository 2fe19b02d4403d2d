import { distinctAssets, isAssetRef, isPrompt, type AssetRef, type PromptValue, type Value } from '../../src/engine'
import { NodeResult, NodeSpendLine, useIncomingValues, useLinkedSourceParams, type NodePanelProps } from '../../src/editor/panel-kit'
import { countedReferences, frameSize } from '../../src/providers/provider'
import { providerFor } from '../../src/providers/registry'
import { routeReason } from '../../src/providers/route'
import { shotRoute, takeRequest } from './estimate'
import { generateVideoParams } from './node'
import './panel.css'

/**
 * What a run will cost and make, said before it runs — the provider the shot goes to (by its
 * routing rules, when it has some), the price of every take there, or why that provider cannot
 * make the shot — then, after it, how many takes there are and how long; the takes themselves
 * below, as every node shows its result.
 */
export default function GenerateVideoPanel({ nodeId, params, definition, run }: NodePanelProps) {
  const incoming = useIncomingValues(nodeId)
  const parsed = generateVideoParams.safeParse(params)
  return (
    <>
      {parsed.success && <RunPlan nodeId={nodeId} settings={parsed.data} incoming={incoming} />}
      {run?.outputs && <TakesSummary takes={run.outputs.takes} />}
      <NodeResult nodeId={nodeId} definition={definition} run={run} />
    </>
  )
}

function RunPlan({ nodeId, settings, incoming }: { nodeId: string; settings: ReturnType<typeof generateVideoParams.parse>; incoming: Value[] }) {
  const linkedPrompt = useLinkedSourceParams(nodeId, 'prompt')[0]
  const prompt = incoming.find(isPrompt) ?? promptFromParams(linkedPrompt)
  const references = distinctAssets([...(prompt?.references ?? []), ...incoming.flat().filter(isAssetRef)])
  const request = takeRequest(settings, prompt ?? { text: '', fields: {} }, countedReferences(references.length))
  const { width, height } = frameSize(settings.aspect, settings.height)
  // With no prompt linked, its length is not known here.
  const lengthKnown = settings.durationS !== undefined || prompt !== undefined
  const length = lengthKnown ? formatSeconds(request.durationS) : 'the prompt’s length'
  const routed = shotRoute(settings, incoming.find(isPrompt))
  return (
    <div className="generate-plan">
      <NodeSpendLine nodeId={nodeId} />
      <p className="generate-plan__shot">
        {settings.takes} {settings.takes === 1 ? 'take' : 'takes'} × {length} · {width}×{height} · {settings.fps} fps
        {references.length > 0 && ` · ${references.length} ${references.length === 1 ? 'reference' : 'references'}`}
      </p>
      {settings.route && !incoming.some(isPrompt) ? (
        <p className="generate-plan__provider">Routed by the prompt as the run fills it in</p>
      ) : (
        <p className="generate-plan__provider" data-provider={routed.provider}>
          {providerFor(routed.provider).name}
          {settings.route && <span> · {routeReason(routed)}</span>}
        </p>
      )}
    </div>
  )
}

/**
 * Before the prompt has run, what its node is set to: enough for the shot's framing and length
 * (variables are filled in only when it runs).
 */
function promptFromParams(params: Readonly<Record<string, unknown>> | undefined): Pick<PromptValue, 'text' | 'fields' | 'references'> | undefined {
  if (!params) return undefined
  const camera = typeof params.camera === 'string' ? params.camera : ''
  return { text: '', fields: { camera, ...(typeof params.durationS === 'number' ? { durationS: String(params.durationS) } : {}) } }
}

function TakesSummary({ takes }: { takes: Value | undefined }) {
  if (!Array.isArray(takes)) return null
  // A node that runs per item shows every item's takes together: a list of lists.
  const clips = takes.flat().filter(isAssetRef)
  const seconds = clips.reduce((sum, clip: AssetRef) => sum + (clip.meta.durationS ?? 0), 0)
  return (
    <p className="generate-plan__takes">
      {clips.length} {clips.length === 1 ? 'take' : 'takes'} · {formatSeconds(seconds)} in all
    </p>
  )
}

function formatSeconds(seconds: number): string {
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`
}
