import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'

export declare const PROXY_PREFIX: string
export declare const API_HOSTS: readonly string[]
export declare const MEDIA_HOSTS: readonly string[]
export declare const PROXIED_RESPONSE_HEADERS: Readonly<Record<string, string>>
export declare function isMediaHost(host: string): boolean
export declare function isAllowed(host: string, method: string): boolean
export declare function isFromOwnPage(headers: IncomingHttpHeaders, ownOrigin: string): boolean
export declare function forward(
  request: IncomingMessage,
  response: ServerResponse,
  options?: { upstreams?: Record<string, string>; extraHeaders?: Record<string, string> },
): void
