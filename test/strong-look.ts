/**
 * A strong `.cube` look with crossed channels, so nothing about it is a per-channel shortcut: the one
 * the one-pass chain is measured with, in test/e2e/one-pass.test.ts and bench/one-pass-run.ts alike,
 * and the media bench's grade (bench/media-run.ts).
 */
export function strongLook(size: number): string {
  const rows: string[] = []
  for (let b = 0; b < size; b++) {
    for (let g = 0; g < size; g++) {
      for (let r = 0; r < size; r++) {
        const [R, G, B] = [r / (size - 1), g / (size - 1), b / (size - 1)]
        rows.push([Math.min(1, 0.9 * R ** 0.8 + 0.15 * G), 0.9 * G + 0.05 * R, 0.55 * B + 0.1 * G].map((v) => v.toFixed(6)).join(' '))
      }
    }
  }
  return `LUT_3D_SIZE ${size}\n${rows.join('\n')}\n`
}
