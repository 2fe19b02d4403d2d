/**
 * What a node type's panel (`nodes/<type>/panel.tsx`) may use from the editor: the one door from
 * `nodes/` into the UI layer (eslint holds panels to it), so the editor's insides can change
 * without touching node folders.
 */
import './generate-plan.css'

export type { NodePanelProps } from './node-panel'
export { useParamSetter } from './use-param-setter'
export { useParamsSetter } from './use-params-setter'
export { useOpenInDock } from './use-open-in-dock'
export { useStoreFiles } from './use-store-files'
export { useFileDrop } from './use-file-drop'
export { useShowInDock } from './use-show-in-dock'
export { RunPlanBox } from './RunPlanBox'
export { NodeSpendLine } from '../spend/NodeSpendLine'
export { AssetView, assetName } from '../canvas/AssetView'
export { ValueView } from '../canvas/ValueView'
export { NodeResult } from '../canvas/NodeResult'
export { useAssetUrl } from '../canvas/use-asset-url'
export { useIncomingValues } from '../canvas/use-incoming-values'
export { SoundPlayer } from '../waveform/SoundPlayer'
export { Waveform } from '../waveform/Waveform'
export { useSoundPeaks } from '../waveform/use-sound-peaks'
export { useLinkedSourceNames } from '../canvas/use-linked-sources'
export { CharacterHeading } from '../canvas/CharacterView'
export { useLinkedSourceParams } from '../canvas/use-linked-sources'
export { useOpenDailies } from '../dailies/use-open-dailies'
export { usePickerShots } from '../dailies/use-picker-shots'
export { useShotsBeside } from './use-shots-beside'
export { PanelNotice } from './PanelNotice'
