export declare const projectRoot: string
export declare const distDir: string
export declare function distIsStale(): Promise<boolean>
export declare function buildDist(): Promise<void>
export declare function ensureDist(options?: { log?: (message: string) => void }): Promise<void>
