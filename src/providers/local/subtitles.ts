/*
 * Dialogue as subtitles paced over a shot: each line stays up for a share of the shot that matches
 * its words, so a long line reads as long as a short one, as it would be spoken.
 */

export interface Subtitle {
  text: string
  startS: number
  endS: number
}

/** One subtitle per non-empty line of `dialogue`, end to end over `durationS` seconds. */
export function subtitlesFor(dialogue: string, durationS: number): Subtitle[] {
  const lines = dialogue
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
  const words = lines.map((line) => Math.max(1, line.split(/\s+/).length))
  const total = words.reduce((sum, count) => sum + count, 0)
  let startS = 0
  return lines.map((text, index) => {
    const endS = startS + (durationS * (words[index] as number)) / total
    const subtitle = { text, startS, endS }
    startS = endS
    return subtitle
  })
}

/** The subtitle showing at `timeS`, if any. */
export function subtitleAt(subtitles: readonly Subtitle[], timeS: number): Subtitle | undefined {
  return subtitles.find((subtitle) => timeS >= subtitle.startS && timeS < subtitle.endS)
}
