import type { Server } from 'node:http'

export declare const isolationHeaders: Record<string, string>

export interface ServedDirectory {
  server: Server
  port: number
  url: string
  close(): Promise<void>
}

/** `upstreams` points API hosts of the `/api-proxy/` route elsewhere (a test's contract server). */
export declare function serveStatic(options: { root: string; port?: number; host?: string; upstreams?: Record<string, string> }): Promise<ServedDirectory>
