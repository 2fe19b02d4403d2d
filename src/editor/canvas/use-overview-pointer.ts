import { useEffect, type RefObject } from 'react'
import { useStoreApi } from '@xyflow/react'
import type { PipelineDoc, Position, Size } from '../../graph'
import { GROUP_PREFIX, NOTE_PREFIX } from '../state/flow-view'
import { useEditorContext } from '../state/use-editor-context'
import { dragStartOf, draggedBy, flowPointOf, overviewItemAt, type DragStart, type OverviewHit, type OverviewScene } from './overview-scene'

/** How far the pointer goes before a press becomes a drag, as React Flow's node drag. */
const DRAG_THRESHOLD_PX = 1

interface Press {
  pointerId: number
  client: Position
  /** Where the press began, in flow coordinates. */
  origin: Position
  start: DragStart
  delta: Position
  dragging: boolean
  /** A modified press on what was already selected takes it out of the selection, unless it drags. */
  deselectOnRelease?: OverviewHit
}

const isSelected = (selection: Partial<Record<OverviewHit['kind'], readonly string[]>>, hit: OverviewHit) => selection[hit.kind]?.includes(hit.id) ?? false

/**
 * The overview's own pointer: a press on a node, a group's header or a note selects it (Shift or
 * Ctrl adds) and dragging moves the selection through `moveNodes`, as React Flow's drag does, so
 * it is one undo step. Anything else (a press on empty space, the wheel) goes on to React Flow's
 * pane, which pans, zooms and deselects. Listening on the window before anyone else lets a press
 * on a node be kept from the pane's panning.
 */
export function useOverviewPointer(canvasRef: RefObject<HTMLCanvasElement | null>, sceneOf: (doc: PipelineDoc, sizes: Readonly<Record<string, Size>>) => OverviewScene): void {
  const { store } = useEditorContext()
  const flow = useStoreApi()
  useEffect(() => {
    const canvas = canvasRef.current
    const wrapper = canvas?.closest<HTMLElement>('.react-flow')
    if (!canvas || !wrapper) return
    let press: Press | undefined
    let pendingMove = 0
    let ownsClick = false

    const flowPoint = (event: MouseEvent) => {
      const bounds = wrapper.getBoundingClientRect()
      return flowPointOf({ x: event.clientX - bounds.left, y: event.clientY - bounds.top }, flow.getState().transform)
    }
    const hitAt = (event: MouseEvent): OverviewHit | undefined => {
      const onPane = event.target instanceof Element && wrapper.contains(event.target) && event.target.closest('.react-flow__pane') !== null
      if (!onPane) return undefined
      const { doc, sizes } = store.getState()
      return overviewItemAt(sceneOf(doc, sizes), flowPoint(event))
    }
    const showCursor = (over: boolean, dragging: boolean) => {
      wrapper.classList.toggle('pipeline-overview--over-item', over)
      wrapper.classList.toggle('pipeline-overview--dragging', dragging)
    }

    const select = (hit: OverviewHit, adding: boolean) => {
      const state = store.getState()
      if (isSelected(state.selection, hit)) return
      if (!adding) state.clearSelection()
      state.setSelected(hit.kind, hit.id, true)
    }
    const move = (dragging: boolean) => {
      if (!press) return
      const moved = draggedBy(press.start, press.delta)
      store.getState().moveNodes(moved.nodes, dragging, { groups: moved.groups, notes: moved.notes })
    }

    const onPointerDown = (event: PointerEvent) => {
      ownsClick = false
      if (event.button !== 0 || press) return
      const hit = hitAt(event)
      if (!hit) return
      // Kept from React Flow: no pan, no selection box, no focus taken from the canvas.
      event.preventDefault()
      event.stopPropagation()
      ownsClick = true
      canvas.focus({ preventScroll: true })
      const adding = event.shiftKey || event.ctrlKey || event.metaKey
      const wasSelected = isSelected(store.getState().selection, hit)
      select(hit, adding)
      const { doc, selection, sizes } = store.getState()
      press = {
        pointerId: event.pointerId,
        client: { x: event.clientX, y: event.clientY },
        origin: flowPoint(event),
        start: dragStartOf(doc, selection, sizes),
        delta: { x: 0, y: 0 },
        dragging: false,
        ...(adding && wasSelected ? { deselectOnRelease: hit } : {}),
      }
    }

    const onPointerMove = (event: PointerEvent) => {
      if (!press) {
        if (event.buttons === 0) showCursor(hitAt(event) !== undefined, false)
        return
      }
      if (event.pointerId !== press.pointerId) return
      if (!press.dragging && Math.hypot(event.clientX - press.client.x, event.clientY - press.client.y) < DRAG_THRESHOLD_PX) return
      press.dragging = true
      showCursor(true, true)
      const point = flowPoint(event)
      press.delta = { x: point.x - press.origin.x, y: point.y - press.origin.y }
      // One document edit a frame, however many pointer events arrive in it.
      pendingMove ||= requestAnimationFrame(() => {
        pendingMove = 0
        move(true)
      })
    }

    const onPointerUp = (event: PointerEvent) => {
      if (!press || event.pointerId !== press.pointerId) return
      cancelAnimationFrame(pendingMove)
      pendingMove = 0
      if (press.dragging) move(false)
      else if (press.deselectOnRelease) store.getState().setSelected(press.deselectOnRelease.kind, press.deselectOnRelease.id, false)
      press = undefined
      showCursor(hitAt(event) !== undefined, false)
    }

    // The click that ends a press on a node is not the pane's (which would clear the selection).
    const onClick = (event: MouseEvent) => {
      if (!ownsClick) return
      ownsClick = false
      event.stopPropagation()
    }

    // A double-click on a node zooms to it, instead of React Flow's zoom in on the spot.
    const onDoubleClick = (event: MouseEvent) => {
      const hit = hitAt(event)
      if (!hit) return
      event.preventDefault()
      event.stopPropagation()
      const canvasId = hit.kind === 'groups' ? `${GROUP_PREFIX}${hit.id}` : hit.kind === 'notes' ? `${NOTE_PREFIX}${hit.id}` : hit.id
      store.getState().canvasSpots?.frame([canvasId])
    }

    const listening = new AbortController()
    const options = { capture: true, signal: listening.signal }
    window.addEventListener('pointerdown', onPointerDown, options)
    window.addEventListener('pointermove', onPointerMove, options)
    window.addEventListener('pointerup', onPointerUp, options)
    window.addEventListener('pointercancel', onPointerUp, options)
    window.addEventListener('click', onClick, options)
    window.addEventListener('dblclick', onDoubleClick, options)
    return () => {
      // Leaving the overview mid-drag (a zoom past FAR_ZOOM) ends the drag where it is, as one step.
      cancelAnimationFrame(pendingMove)
      if (press?.dragging) move(false)
      showCursor(false, false)
      listening.abort()
    }
  }, [canvasRef, sceneOf, store, flow])
}
