import { readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { API_HOSTS, isAllowed, MEDIA_HOSTS } from '../../scripts/api-proxy.mjs'
import { DEFAULT_CONCURRENCY } from '../../src/providers/concurrency'
import { DESCRIPTORS } from '../../src/providers/descriptors'
import { ELEVENLABS_API } from '../../src/providers/elevenlabs/elevenlabs'
import { FAL_QUEUE } from '../../src/providers/fal/queue'
import { KLING_API } from '../../src/providers/kling/kling'
import { LUMA_API } from '../../src/providers/luma/luma'
import { CLOUD_PROVIDERS } from '../../src/providers/registry'
import { REPLICATE_API } from '../../src/providers/replicate/replicate'
import { RUNWAY_API } from '../../src/providers/runway/runway'
import { TOPAZ_API } from '../../src/providers/topaz/topaz'
import { VEO_API } from '../../src/providers/veo/veo'

const providersFolder = join(import.meta.dirname, '../../src/providers')

describe('one descriptor per provider folder', () => {
  it('lists every provider folder’s descriptor.json, each once', () => {
    const folders = readdirSync(providersFolder, { withFileTypes: true }).filter((entry) => entry.isDirectory() && existsSync(join(providersFolder, entry.name, 'descriptor.json')))
    expect(DESCRIPTORS.map((descriptor) => descriptor.id).sort()).toEqual(folders.map((entry) => entry.name).sort())
  })

  it('gives the proxy exactly the descriptors’ hosts, and each adapter’s API host is in its own descriptor', () => {
    expect([...API_HOSTS].sort()).toEqual(DESCRIPTORS.flatMap((descriptor) => descriptor.apiHosts).sort())
    expect([...MEDIA_HOSTS].sort()).toEqual(DESCRIPTORS.flatMap((descriptor) => descriptor.resultHosts).sort())
    const called = { runway: RUNWAY_API, luma: LUMA_API, kling: KLING_API, veo: VEO_API, fal: FAL_QUEUE, replicate: REPLICATE_API, elevenlabs: ELEVENLABS_API, topaz: TOPAZ_API }
    for (const [id, api] of Object.entries(called)) {
      expect(DESCRIPTORS.find((descriptor) => descriptor.id === id)?.apiHosts, id).toContain(new URL(api).host)
      expect(isAllowed(new URL(api).host, 'POST'), id).toBe(true)
    }
    // A sharded result host from a descriptor's pattern, and only that shape.
    expect(isAllowed('v3.fal.media', 'GET')).toBe(true)
    expect(isAllowed('v3.fal.media.example.com', 'GET')).toBe(false)
  })

  it('feeds the Provider keys dialog and the entry plans’ jobs at once', () => {
    expect(CLOUD_PROVIDERS.map((provider) => provider.id)).toEqual(['topaz', 'runway', 'luma', 'kling', 'veo', 'replicate', 'fal', 'elevenlabs'])
    expect(CLOUD_PROVIDERS.find((provider) => provider.id === 'kling')?.name).toBe('Kling (access-key:secret-key)')
    expect(DEFAULT_CONCURRENCY).toEqual({ runway: 1, luma: 1, kling: 1, elevenlabs: 2 })
  })
})
