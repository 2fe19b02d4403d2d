/** The pipeline document: the model the editor, the executor and the runner share. */

/** The kinds of value an edge can carry. */
export const baseValueTypes = ['image', 'video', 'audio', 'prompt', 'text', 'number', 'character', 'shot', 'file'] as const
export type BaseValueType = (typeof baseValueTypes)[number]
/** A port that takes one of two kinds of value, as `image|video` ("an image or a clip"). */
export type UnionPortType = `${BaseValueType}|${BaseValueType}`
/**
 * A port's type: a single value, a list of one base type, a union of two base types, or `any`
 * (previews and pass-throughs). `file` is a document for another tool (a `.cube`, an EDL, an MP4 to
 * download), which no picture or sound input takes.
 */
export type PortType = BaseValueType | `${BaseValueType}[]` | UnionPortType | 'any'

export interface Position {
  x: number
  y: number
}

export interface PipelineNode {
  id: string
  type: string
  typeVersion: number
  position: Position
  label?: string
  params: Record<string, unknown>
}

export interface PortRef {
  node: string
  port: string
}

export interface PipelineEdge {
  id: string
  from: PortRef
  to: PortRef
}

export interface Size {
  width: number
  height: number
}

/**
 * A labelled frame around nodes (a scene, a shot) that moves them together. `position` and `size`
 * are the frame's; a group without them (an older document) is drawn around its nodes.
 */
export interface NodeGroup {
  id: string
  label: string
  nodes: string[]
  color?: string
  position?: Position
  size?: Size
}

/** A sticky note on the canvas: text for the people, never read by a run. */
export interface CanvasNote {
  id: string
  text: string
  position: Position
  size: Size
  color?: string
}

/** A param of an inner node that a template shows on its cover, under a friendly name. */
export interface ExposedParam {
  node: string
  param: string
  label: string
}

/** Where a component's input port leads inside it: every inner input the crossing links fed. */
export interface ComponentInput {
  name: string
  to: PortRef[]
}

/** Where a component's output port comes from inside it. */
export interface ComponentOutput {
  name: string
  from: PortRef
}

/**
 * A sub-pipeline stored once in the document and placed as nodes of type `component:<id>`. Its
 * `exposed` params show on every instance, keyed by their labels, as a template's do on its cover.
 */
export interface ComponentDef {
  id: string
  name: string
  nodes: PipelineNode[]
  edges: PipelineEdge[]
  inputs: ComponentInput[]
  outputs: ComponentOutput[]
  exposed?: ExposedParam[]
}

export interface PipelineDoc {
  format: 'reelgraph'
  version: number
  id: string
  name: string
  description: string
  nodes: PipelineNode[]
  edges: PipelineEdge[]
  groups?: NodeGroup[]
  notes?: CanvasNote[]
  exposed?: ExposedParam[]
  components?: ComponentDef[]
  /**
   * The most the pipeline's runs may spend altogether, in US dollars: a run whose estimate would pass
   * what is left does not start, and a run stops sending paid work once it is reached. Absent: none.
   */
  budgetUsd?: number
}

/**
 * A problem found in a document, with its place: the node it is about (when there is one) and the
 * path of the field, e.g. `nodes[2].params.exposure`.
 */
export interface DocIssue {
  nodeId?: string
  edgeId?: string
  path: string
  message: string
}

/** What the graph layer needs to know of a node type to validate a document. */
export interface PortShape {
  type: PortType
  optional?: boolean
  /** For a list input: value types it gathers besides its own, as the prompt's variables take characters beside text. */
  also?: readonly BaseValueType[]
}

export interface NodeShape {
  version: number
  inputs: Record<string, PortShape>
  outputs: Record<string, PortShape>
  /** Problems with these params, with paths relative to `params`. */
  checkParams(params: Record<string, unknown>): { path: string; message: string }[]
}

export interface NodeCatalog {
  shape(type: string): NodeShape | undefined
}
