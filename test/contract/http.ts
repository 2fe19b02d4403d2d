import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'

/** A contract server's plumbing: listen on a free port, answer JSON, read bodies, close. */
export interface ContractHttp {
  origin: string
  close(): Promise<void>
}

/** `port` 0 takes a free one; a given one starts a server again where a stopped one listened. */
export async function listen(handle: (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void>, port = 0): Promise<ContractHttp> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://contract.test')
    handle(request, response, url).catch((error: unknown) => sendJson(response, 500, { error: String(error) }))
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address()
  return {
    origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body))
}

export async function readBody(request: IncomingMessage): Promise<string> {
  return (await readBytes(request)).toString()
}

/** The body as bytes, for what is not text (a multipart upload). */
export function readBytes(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}

/** Answers 429 with `Retry-After` for the next `count` requests, when asked to. */
export class Throttle {
  #count = 0
  #retryAfterS = 0

  next(count: number, retryAfterS: number): void {
    this.#count = count
    this.#retryAfterS = retryAfterS
  }

  /** True when it answered (the request was throttled). */
  answer(response: ServerResponse, body: unknown): boolean {
    if (this.#count <= 0) return false
    this.#count--
    sendJson(response, 429, body, { 'Retry-After': String(this.#retryAfterS) })
    return true
  }
}
