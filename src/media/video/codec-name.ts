/**
 * The name a filmmaker knows a codec by, from the codec string a container states (RFC 6381, as
 * WebCodecs and `MediaSource.isTypeSupported` use it): `avc1.64001f` is "H.264 High".
 */

/** H.264's profile, the first byte after `avc1.` (ITU-T H.264 Annex A, profile_idc). */
const H264_PROFILES: Record<number, string> = {
  0x42: 'Baseline',
  0x4d: 'Main',
  0x58: 'Extended',
  0x64: 'High',
  0x6e: 'High 10',
  0x7a: 'High 4:2:2',
  0xf4: 'High 4:4:4',
}

const FAMILIES: Record<string, string> = {
  avc1: 'H.264',
  avc3: 'H.264',
  hvc1: 'HEVC',
  hev1: 'HEVC',
  vp8: 'VP8',
  vp09: 'VP9',
  vp9: 'VP9',
  av01: 'AV1',
  mp4a: 'AAC',
  opus: 'Opus',
  flac: 'FLAC',
  mp3: 'MP3',
  ap4h: 'ProRes 4444',
  apch: 'ProRes 422 HQ',
  apcn: 'ProRes 422',
}

/** "H.264 High" for `avc1.64001f`, "VP9" for `vp09.00.10.08`; a string it does not know comes back as it is. */
export function codecName(codecString: string): string {
  const [tag = '', detail] = codecString.trim().split('.')
  const family = FAMILIES[tag.toLowerCase()]
  if (!family) return codecString
  if (family === 'H.264' && detail && /^[0-9a-f]{6}$/i.test(detail)) {
    const profile = H264_PROFILES[Number.parseInt(detail.slice(0, 2), 16)]
    return profile ? `${family} ${profile}` : family
  }
  return family
}
