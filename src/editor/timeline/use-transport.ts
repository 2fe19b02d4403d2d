import { useCallback, useEffect, useRef, useState } from 'react'

/** The fastest J or L goes, in times normal speed. */
const TOP_SPEED = 8

/** The playhead and how it moves: a frame, and a speed (negative plays backwards, 0 is stopped). */
export interface Transport {
  frame: number
  speed: number
  /** Puts the playhead on a frame and stops. */
  seek(frame: number): void
  /** Plays forward at normal speed, or stops (space). */
  togglePlay(): void
  /** J (reverse), K (stop), L (forward): J or L again plays faster that way. */
  shuttle(key: 'j' | 'k' | 'l'): void
}

/** The speed after J or L: the first press plays at normal speed, each one more doubles it. */
export function shuttleSpeed(speed: number, key: 'j' | 'k' | 'l'): number {
  if (key === 'k') return 0
  const direction = key === 'l' ? 1 : -1
  if (Math.sign(speed) !== direction) return direction
  return direction * Math.min(TOP_SPEED, Math.abs(speed) * 2)
}

/**
 * A playhead over `frames` frames at `fps` that moves by the clock while the speed is not 0, and
 * stops at either end.
 */
export function useTransport(frames: number, fps: number): Transport {
  const [frame, setFrame] = useState(0)
  const [speed, setSpeed] = useState(0)
  // Where the playhead is between frames while playing: the clock moves it by fractions of a frame.
  const position = useRef(0)
  const last = Math.max(0, frames - 1)

  useEffect(() => {
    if (speed === 0) return
    let handle = 0
    let before: number | undefined
    const tick = (now: number) => {
      const elapsedS = before === undefined ? 0 : (now - before) / 1000
      before = now
      const next = Math.min(last, Math.max(0, position.current + elapsedS * fps * speed))
      position.current = next
      setFrame(Math.floor(next))
      if ((speed > 0 && next >= last) || (speed < 0 && next <= 0)) {
        setSpeed(0)
        return
      }
      handle = requestAnimationFrame(tick)
    }
    handle = requestAnimationFrame(tick)
    return () => cancelAnimationFrame(handle)
  }, [speed, fps, last])

  const seek = useCallback(
    (to: number) => {
      const target = Math.min(last, Math.max(0, Math.round(to)))
      position.current = target
      setSpeed(0)
      setFrame(target)
    },
    [last],
  )
  const togglePlay = useCallback(() => {
    setSpeed((current) => {
      if (current !== 0) return 0
      // From the start again once at the end.
      if (position.current >= last) {
        position.current = 0
        setFrame(0)
      }
      return 1
    })
  }, [last])
  const shuttle = useCallback((key: 'j' | 'k' | 'l') => setSpeed((current) => shuttleSpeed(current, key)), [])
  return { frame: Math.min(frame, last), speed, seek, togglePlay, shuttle }
}
