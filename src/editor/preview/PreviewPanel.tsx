import { createElement, useId, useMemo, useState } from 'react'
import { nodeDockPanels } from '../canvas/node-panels'
import { useShallow } from 'zustand/react/shallow'
import type { AnyNodeDefinition, Outputs, Value } from '../../engine'
import { singleSelectedNode } from '../state/selection-slice'
import { useEditorContext } from '../state/use-editor-context'
import { useEditorStore } from '../state/use-editor-store'
import { useIncomingValues } from '../panel-kit'
import { CompareView } from './CompareView'
import { MediaView } from './MediaView'
import { previewItems, type PreviewItem } from './preview-items'
import './preview.css'

/** What "compare with" names: the values reaching the node, or another node's result. */
const ITS_INPUT = ''

/** The selected node's result, large, or compared with its input or another node's result. */
export function PreviewPanel() {
  const nodeId = useEditorStore((state) => singleSelectedNode(state.selection))
  if (nodeId === undefined) return <p className="dock__hint">Select one node to see its result here, large.</p>
  return <DockView key={nodeId} nodeId={nodeId} />
}

/** A node type's own dock panel (the shot list's whole table), or its result. */
function DockView({ nodeId }: { nodeId: string }) {
  const { registry } = useEditorContext()
  const node = useEditorStore((state) => state.doc.nodes.find((candidate) => candidate.id === nodeId))
  const run = useEditorStore((state) => state.nodeRuns[nodeId])
  const definition = node === undefined ? undefined : registry.get(node.type)
  const panel = node === undefined ? undefined : nodeDockPanels.get(node.type)
  if (!node || !definition || !panel) return <NodePreview nodeId={nodeId} />
  return createElement(panel, { nodeId, params: node.params, definition, run })
}

function NodePreview({ nodeId }: { nodeId: string }) {
  const { registry } = useEditorContext()
  const node = useEditorStore((state) => state.doc.nodes.find((candidate) => candidate.id === nodeId))
  const definition = node === undefined ? undefined : registry.get(node.type)
  const name = node?.label ?? definition?.title ?? nodeId
  const items = useEditorStore((state) => state.nodeRuns[nodeId]?.items)
  const [itemKey, setItemKey] = useState(ALL_ITEMS)
  const chosenItem = items?.find((candidate) => candidate.key === itemKey)
  const allShown = useShownValues(nodeId, definition)
  const shown = previewItems(chosenItem ? itemValues(chosenItem.outputs, definition) : allShown)
  const inputs = previewItems(useInputValues(nodeId, definition))
  const others = useOtherResults(nodeId)
  const [index, setIndex] = useState(0)
  const [comparing, setComparing] = useState(false)
  const [compareWith, setCompareWith] = useState(ITS_INPUT)
  const itemId = useId()
  const compareId = useId()
  const itemKeyId = useId()

  if (!definition) return <p className="dock__hint">This node’s type is missing from this build: nothing to show.</p>
  const item = shown[Math.min(index, shown.length - 1)]
  // A node that runs per item shows one item at a time, or the whole list (README, "Lists").
  const itemChooser = items && items.length > 0 && (
    <span className="preview__field">
      <label htmlFor={itemKeyId}>Item</label>
      <select
        id={itemKeyId}
        value={chosenItem ? itemKey : ALL_ITEMS}
        onChange={(event) => {
          setItemKey(event.target.value)
          setIndex(0)
        }}
      >
        <option value={ALL_ITEMS}>all {items.length}</option>
        {items.map((candidate) => (
          <option key={candidate.key} value={candidate.key}>
            {candidate.key} · {candidate.status === 'error' ? 'failed' : candidate.status}
          </option>
        ))}
      </select>
    </span>
  )
  if (!item) {
    return (
      <div className="preview">
        {itemChooser && <div className="preview__controls">{itemChooser}</div>}
        <p className="dock__hint">{chosenItem?.message ?? 'Nothing to show yet: run the node to see its result here.'}</p>
      </div>
    )
  }

  return (
    <div className="preview">
      <div className="preview__controls">
        {itemChooser}
        {shown.length > 1 && (
          <span className="preview__field">
            <label htmlFor={itemId}>Show</label>
            <select id={itemId} value={Math.min(index, shown.length - 1)} onChange={(event) => setIndex(Number(event.target.value))}>
              {shown.map((candidate, i) => (
                <option key={i} value={i}>
                  {candidate.label}
                </option>
              ))}
            </select>
          </span>
        )}
        <button type="button" aria-pressed={comparing} onClick={() => setComparing(!comparing)}>
          Compare
        </button>
        {comparing && (
          <span className="preview__field">
            <label htmlFor={compareId}>with</label>
            <select id={compareId} value={compareWith} onChange={(event) => setCompareWith(event.target.value)}>
              <option value={ITS_INPUT}>its input</option>
              {others.map((other) => (
                <option key={other.id} value={other.id}>
                  {other.label}
                </option>
              ))}
            </select>
          </span>
        )}
      </div>
      {comparing ? (
        compareWith === ITS_INPUT ? (
          <Comparison
            before={inputs[Math.min(index, inputs.length - 1)]}
            beforeFrom="its input"
            after={item}
            afterFrom={name}
            missing="Nothing reaches this node’s inputs yet."
          />
        ) : (
          <CompareWithNode otherId={compareWith} otherName={others.find((other) => other.id === compareWith)?.label ?? compareWith} index={index} after={item} afterFrom={name} />
        )
      ) : (
        <MediaView key={`${index}:${item.label}`} value={item.value} />
      )}
    </div>
  )
}

