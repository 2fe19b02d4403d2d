/**
 * Text on the clipboard through `navigator.clipboard`, which works across pipelines and tabs. When
 * the browser refuses it (no permission, not a secure page), the text is kept here instead, so copy
 * and paste still work within this tab. Kept for the whole page on purpose: like the system
 * clipboard, it is shared by every editor in it.
 */
let refusedCopy: string | undefined
/** The copy still being written: a paste right after it (Ctrl+C, Ctrl+V) waits for it, or it would read what was there before. */
let copying: Promise<void> = Promise.resolve()
/** The text of that copy while it is written: what the clipboard is about to hold. */
let beingCopied: string | undefined

export function writeClipboardText(text: string): Promise<void> {
  beingCopied = text
  const settled = () => {
    if (beingCopied === text) beingCopied = undefined
  }
  // Through a promise, so a page without the Clipboard API (not a secure context) refuses like one that says no.
  copying = Promise.resolve().then(() => navigator.clipboard.writeText(text)).then(
    () => {
      refusedCopy = undefined
      settled()
    },
    () => {
      // Refused: the text stays in this tab, and the next paste takes it from here.
      refusedCopy = text
      settled()
    },
  )
  return copying
}

export async function readClipboardText(): Promise<string> {
  await copying
  if (refusedCopy !== undefined) return refusedCopy
  try {
    return await navigator.clipboard.readText()
  } catch {
    // Reading is refused more often than writing (it asks for permission); nothing was copied here.
    return ''
  }
}

/**
 * What a paste event should read instead of the text it carries: a copy still being written (Ctrl+C
 * then Ctrl+V at once: the event carries what the clipboard held before it), or the copy the
 * clipboard refused, when the last one was refused.
 */
export function ownCopyText(): string | undefined {
  return beingCopied ?? refusedCopy
}
