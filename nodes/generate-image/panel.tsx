import { distinctAssets, isAssetRef, isPrompt } from '../../src/engine'
import { NodeResult, NodeSpendLine, useIncomingValues, type NodePanelProps } from '../../src/editor/panel-kit'
import { stillSize } from '../../src/providers/image'
import { imageProviderFor } from '../../src/providers/image-registry'
import { generateImageParams } from './node'

/** What the frame will cost and be, said before a run — or why the provider cannot make it — then the frame. */
export default function GenerateImagePanel({ nodeId, params, definition, run }: NodePanelProps) {
  const incoming = useIncomingValues(nodeId)
  const parsed = generateImageParams.safeParse(params)
  return (
    <>
      {parsed.success && <FramePlan nodeId={nodeId} settings={parsed.data} incoming={incoming} />}
      <NodeResult nodeId={nodeId} definition={definition} run={run} />
    </>
  )
}

function FramePlan({ nodeId, settings, incoming }: { nodeId: string; settings: ReturnType<typeof generateImageParams.parse>; incoming: ReturnType<typeof useIncomingValues> }) {
  const provider = imageProviderFor(settings.provider)
  const prompt = incoming.find(isPrompt)
  const references = distinctAssets([...(prompt?.references ?? []), ...incoming.flat().filter(isAssetRef)])
  const { width, height } = stillSize(settings)
  return (
    <div className="generate-plan">
      <NodeSpendLine nodeId={nodeId} />
      <p>
        {width}×{height}
        {references.length > 0 && ` · ${references.length} ${references.length === 1 ? 'reference' : 'references'}`} · {provider.name}
      </p>
    </div>
  )
}
