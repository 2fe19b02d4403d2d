import { isAssetRef, type Value } from '../../engine'

/** One thing the preview can show: a still, a clip, one take of several, a text. */
export interface PreviewItem {
  label: string
  value: Exclude<Value, Value[]>
}

/** Lists opened up (the takes of a shot are shown one at a time), each item named as the person knows it. */
export function previewItems(values: readonly Value[]): PreviewItem[] {
  const items: PreviewItem[] = []
  const add = (value: Value) => {
    if (Array.isArray(value)) {
      for (const inner of value) add(inner)
      return
    }
    const single = value as PreviewItem['value']
    items.push({ label: labelOf(single, items.length), value: single })
  }
  for (const value of values) add(value)
  return items
}

function labelOf(value: PreviewItem['value'], index: number): string {
  if (isAssetRef(value)) return value.meta.name ?? `${value.kind} ${index + 1}`
  if (typeof value === 'number') return `number ${index + 1}`
  return `text ${index + 1}`
}
