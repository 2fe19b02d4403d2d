export declare const kernelsDirectory: string
export declare function assemble(name: string, text: string): Promise<Uint8Array>
export declare function kernelModule(name: string, bytes: Uint8Array): string
export declare function exportName(name: string): string
