import type { Server } from 'node:http'

export declare const isolationHeaders: Record<string, string>

export interface ServedDirectory {
  server: Server
  port: number
  url: string
  close(): Promise<void>
}

export declare function serveStatic(options: { root: string; port?: number; host?: string }): Promise<ServedDirectory>
