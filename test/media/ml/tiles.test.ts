import { describe, expect, it } from 'vitest'
import { readSize, readTileRgb, tilesFor, writeTileRgb } from '../../../src/media/ml/tiles'

/** A `width`×`height` RGBA picture whose red is x, green y and blue x + y, so every pixel says where it is. */
function positions(width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set([x, y, x + y, 255], (y * width + x) * 4)
  }
  return pixels
}

/** Nearest-neighbour ×`scale` of an RGB area, as a stand-in for the network: the result is known. */
function doubled(rgb: Float32Array, width: number, height: number, scale: number): Float32Array {
  const out = new Float32Array(width * scale * height * scale * 3)
  for (let y = 0; y < height * scale; y++) {
    for (let x = 0; x < width * scale; x++) {
      const from = (Math.floor(y / scale) * width + Math.floor(x / scale)) * 3
      out.set(rgb.subarray(from, from + 3), (y * width * scale + x) * 3)
    }
  }
  return out
}

describe('tiles', () => {
  it('cover the picture row by row, the last ones cut to what is left', () => {
    const tiles = tilesFor(600, 300, 256, 12)
    expect(tiles.map(({ x, y, width, height }) => [x, y, width, height])).toEqual([
      [0, 0, 256, 256], [256, 0, 256, 256], [512, 0, 88, 256],
      [0, 256, 256, 44], [256, 256, 256, 44], [512, 256, 88, 44],
    ])
    expect(readSize(tiles[2]!)).toEqual({ width: 112, height: 280 })
  })

  it('read their margin from the neighbours, and repeat the edge pixels past the picture', () => {
    const [first] = tilesFor(5, 4, 3, 1)
    const rgb = readTileRgb(positions(5, 4), 5, 4, first!)
    // Read area: 5×5, from (−1, −1); row 0 repeats picture row 0, column 0 repeats picture column 0.
    const at = (x: number, y: number) => Array.from(rgb.subarray((y * 5 + x) * 3, (y * 5 + x) * 3 + 3))
    expect(at(0, 0)).toEqual([0, 0, 0])
    expect(at(1, 1)).toEqual([0, 0, 0])
    expect(at(4, 4)).toEqual([3, 3, 6])
    expect(at(2, 0)).toEqual([1, 0, 1])
  })

  it('put the upscaled tiles together into exactly the upscaled picture, margins dropped', () => {
    const [width, height, scale] = [7, 5, 2]
    const source = positions(width, height)
    const whole = doubled(readTileRgb(source, width, height, { x: 0, y: 0, width, height, margin: 0 }), width, height, scale)
    const joined = new Uint8Array(width * scale * height * scale * 4)
    for (const tile of tilesFor(width, height, 3, 2)) {
      const read = readSize(tile)
      writeTileRgb(doubled(readTileRgb(source, width, height, tile), read.width, read.height, scale), tile, scale, joined, width * scale)
    }
    const expected = new Uint8Array(joined.length)
    writeTileRgb(whole, { x: 0, y: 0, width, height, margin: 0 }, scale, expected, width * scale)
    expect(joined).toEqual(expected)
    expect(joined[3]).toBe(255)
  })

  it('round and clip what the network gives to 8-bit values', () => {
    const into = new Uint8Array(4)
    writeTileRgb(new Float32Array([-3, 127.6, 300]), { x: 0, y: 0, width: 1, height: 1, margin: 0 }, 1, into, 1)
    expect(Array.from(into)).toEqual([0, 128, 255, 255])
  })
})
