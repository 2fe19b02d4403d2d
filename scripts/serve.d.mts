import type { Server } from 'node:http'

export declare const isolationHeaders: Record<string, string>

export interface ServedDirectory {
  server: Server
  port: number
  url: string
  close(): Promise<void>
}

/**
 * `upstreams` points API hosts of the `/api-proxy/` route elsewhere (a test's contract server);
 * `extraHosts` are Host values (`name:port`) it answers to besides loopback at its port;
 * `connectSources` are origins the page may call besides its own and this machine's.
 */
export declare function serveStatic(options: {
  root: string
  port?: number
  host?: string
  upstreams?: Record<string, string>
  extraHosts?: readonly string[]
  connectSources?: readonly string[]
}): Promise<ServedDirectory>
