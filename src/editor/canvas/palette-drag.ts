/** The drag data type a palette entry carries onto the canvas: the node type to add. */
export const NODE_TYPE_DRAG = 'application/x-reelgraph-node-type'
