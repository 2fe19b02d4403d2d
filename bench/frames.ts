/** Frames counted from requestAnimationFrame, for the benchmarks that drive the editor's pages. */

export interface FrameFigures {
  frames: number
  seconds: number
  /** The longest gap between two frames. */
  worstFrameMs: number
  /** Progress updates the tickers showed (the ticks of one frame show as one), for the run figure. */
  events?: number
}

let counting: { stamps: number[]; running: boolean } | undefined

export function countFrames(): void {
  const current = { stamps: [] as number[], running: true }
  counting = current
  const tick = (time: number) => {
    if (!current.running) return
    current.stamps.push(time)
    requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
}

export function stopCounting(): FrameFigures {
  if (!counting) throw new Error('frames are not being counted')
  counting.running = false
  const { stamps } = counting
  let worst = 0
  for (let i = 1; i < stamps.length; i++) worst = Math.max(worst, (stamps[i] as number) - (stamps[i - 1] as number))
  const seconds = stamps.length > 1 ? ((stamps.at(-1) as number) - (stamps[0] as number)) / 1000 : 0
  return { frames: stamps.length - 1, seconds, worstFrameMs: worst }
}

