import { z } from 'zod'

/**
 * A run's log lines, kept with its run record (`runs` table) so Run history can show a past run's
 * log after a reload. A run of a thousand items can report thousands of lines ("about 12 s left"
 * again and again): only the newest `LOG_LINES_KEPT` are kept, warnings and errors before plain
 * lines, each cut to `LOG_LINE_CHARS`, so no run can bloat the store.
 */
export const LOG_LINES_KEPT = 400
export const LOG_LINE_CHARS = 300

export type LogLevel = 'info' | 'warning' | 'error'

export interface RunLogLine {
  /** When the line came, in ms since the epoch. */
  at: number
  nodeId: string
  /** The node's name as the canvas showed it then: a node deleted since is still named. */
  node: string
  level: LogLevel
  message: string
}

export interface KeptLog {
  lines: RunLogLine[]
  /** How many older lines were let go to stay within `LOG_LINES_KEPT`. */
  dropped: number
}

export const keptLogSchema = z.object({
  lines: z.array(
    z.object({
      at: z.number(),
      nodeId: z.string(),
      node: z.string(),
      level: z.enum(['info', 'warning', 'error']),
      message: z.string().max(LOG_LINE_CHARS),
    }),
  ).max(LOG_LINES_KEPT),
  dropped: z.number().int().nonnegative(),
}) satisfies z.ZodType<KeptLog>

export function emptyLog(): KeptLog {
  return { lines: [], dropped: 0 }
}

/**
 * Adds a line to `log` (in place: it lives in the editor's immer state) and, past the cap, lets go
 * of the oldest plain line, or the oldest line when every one is a warning or an error. Gives back
 * the line let go, if any.
 */
export function keepLine(log: KeptLog, line: RunLogLine): RunLogLine | undefined {
  log.lines.push(line.message.length > LOG_LINE_CHARS ? { ...line, message: `${line.message.slice(0, LOG_LINE_CHARS - 1)}…` } : line)
  if (log.lines.length <= LOG_LINES_KEPT) return undefined
  const plain = log.lines.findIndex((kept) => kept.level === 'info')
  const [dropped] = log.lines.splice(plain < 0 ? 0 : plain, 1)
  log.dropped++
  return dropped
}

/** The same log within the caps, for one that may have come from elsewhere. */
export function withinCaps(log: KeptLog): KeptLog {
  const kept: KeptLog = { lines: [], dropped: log.dropped }
  for (const line of log.lines) keepLine(kept, line)
  return kept
}
