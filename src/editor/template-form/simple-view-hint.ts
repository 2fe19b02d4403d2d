/** Where the simple view stands, as far as what the person should do next depends on it. */
export interface SimpleViewState {
  /** A run is going on. */
  running: boolean
  /** The labels of the files the pipeline starts from that are still empty. */
  filesToAdd: readonly string[]
  /** How many fields the last run marked as in its way. */
  fieldsMarked: number
  /** A node shows that it failed in the last run, and nothing since has changed it. */
  failed: boolean
  /** Every result below is made and matches the inputs as they are. */
  resultsMade: boolean
  /**
   * The takes a picker below chooses from: `to-choose` when they are made and the picker stopped the
   * run for want of a choice, `chosen` when they are made and one goes on.
   */
  takes: 'none' | 'to-choose' | 'chosen'
}

/** The one thing the simple view asks of the person now, in its own words (Run is in the bar above). */
export function simpleViewHint(state: SimpleViewState): string {
  if (state.running) return 'Running: each result appears below as it is made.'
  if (state.fieldsMarked > 0) return `Fill in the marked ${state.fieldsMarked === 1 ? 'field' : 'fields'}, then press Run again.`
  if (state.filesToAdd.length > 0) return `Add ${listed(state.filesToAdd)}, then press Run.`
  if (state.takes === 'to-choose') return 'Choose a take below, then press Run again: the one you chose goes on to the end.'
  if (state.failed) return 'Something below stopped the run: read its message, change what it asks, then press Run again.'
  if (state.resultsMade && state.takes === 'chosen') return 'Done. To use another take, choose it below and press Run again: only what follows the choice is made again.'
  if (state.resultsMade) return 'Done. Change an input and press Run: only what the change touches is made again.'
  return 'Press Run above to make it.'
}

function listed(labels: readonly string[]): string {
  const quoted = labels.map((label) => `“${label}”`)
  if (quoted.length === 1) return quoted[0] as string
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1) as string}`
}
