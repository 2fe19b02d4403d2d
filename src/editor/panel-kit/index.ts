/**
 * What a node type's panel (`nodes/<type>/panel.tsx`) may use from the editor: the one door from
 * `nodes/` into the UI layer (eslint holds panels to it), so the editor's insides can change
 * without touching node folders.
 */
export type { NodePanelProps } from './node-panel'
export { useParamSetter } from './use-param-setter'
export { AssetView } from '../canvas/AssetView'
export { ValueView } from '../canvas/ValueView'
export { NodeResult } from '../canvas/NodeResult'
export { useAssetUrl } from '../canvas/use-asset-url'
export { useIncomingValues } from '../canvas/use-incoming-values'
