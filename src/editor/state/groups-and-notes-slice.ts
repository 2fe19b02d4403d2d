import type { Position } from '../../graph'
import { frameAround, GROUP_LABEL_HEIGHT, newGroupLabel, nodesInside, NOTE_SIZE, type Frame } from './groups-and-notes'
import { firstFreeId } from './document-ids'
import type { EditorSlice } from './editor-state'

/** Typing a group's name or a note is one undo step per pause this long, as in the inspector. */
const TYPING_PAUSE_MS = 500

/** The smallest frame a resize leaves: room for the label and a corner of a node. */
export const MIN_GROUP_SIZE = { width: 160, height: GROUP_LABEL_HEIGHT + 60 }
export const MIN_NOTE_SIZE = { width: 120, height: 60 }

/**
 * Groups (a labelled frame around a scene's or a shot's nodes) and sticky notes: each change is an
 * undoable edit of the document. Moving them is `moveNodes`; deleting them is `deleteItems`.
 */
/** Where things land on the canvas, as the canvas reports it (flow coordinates), and how to bring them into view. */
export interface CanvasSpots {
  /** Under the pointer, while it is over the canvas. */
  pointer(): Position | undefined
  /** The middle of what the canvas shows. */
  middle(): Position
  /** Zooms and pans, with a short glide, to fit these canvas nodes, or everything when none are given. */
  frame(canvasIds: readonly string[]): void
}

export interface GroupsAndNotesSlice {
  /** Set by the canvas while it is on screen; actions place notes and pastes with it. */
  canvasSpots: CanvasSpots | null
  setCanvasSpots(spots: CanvasSpots | null): void
  /** Frames the given nodes as a new group (they leave any group they were in) and selects it. */
  groupNodes(nodeIds: readonly string[]): string | undefined
  renameGroup(groupId: string, label: string): void
  /**
   * A group's frame while a resize goes on (one undo step); at its end (`settle`) the group holds
   * the nodes inside it.
   */
  resizeGroup(groupId: string, frame: Frame, settle: boolean): void
  /** Adds an empty note at `position` and selects it. */
  addNote(position: Position): string
  editNote(noteId: string, text: string): void
  resizeNote(noteId: string, frame: Frame, settle: boolean): void
}

export const createGroupsAndNotesSlice: EditorSlice<GroupsAndNotesSlice> = (set, get) => ({
  canvasSpots: null,

  setCanvasSpots(spots) {
    set((state) => {
      state.canvasSpots = spots
    })
  },

  groupNodes(nodeIds) {
    const { doc, sizes, editDocument } = get()
    const chosen = new Set(nodeIds)
    const frame = frameAround(
      doc.nodes.filter((node) => chosen.has(node.id)),
      sizes,
    )
    if (!frame) return undefined
    const groups = doc.groups ?? []
    const id = firstFreeId('group', new Set(groups.map((group) => group.id)))
    const members = doc.nodes.filter((node) => chosen.has(node.id)).map((node) => node.id)
    editDocument((draft) => {
      const drafted = (draft.groups ??= [])
      for (const group of drafted) {
        if (group.nodes.some((member) => chosen.has(member))) group.nodes = group.nodes.filter((member) => !chosen.has(member))
      }
      drafted.push({ id, label: newGroupLabel(groups), nodes: members, ...frame })
    })
    set((state) => {
      state.selection = { nodes: [], links: [], groups: [id] }
    })
    return id
  },

  renameGroup(groupId, label) {
    get().editDocument(
      (draft) => {
        const group = draft.groups?.find((candidate) => candidate.id === groupId)
        if (group) group.label = label.slice(0, 200)
      },
      { key: `group-label:${groupId}`, pauseMs: TYPING_PAUSE_MS },
    )
  },

  resizeGroup(groupId, frame, settle) {
    const { doc, sizes, editDocument, sealHistory } = get()
    const size = atLeast(frame.size, MIN_GROUP_SIZE)
    const members = settle ? nodesInside(doc, { position: frame.position, size }, sizes) : undefined
    editDocument(
      (draft) => {
        const group = draft.groups?.find((candidate) => candidate.id === groupId)
        if (!group) return
        group.position = { x: Math.round(frame.position.x), y: Math.round(frame.position.y) }
        group.size = size
        if (!members) return
        const taken = new Set(members)
        for (const other of draft.groups ?? []) {
          if (other !== group && other.nodes.some((id) => taken.has(id))) other.nodes = other.nodes.filter((id) => !taken.has(id))
        }
        if (members.join('\n') !== group.nodes.join('\n')) group.nodes = members
      },
      { key: `resize:${groupId}` },
    )
    if (settle) sealHistory()
  },

  addNote(position) {
    const { doc, editDocument } = get()
    const id = firstFreeId('note', new Set((doc.notes ?? []).map((note) => note.id)))
    editDocument((draft) => {
      ;(draft.notes ??= []).push({ id, text: '', position: { x: Math.round(position.x), y: Math.round(position.y) }, size: { ...NOTE_SIZE } })
    })
    set((state) => {
      state.selection = { nodes: [], links: [], notes: [id] }
    })
    return id
  },

  editNote(noteId, text) {
    get().editDocument(
      (draft) => {
        const note = draft.notes?.find((candidate) => candidate.id === noteId)
        if (note) note.text = text.slice(0, 20_000)
      },
      { key: `note:${noteId}`, pauseMs: TYPING_PAUSE_MS },
    )
  },

  resizeNote(noteId, frame, settle) {
    get().editDocument(
      (draft) => {
        const note = draft.notes?.find((candidate) => candidate.id === noteId)
        if (!note) return
        note.position = { x: Math.round(frame.position.x), y: Math.round(frame.position.y) }
        note.size = atLeast(frame.size, MIN_NOTE_SIZE)
      },
      { key: `resize:note:${noteId}` },
    )
    if (settle) get().sealHistory()
  },
})

function atLeast(size: Frame['size'], least: Frame['size']): Frame['size'] {
  return { width: Math.round(Math.max(least.width, size.width)), height: Math.round(Math.max(least.height, size.height)) }
}
