/**
 * Text on the clipboard through `navigator.clipboard`, which works across pipelines and tabs. When
 * the browser refuses it (no permission, not a secure page), the text is kept here instead, so copy
 * and paste still work within this tab. Kept for the whole page on purpose: like the system
 * clipboard, it is shared by every editor in it.
 */
let refusedCopy: string | undefined
/** The copy still being written: a paste right after it (Ctrl+C, Ctrl+V) waits for it, or it would read what was there before. */
let copying: Promise<void> = Promise.resolve()

export function writeClipboardText(text: string): Promise<void> {
  // Through a promise, so a page without the Clipboard API (not a secure context) refuses like one that says no.
  copying = Promise.resolve().then(() => navigator.clipboard.writeText(text)).then(
    () => {
      refusedCopy = undefined
    },
    () => {
      // Refused: the text stays in this tab, and the next paste takes it from here.
      refusedCopy = text
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

/** What a paste event should read: the copy the clipboard refused, when the last one was refused. */
export function refusedCopyText(): string | undefined {
  return refusedCopy
}
