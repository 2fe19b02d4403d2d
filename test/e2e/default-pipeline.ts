/** The default pipeline's nodes, as the app creates them on a first start (src/app/default-pipeline.ts). */
export const CHARACTER = 'reference-image-1'
export const LOCATION = 'reference-image-2'
export const SHOT = 'prompt-1'
export const TAKES = 'generate-video-1'
export const PICKER = 'take-picker-1'
export const GRADE = 'color-grade-1'
export const GRADED_SHOT = 'preview-1'
export const PREVIZ_FILE = 'export-1'
/** Every node of the default pipeline, in the document's order. */
export const DEFAULT_NODES = [CHARACTER, LOCATION, SHOT, TAKES, PICKER, GRADE, GRADED_SHOT, PREVIZ_FILE]
/** The default pipeline's name. */
export const DEFAULT_NAME = 'Mara on the ridge'
