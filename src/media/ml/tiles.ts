/*
 * How a picture is cut into tiles for a model that is run on one tile at a time. Each tile is read
 * with a margin of its neighbours' pixels, so the network sees the same surroundings at a tile's
 * edge as inside it; only the tile's own part of the result is kept, and the seams do not show.
 * Past the picture's edge the margin repeats the edge pixels: a network's own zero padding there
 * would darken the outermost rows and columns.
 */

export interface Tile {
  /** The part of the picture this tile makes, in source pixels. */
  x: number
  y: number
  width: number
  height: number
  /** Pixels read around the tile on every side. */
  margin: number
}

/** Tiles of at most `size`×`size` covering a `width`×`height` picture, row after row. */
export function tilesFor(width: number, height: number, size: number, margin: number): Tile[] {
  if (!(size >= 1) || !(margin >= 0) || !(width >= 1) || !(height >= 1)) {
    throw new RangeError(`cannot tile ${width}×${height} into tiles of ${size} with a margin of ${margin}`)
  }
  const tiles: Tile[] = []
  for (let y = 0; y < height; y += size) {
    for (let x = 0; x < width; x += size) {
      tiles.push({ x, y, width: Math.min(size, width - x), height: Math.min(size, height - y), margin })
    }
  }
  return tiles
}

/** The size of the area a tile reads: the tile and its margin on every side. */
export function readSize(tile: Tile): { width: number; height: number } {
  return { width: tile.width + 2 * tile.margin, height: tile.height + 2 * tile.margin }
}

/** The RGB values of a tile's read area as 32-bit floats, row after row, from a `width`×`height` RGBA picture. */
export function readTileRgb(pixels: Uint8Array | Uint8ClampedArray, width: number, height: number, tile: Tile): Float32Array {
  const read = readSize(tile)
  const rgb = new Float32Array(read.width * read.height * 3)
  let at = 0
  for (let row = 0; row < read.height; row++) {
    const y = Math.min(height - 1, Math.max(0, tile.y - tile.margin + row))
    for (let column = 0; column < read.width; column++) {
      const from = (y * width + Math.min(width - 1, Math.max(0, tile.x - tile.margin + column))) * 4
      rgb[at++] = pixels[from]!
      rgb[at++] = pixels[from + 1]!
      rgb[at++] = pixels[from + 2]!
    }
  }
  return rgb
}

/**
 * Writes a tile's upscaled RGB (its whole read area, `scale` times larger, values 0–255) into the
 * upscaled RGBA picture, keeping only the tile's own part, rounded and clipped; alpha is opaque.
 */
export function writeTileRgb(upscaled: Float32Array | Uint8Array, tile: Tile, scale: number, into: Uint8Array | Uint8ClampedArray, intoWidth: number): void {
  const readWidth = readSize(tile).width * scale
  const skip = tile.margin * scale
  const width = tile.width * scale
  const height = tile.height * scale
  for (let row = 0; row < height; row++) {
    let from = ((skip + row) * readWidth + skip) * 3
    let to = ((tile.y * scale + row) * intoWidth + tile.x * scale) * 4
    for (let column = 0; column < width; column++, from += 3, to += 4) {
      into[to] = clampByte(upscaled[from]!)
      into[to + 1] = clampByte(upscaled[from + 1]!)
      into[to + 2] = clampByte(upscaled[from + 2]!)
      into[to + 3] = 255
    }
  }
}

function clampByte(value: number): number {
  if (!(value > 0)) return 0
  return value >= 255 ? 255 : Math.round(value)
}
