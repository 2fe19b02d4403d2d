import { useMemo } from 'react'
import { validateDocument, type DocIssue } from '../../graph'
import { openComponentOf } from '../state/component-level'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'

/**
 * What stops this node from running, checked against the level on the canvas as it is now. Inside a
 * component, an input its component node feeds is not missing a link.
 */
export function useNodeIssues(nodeId: string): DocIssue[] {
  const { registry } = useEditorContext()
  const level = useEditorStore((state) => state.levelDoc)
  const fedFromOutside = useEditorStore((state) => openComponentOf(state.doc, state.openPath)?.inputs)
  return useMemo(() => {
    const fed = new Set((fedFromOutside ?? []).flatMap((input) => input.to.filter((ref) => ref.node === nodeId).map((ref) => `input "${ref.port}" needs a link`)))
    return validateDocument(level, registry).filter((issue) => issue.nodeId === nodeId && !fed.has(issue.message))
  }, [level, registry, nodeId, fedFromOutside])
}
