import { distinctAssets, isAssetRef, isPrompt, type AssetRef, type Value } from '../../src/engine'
import { NodeResult, useIncomingValues, type NodePanelProps } from '../../src/editor/panel-kit'
import { frameSize } from '../../src/providers/provider'
import { providerFor } from '../../src/providers/registry'
import { countedReferences, estimateRun, formatCost, takeRequest } from './estimate'
import { generateVideoParams } from './node'
import './panel.css'

/**
 * What a run will cost and make, said before it runs — the price of every take on the chosen
 * provider, or why the provider cannot make the shot — then, after it, how many takes there are
 * and how long; the takes themselves below, as every node shows its result.
 */
export default function GenerateVideoPanel({ nodeId, params, definition, run }: NodePanelProps) {
  const incoming = useIncomingValues(nodeId)
  const parsed = generateVideoParams.safeParse(params)
  return (
    <>
      {parsed.success && <RunPlan settings={parsed.data} incoming={incoming} />}
      {run?.outputs && <TakesSummary takes={run.outputs.takes} />}
      <NodeResult nodeId={nodeId} definition={definition} run={run} />
    </>
  )
}

function RunPlan({ settings, incoming }: { settings: ReturnType<typeof generateVideoParams.parse>; incoming: Value[] }) {
  const provider = providerFor(settings.provider)
  const prompt = incoming.find(isPrompt)
  const references = distinctAssets([...(prompt?.references ?? []), ...incoming.flat().filter(isAssetRef)])
  const request = takeRequest(settings, prompt ?? { text: '', fields: {} }, countedReferences(references.length))
  const estimate = estimateRun(provider, request, settings.takes)
  const { width, height } = frameSize(settings.aspect, settings.height)
  // Before the prompt has run, its length is not known here; the estimate takes 5 s and says so.
  const lengthKnown = settings.durationS !== undefined || prompt !== undefined
  const length = lengthKnown ? formatSeconds(request.durationS) : 'the prompt’s length'
  return (
    <div className="generate-plan">
      <p className="generate-plan__cost" data-cost={estimate.total}>
        <strong>
          {estimate.total === 0 ? 'Free' : `${formatCost(estimate.total)} for ${settings.takes} takes${lengthKnown ? '' : ` of ${formatSeconds(request.durationS)}`}`}
        </strong>
        <span> · {estimate.perTake.basis}</span>
      </p>
      <p className="generate-plan__shot">
        {settings.takes} {settings.takes === 1 ? 'take' : 'takes'} × {length} · {width}×{height} · {settings.fps} fps
        {references.length > 0 && ` · ${references.length} ${references.length === 1 ? 'reference' : 'references'}`}
      </p>
      <p className="generate-plan__provider">{provider.name}</p>
      {estimate.refusal && (
        <p className="generate-plan__refusal" role="alert">
          Cannot run: {estimate.refusal}
        </p>
      )}
    </div>
  )
}

function TakesSummary({ takes }: { takes: Value | undefined }) {
  if (!Array.isArray(takes)) return null
  const clips = takes.filter(isAssetRef)
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
