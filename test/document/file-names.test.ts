import { describe, expect, it } from 'vitest'
import { deliveryName, extensionOf } from '../../src/document/file-names'

describe('delivery file names', () => {
  it('names a file from the pipeline and the node, and the item when there is one', () => {
    expect(deliveryName({ pipeline: 'Mara on the ridge', node: 'Dusk grade' }, 'mp4')).toBe('Mara on the ridge — Dusk grade.mp4')
    expect(deliveryName({ pipeline: 'Mara on the ridge', node: 'Export', item: 'shot 3' }, 'mov')).toBe('Mara on the ridge — Export — shot 3.mov')
  })

  it('keeps a name from leaving the folder or being refused by a file system', () => {
    expect(deliveryName({ pipeline: '../../etc/passwd', node: 'a\\b:c*?"<>|' }, 'mp4')).toBe('etc passwd — a b c.mp4')
    expect(deliveryName({ pipeline: ' .hidden. ', node: 'line\nbreak\u0000' }, 'mkv')).toBe('hidden — line break.mkv')
    expect(deliveryName({ pipeline: '', node: 'CON' }, 'mp4')).toBe('reelgraph-CON.mp4')
    expect(deliveryName({ pipeline: '///', node: '' }, 'mp4')).toBe('reelgraph-export.mp4')
    expect(deliveryName({ pipeline: 'x'.repeat(300), node: 'Export' }, 'mp4')).toBe(`${'x'.repeat(80)} — Export.mp4`)
  })

  it('reads the extension of the file as it was made', () => {
    expect(extensionOf('take 1.MP4')).toBe('mp4')
    expect(extensionOf('cut.edl')).toBe('edl')
    expect(extensionOf(undefined)).toBe('bin')
  })
})
