import { useMemo } from 'react'
import { validateDocument, type DocIssue } from '../../graph'
import { useEditorContext } from '../../app/store/use-editor-context'
import { useEditorStore } from '../../app/store/use-editor-store'

/** What stops this node from running, checked against the document as it is now. */
export function useNodeIssues(nodeId: string): DocIssue[] {
  const { registry } = useEditorContext()
  const doc = useEditorStore((state) => state.doc)
  return useMemo(() => validateDocument(doc, registry).filter((issue) => issue.nodeId === nodeId), [doc, registry, nodeId])
}
