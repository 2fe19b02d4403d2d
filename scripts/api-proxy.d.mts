import type { IncomingMessage, ServerResponse } from 'node:http'

export declare const PROXY_PREFIX: string
export declare const API_HOSTS: readonly string[]
export declare const MEDIA_HOST_SUFFIXES: readonly string[]
export declare function isAllowed(host: string, method: string): boolean
export declare function redirectThroughProxy(location: string, fromHost: string, method: string): string
export declare function forward(
  request: IncomingMessage,
  response: ServerResponse,
  options?: { upstreams?: Record<string, string>; extraHeaders?: Record<string, string> },
): void
