import type { EditorSlice } from './editor-state'

/** Selected groups and notes (the frames and sticky notes on the canvas), by id. */
export interface GroupAndNoteIds {
  groups?: string[]
  notes?: string[]
}

/** What the person has selected on the canvas: the inspector shows one node, Delete removes all. */
export interface SelectionSlice {
  selection: { nodes: string[]; links: string[] } & GroupAndNoteIds
  setSelected(kind: 'nodes' | 'links' | 'groups' | 'notes', id: string, selected: boolean): void
  selectOnly(nodeId: string): void
  /** Every node and link of the document. */
  selectAll(): void
  clearSelection(): void
}

export const createSelectionSlice: EditorSlice<SelectionSlice> = (set) => ({
  selection: { nodes: [], links: [] },

  setSelected(kind, id, selected) {
    set((state) => {
      const ids = (state.selection[kind] ??= [])
      const has = ids.includes(id)
      if (selected && !has) ids.push(id)
      if (!selected && has) state.selection[kind] = ids.filter((other) => other !== id)
    })
  },

  selectOnly(nodeId) {
    set((state) => {
      state.selection = { nodes: [nodeId], links: [] }
    })
  },

  selectAll() {
    set((state) => {
      state.selection = {
        nodes: state.levelDoc.nodes.map((node) => node.id),
        links: state.levelDoc.edges.map((edge) => edge.id),
        groups: (state.levelDoc.groups ?? []).map((group) => group.id),
        notes: (state.levelDoc.notes ?? []).map((note) => note.id),
      }
    })
  },

  clearSelection() {
    set((state) => {
      state.selection = { nodes: [], links: [] }
    })
  },
})

/** Whether a group or a note is selected. */
export function hasGroupsOrNotes(selection: GroupAndNoteIds): boolean {
  return (selection.groups?.length ?? 0) > 0 || (selection.notes?.length ?? 0) > 0
}

/** The one node the inspector and "Run to here" work on, when exactly one is selected. */
export function singleSelectedNode(selection: SelectionSlice['selection']): string | undefined {
  return selection.nodes.length === 1 && selection.links.length === 0 ? selection.nodes[0] : undefined
}
