import type { EditorSlice } from './editor-state'

/** What the person has selected on the canvas: the inspector shows one node, Delete removes all. */
export interface SelectionSlice {
  selection: { nodes: string[]; links: string[] }
  setSelected(kind: 'nodes' | 'links', id: string, selected: boolean): void
  selectOnly(nodeId: string): void
  /** Every node and link of the document. */
  selectAll(): void
  clearSelection(): void
}

export const createSelectionSlice: EditorSlice<SelectionSlice> = (set) => ({
  selection: { nodes: [], links: [] },

  setSelected(kind, id, selected) {
    set((state) => {
      const ids = state.selection[kind]
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
      state.selection = { nodes: state.doc.nodes.map((node) => node.id), links: state.doc.edges.map((edge) => edge.id) }
    })
  },

  clearSelection() {
    set((state) => {
      state.selection = { nodes: [], links: [] }
    })
  },
})

/** The one node the inspector and "Run to here" work on, when exactly one is selected. */
export function singleSelectedNode(selection: SelectionSlice['selection']): string | undefined {
  return selection.nodes.length === 1 && selection.links.length === 0 ? selection.nodes[0] : undefined
}