function CompareWithNode({ otherId, otherName, index, after, afterFrom }: { otherId: string; otherName: string; index: number; after: PreviewItem; afterFrom: string }) {
  const outputs = useEditorStore((state) => state.nodeRuns[otherId]?.outputs)
  const items = useMemo(() => previewItems(Object.values(outputs ?? {})), [outputs])
  return <Comparison before={items[Math.min(index, items.length - 1)]} beforeFrom={otherName} after={after} afterFrom={afterFrom} missing="That node has no result yet." />
}

interface ComparisonProps {
  before: PreviewItem | undefined
  /** Where each side comes from, as the person names it: "its input", a node's label. */
  beforeFrom: string
  after: PreviewItem
  afterFrom: string
  missing: string
}

function Comparison({ before, beforeFrom, after, afterFrom, missing }: ComparisonProps) {
  if (!before) return <p className="dock__hint">{missing}</p>
  return <CompareView before={before} beforeFrom={beforeFrom} after={after} afterFrom={afterFrom} />
}

/** The chooser's value for the whole list of a node that runs per item. */
const ALL_ITEMS = '\u0000all'

/** One item's outputs in port order. */
function itemValues(outputs: Outputs | undefined, definition: AnyNodeDefinition | undefined): Value[] {
  return Object.keys(definition?.outputs ?? {})
    .map((port) => outputs?.[port])
    .filter((value): value is Value => value !== undefined)
}

/** A node's outputs in port order; for a node without outputs (a preview), what reaches it. */
function useShownValues(nodeId: string, definition: AnyNodeDefinition | undefined): Value[] {
  const incoming = useIncomingValues(nodeId)
  const outputs = useEditorStore((state) => state.nodeRuns[nodeId]?.outputs)
  if (!definition) return []
  const ports = Object.keys(definition.outputs)
  if (ports.length === 0) return incoming
  return ports.map((port) => outputs?.[port]).filter((value): value is Value => value !== undefined)
}

/** What reaches a node's inputs, in the order its type lists them: a grade's clip before its reference. */
function useInputValues(nodeId: string, definition: AnyNodeDefinition | undefined): Value[] {
  return useEditorStore(
    useShallow((state) => {
      const values: Value[] = []
      for (const port of Object.keys(definition?.inputs ?? {})) {
        for (const edge of state.doc.edges) {
          if (edge.to.node !== nodeId || edge.to.port !== port) continue
          const value = state.nodeRuns[edge.from.node]?.outputs?.[edge.from.port]
          if (value !== undefined) values.push(value)
        }
      }
      return values
    }),
  )
}

/** The other nodes that have a result, to compare with. */
function useOtherResults(nodeId: string): { id: string; label: string }[] {
  const { registry } = useEditorContext()
  const ids = useEditorStore(
    useShallow((state) => state.doc.nodes.filter((node) => node.id !== nodeId && state.nodeRuns[node.id]?.outputs !== undefined).map((node) => node.id)),
  )
  const nodes = useEditorStore((state) => state.doc.nodes)
  return ids.map((id) => {
    const node = nodes.find((candidate) => candidate.id === id)
    return { id, label: node?.label ?? (node ? (registry.get(node.type)?.title ?? node.type) : id) }
  })
}
