import { distinctAssets, isAssetRef, isPrompt } from '../../src/engine'
import { NodeResult, useIncomingValues, type NodePanelProps } from '../../src/editor/panel-kit'
import { checkImageRequest, stillSize } from '../../src/providers/image'
import { imageProviderFor } from '../../src/providers/image-registry'
import { countedReferences } from '../../src/providers/provider'
import { frameRequest, generateImageParams } from './node'

/** What the frame will cost and be, said before a run — or why the provider cannot make it — then the frame. */
export default function GenerateImagePanel({ nodeId, params, definition, run }: NodePanelProps) {
  const incoming = useIncomingValues(nodeId)
  const parsed = generateImageParams.safeParse(params)
  return (
    <>
      {parsed.success && <FramePlan settings={parsed.data} incoming={incoming} />}
      <NodeResult nodeId={nodeId} definition={definition} run={run} />
    </>
  )
}

function FramePlan({ settings, incoming }: { settings: ReturnType<typeof generateImageParams.parse>; incoming: ReturnType<typeof useIncomingValues> }) {
  const provider = imageProviderFor(settings.provider)
  const prompt = incoming.find(isPrompt)
  const references = distinctAssets([...(prompt?.references ?? []), ...incoming.flat().filter(isAssetRef)])
  const request = frameRequest(settings, prompt ?? { text: '', fields: {} }, countedReferences(references.length))
  const cost = provider.estimateCost(request)
  const refusal = checkImageRequest(request, provider.capabilities)
  const { width, height } = stillSize(settings)
  return (
    <div className="generate-plan">
      <p className="generate-plan__cost" data-cost={cost.amount}>
        <strong>{cost.amount === 0 ? 'Free' : `about $${cost.amount.toFixed(2)}`}</strong>
        <span> · {cost.basis}</span>
      </p>
      <p>
        {width}×{height}
        {references.length > 0 && ` · ${references.length} ${references.length === 1 ? 'reference' : 'references'}`} · {provider.name}
      </p>
      {refusal && (
        <p className="generate-plan__refusal" role="alert">
          Cannot run: {refusal}
        </p>
      )}
    </div>
  )
}
