import type { DocMigration } from './index'

/**
 * Version 2 adds `components` (sub-pipelines stored once, placed as `component:<id>` nodes). A
 * version-1 document has none, so it is unchanged; the version goes up so that an older Reelgraph
 * refuses a document with components ("Update Reelgraph") instead of dropping them and showing
 * every instance as a missing node.
 */
export const addComponents: DocMigration = (doc) => doc
