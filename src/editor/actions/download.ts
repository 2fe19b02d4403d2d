/** Hands a file to the browser's downloads, named from the pipeline. */
export function download(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.click()
  // The download has its own copy once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/** A file name from a pipeline's name: "Dusk over the hills" → "dusk-over-the-hills". */
export function fileNameFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase()
  return slug === '' ? 'pipeline' : slug
}
