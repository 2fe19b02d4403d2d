import { useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react'

const KEY_STEP = 2
const PAGE_STEP = 10

/**
 * Two pictures of the same size one over the other, "before" on the left of a divider and "after"
 * on its right. The divider is dragged, or moved with the arrow keys once focused.
 */
export function SplitView({ before, after, beforeLabel, afterLabel }: { before: ReactNode; after: ReactNode; beforeLabel: string; afterLabel: string }) {
  const [split, setSplit] = useState(50)
  const stage = useRef<HTMLDivElement>(null)

  const moveTo = (clientX: number) => {
    const box = stage.current?.getBoundingClientRect()
    if (!box || box.width === 0) return
    setSplit(clamp(((clientX - box.left) / box.width) * 100))
  }
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId)
    event.currentTarget.focus()
    moveTo(event.clientX)
  }
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (event.currentTarget.hasPointerCapture(event.pointerId)) moveTo(event.clientX)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const steps: Record<string, number> = { ArrowLeft: -KEY_STEP, ArrowRight: KEY_STEP, PageDown: -PAGE_STEP, PageUp: PAGE_STEP, Home: -100, End: 100 }
    const step = steps[event.key]
    if (step === undefined) return
    event.preventDefault()
    setSplit((current) => clamp(current + step))
  }

  return (
    <div className="split" ref={stage}>
      <div className="split__layer">{after}</div>
      <div className="split__layer split__layer--before" style={{ clipPath: `inset(0 ${100 - split}% 0 0)` }}>
        {before}
      </div>
      <span className="split__label split__label--before">{beforeLabel}</span>
      <span className="split__label split__label--after">{afterLabel}</span>
      <div
        className="split__divider nodrag"
        role="slider"
        tabIndex={0}
        aria-label="Split between before and after"
        aria-orientation="horizontal"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(split)}
        aria-valuetext={`${Math.round(split)}% before`}
        style={{ left: `${split}%` }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onKeyDown={onKeyDown}
      />
    </div>
  )
}

function clamp(percent: number): number {
  return Math.min(100, Math.max(0, percent))
}
