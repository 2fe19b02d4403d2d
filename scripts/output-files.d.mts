export function namePart(id: string): string
export function outputStem(nodeId: string, port: string, index?: number): string
export function labelStem(parts: { pipeline: string; node: string; port?: string; index?: number }): string
export class OutputNames {
  constructor(reserved?: string[])
  claim(stem: string, extension: string): string
}
export class OutsideOutputError extends Error {
  constructor(name: string, outDir: string)
}
export function pathInside(outDir: string, name: string): string
export function writeInside(outDir: string, name: string, bytes: Uint8Array | string): Promise<string>
export function writeAllInside(outDir: string, files: readonly { name: string; bytes: Uint8Array | string }[]): void
export function sniffExtension(bytes: Uint8Array): string
