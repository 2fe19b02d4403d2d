import { useEditorStore } from '../state/use-editor-store'
import { formatDuration, nodeMsLeft } from '../state/run-progress'

/**
 * Under a running node's progress bar: how far it is and, once what it reports says, about how long
 * it needs still ("42 % · about 30 s left"); when it waits on a file made for it, what that is
 * ("Rendering graded clip… 40 %"). Re-rendered only when the words change.
 */
export function NodeProgressLine({ nodeId, fraction, doing }: { nodeId: string; fraction: number; doing?: string | undefined }) {
  const text = useEditorStore((state) => {
    const node = state.currentRun.progress?.nodes[nodeId]
    const left = node && nodeMsLeft(node, Date.now())
    const percent = `${doing ? `${doing}… ` : ''}${Math.floor(fraction * 100)} %`
    return left === undefined ? percent : `${percent} · ${formatDuration(left / 1000)} left`
  })
  return (
    <p className="node__progress-text" data-field="progress">
      {text}
    </p>
  )
}
