import { deliveryName, extensionOf } from '../../document/file-names'
import { isAssetRef, type AnyNodeDefinition, type AssetRef } from '../../engine'
import type { NodeRun } from '../state/node-run'
import { useEditorStore } from '../state/use-editor-store'
import { AssetView } from './AssetView'
import { useIncomingValues } from './use-incoming-values'
import { ValueView } from './ValueView'

/**
 * What a node has to show: a thumbnail of its output, or for a node without outputs (a preview)
 * a larger view of what reaches it. Files a node makes beside its main output (a grade's .cube, a
 * sequence's EDL) are offered as downloads under it.
 */
export function NodeResult({ nodeId, definition, run }: { nodeId: string; definition: AnyNodeDefinition; run?: NodeRun }) {
  const pipeline = useEditorStore((state) => state.doc.name)
  const label = useEditorStore((state) => state.doc.nodes.find((node) => node.id === nodeId)?.label)
  // A file goes to the person's disk named for the pipeline and this node (src/document/file-names.ts).
  const fileName = (asset: AssetRef) => deliveryName({ pipeline, node: label ?? definition.title }, extensionOf(asset.meta.name))
  const firstOutput = Object.keys(definition.outputs)[0]
  if (firstOutput === undefined) return <IncomingPreview nodeId={nodeId} stale={run?.stale ?? false} />
  const value = run?.outputs?.[firstOutput]
  if (value === undefined) return null
  const files = Object.keys(definition.outputs)
    .slice(1)
    .flatMap((port) => {
      const output = run?.outputs?.[port]
      return isAssetRef(output) && output.kind === 'file' ? [output] : []
    })
  return (
    <div className={`node__result${run?.stale ? ' node__result--stale' : ''}`}>
      <ValueView value={value} fileName={fileName} />
      {files.map((file) => (
        <AssetView key={file.hash} asset={file} large={false} fileName={fileName(file)} />
      ))}
    </div>
  )
}

function IncomingPreview({ nodeId, stale }: { nodeId: string; stale: boolean }) {
  const values = useIncomingValues(nodeId)
  if (values.length === 0) return <p className="node__placeholder">Run to see the result here</p>
  return (
    <div className={`node__result node__result--large${stale ? ' node__result--stale' : ''}`}>
      {values.map((value, i) => (
        <ValueView key={i} value={value} large />
      ))}
    </div>
  )
}
