import { useCallback, type DragEvent } from 'react'
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from '@xyflow/react'
import { firstClip, firstImage } from '../../app/media-files'
import type { PipelineFlowEdge, PipelineFlowNode } from '../../app/store/flow-view'
import { refusedLink, type Link } from '../../app/store/link-check'
import { useEditorContext } from '../../app/store/use-editor-context'
import { applyEdgeChanges, applyNodeChanges } from './canvas-changes'
import { CanvasNotice } from './CanvasNotice'
import { nodeTypes } from './flow-node-types'
import { NODE_TYPE_DRAG } from './palette-drag'
import { placeClip, placeImage } from './place-image'
import { useFlowView } from './use-flow-view'
import { useClipboardPaste } from './use-clipboard-paste'

/** The node graph: React Flow over the document, with links checked by port type. */
export function Canvas() {
  const editor = useEditorContext()
  const { store, registry } = editor
  const { nodes, edges } = useFlowView()
  const { screenToFlowPosition } = useReactFlow()
  useClipboardPaste()

  const onNodesChange = useCallback(
    (changes: NodeChange<PipelineFlowNode>[]) => applyNodeChanges(store.getState(), changes),
    [store],
  )
  const onEdgesChange = useCallback(
    (changes: EdgeChange<PipelineFlowEdge>[]) => applyEdgeChanges(store.getState(), changes),
    [store],
  )
  const isValidConnection = useCallback(
    (connection: Connection | PipelineFlowEdge) => {
      const link = linkOf(connection)
      return link !== undefined && refusedLink(store.getState().doc, registry, link) === undefined
    },
    [store, registry],
  )
  const onConnect = useCallback(
    (connection: Connection) => {
      const link = linkOf(connection)
      if (link) store.getState().connect(link)
    },
    [store],
  )
  // A link dropped on a port that refuses it says why, where the person is looking.
  const onConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, connection: FinalConnectionState) => {
      if (connection.isValid !== false || !connection.fromHandle || !connection.toHandle) return
      const [output, input] =
        connection.fromHandle.type === 'source'
          ? [connection.fromHandle, connection.toHandle]
          : [connection.toHandle, connection.fromHandle]
      const link = { from: { node: output.nodeId, port: output.id ?? '' }, to: { node: input.nodeId, port: input.id ?? '' } }
      const reason = refusedLink(store.getState().doc, registry, link)
      if (reason) store.getState().say(`Link refused: ${reason}`)
    },
    [store, registry],
  )

  const onDragOver = useCallback((event: DragEvent) => {
    const types = event.dataTransfer.types
    if (!types.includes(NODE_TYPE_DRAG) && !types.includes('Files')) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
  }, [])
  const onDrop = useCallback(
    (event: DragEvent) => {
      const position = screenToFlowPosition({ x: event.clientX, y: event.clientY })
      const type = event.dataTransfer.getData(NODE_TYPE_DRAG)
      if (type) {
        event.preventDefault()
        const state = store.getState()
        state.selectOnly(state.addNode(type, position))
        return
      }
      const image = firstImage(event.dataTransfer.files)
      const clip = image ? undefined : firstClip(event.dataTransfer.files)
      if (event.dataTransfer.files.length === 0) return
      event.preventDefault()
      if (!image && !clip) {
        store.getState().say('Only images (PNG, JPEG, WebP) and clips (MP4, MOV, WebM, MKV) can be dropped here.')
        return
      }
      // Dropped on an image (or clip) node: the node's file is replaced. Anywhere else: a new node.
      const inputType = image ? 'image-input' : 'video-input'
      const inputNode = event.target instanceof Element ? event.target.closest(`[data-node-type="${inputType}"]`) : null
      const nodeId = inputNode?.getAttribute('data-node-id')
      const place = nodeId ? { nodeId } : { position }
      if (image) void placeImage(editor, image, place)
      else if (clip) void placeClip(editor, clip, place)
    },
    [editor, store, screenToFlowPosition],
  )

  return (
    <section className="canvas" aria-label="Pipeline canvas">
      <ReactFlow<PipelineFlowNode, PipelineFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        isValidConnection={isValidConnection}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onDragOver={onDragOver}
        onDrop={onDrop}
        deleteKeyCode={null}
        colorMode="dark"
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        minZoom={0.1}
        maxZoom={2}
      >
        <Background variant={BackgroundVariant.Dots} gap={24} size={1} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable nodeColor="#3a3d44" nodeStrokeColor="#5d616b" maskColor="rgb(10 10 12 / 65%)" />
      </ReactFlow>
      <CanvasNotice />
    </section>
  )
}

function linkOf(connection: Connection | PipelineFlowEdge): Link | undefined {
  if (!connection.sourceHandle || !connection.targetHandle) return undefined
  return {
    from: { node: connection.source, port: connection.sourceHandle },
    to: { node: connection.target, port: connection.targetHandle },
  }
}
