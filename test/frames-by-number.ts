/**
 * An ffmpeg filter chain that numbers a clip's frames 0, 1, 2… at `fps` in a time base of one frame,
 * so `psnr` pairs two clips frame for frame whatever time base each container counts in
 * (test/e2e/delivery.test.ts, bench/one-pass-run.ts).
 *
 * `setpts=N/(fps*TB)` alone is not enough. Matroska and WebM count in milliseconds, where frame 1 at
 * 24 fps lands on 41 ms, before an MP4's 41.67: `psnr` then pairs it with the MP4's frame 0, and two
 * frames of every three were measured against their neighbour. That is what made the Archive
 * preset's VP9 look worse than H.264 in the one-pass bench (39.0 dB against ffmpeg's MP4, each third
 * frame some 10 dB above the two before it); paired frame for frame it keeps the most of any preset.
 */
export function framesByNumber(fps: number): string {
  return `settb=1/${fps},setpts=N`
}
