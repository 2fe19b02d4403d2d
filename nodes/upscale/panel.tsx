import { isAssetRef } from '../../src/engine'
import { NodeResult, NodeSpendLine, RunPlanBox, useIncomingValues, type NodePanelProps } from '../../src/editor/panel-kit'
import { isUpscaleProviderId, upscaleProviderFor, type UpscaleProviderId } from '../../src/providers/upscale-registry'
import { estimateCloudUpscale, sourceFromMeta } from './cloud'
import { upscaleTarget, type UpscaleTarget } from './size'

/**
 * With a back end off this machine chosen (the cloud, ComfyUI), what the upscale will make and cost, said before it runs (from the
 * linked clip's facts), or why the back end cannot make it; then the result, as every node shows it.
 */
export default function UpscalePanel({ nodeId, params, definition, run }: NodePanelProps) {
  const parsed = definition.params.safeParse(params)
  const method = parsed.success ? (parsed.data as { method: string }).method : undefined
  return (
    <>
      {method !== undefined && isUpscaleProviderId(method) && <CloudPlan nodeId={nodeId} method={method} target={upscaleTarget(parsed.data as Record<string, unknown>)} />}
      <NodeResult nodeId={nodeId} definition={definition} run={run} />
    </>
  )
}

function CloudPlan({ nodeId, method, target }: { nodeId: string; method: UpscaleProviderId; target: UpscaleTarget }) {
  const provider = upscaleProviderFor(method)
  const clip = useIncomingValues(nodeId).find(isAssetRef)
  // The size shown is the clip's label, for orientation; the price comes from the clip's own bytes.
  const source = clip?.kind === 'video' ? sourceFromMeta(clip) : undefined
  const made = source ? estimateCloudUpscale(provider, source, target).made : undefined
  return (
    <RunPlanBox className="upscale-plan">
      <NodeSpendLine nodeId={nodeId} />
      {source && made && (
        <p className="upscale-plan__size">
          {source.width}×{source.height} → {made.width}×{made.height} · {source.durationS.toFixed(1)} s
        </p>
      )}
      <p className="generate-plan__provider">{provider.name} · {provider.runsOn === 'cloud' ? 'paid, in the cloud' : 'free, on your own servers'}</p>
    </RunPlanBox>
  )
}
