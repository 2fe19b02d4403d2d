/** A picture's size in pixels. */
export interface FrameSize {
  width: number
  height: number
}

/** What the filmmaker asked for: a factor, or a box such as 3840×2160 to fill as far as the shape allows. */
export type UpscaleTarget = { scale: number } | { width: number; height: number }

/** The target a node's params ask for: a box when both sides are set, else its scale (2 by default). */
export function upscaleTarget(params: { width?: unknown; height?: unknown; scale?: unknown }): UpscaleTarget {
  const { width, height, scale } = params
  return typeof width === 'number' && typeof height === 'number' ? { width, height } : { scale: typeof scale === 'number' ? scale : 2 }
}

/**
 * The size an upscale makes. A box keeps the shot's shape: the picture grows until it touches the
 * box's width or its height, so a 4:3 shot asked for 3840×2160 comes out 2880×2160, never stretched
 * or cropped. Clips get even sides, which H.264 and VP9 need for their half-size color planes.
 */
export function upscaledSize(source: FrameSize, target: UpscaleTarget, forClip: boolean): FrameSize {
  const factor = 'scale' in target ? target.scale : Math.min(target.width / source.width, target.height / source.height)
  const side = (length: number) => {
    const exact = length * factor
    return forClip ? Math.max(2, 2 * Math.round(exact / 2)) : Math.max(1, Math.round(exact))
  }
  return { width: side(source.width), height: side(source.height) }
}
