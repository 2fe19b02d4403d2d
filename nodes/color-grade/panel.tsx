import { AssetView, NodeResult, type NodePanelProps } from '../../src/editor/panel-kit'
import { isAssetRef } from '../../src/engine'

/** The graded picture, and under it the grade as a .cube to take into Resolve. */
export default function ColorGradePanel({ nodeId, definition, run }: NodePanelProps) {
  const cube = run?.outputs?.cube
  return (
    <>
      <NodeResult nodeId={nodeId} definition={definition} run={run} />
      {isAssetRef(cube) && (
        <div className="nodrag">
          <AssetView asset={cube} large={false} />
        </div>
      )}
    </>
  )
}
