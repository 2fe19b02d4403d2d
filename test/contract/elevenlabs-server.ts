/**
 * A stand-in for ElevenLabs speaking its contract (docs/providers.md §9): `xi-api-key`, synchronous
 * POSTs that answer with audio bytes, `output_format` in the query, 422 `{ detail: [{ loc, msg }] }`
 * for bad fields, 400 `{ detail: { status, message } }`, and 429 `too_many_concurrent_requests`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { listen, readBody, sendJson, type ContractHttp } from './http'

export const ELEVENLABS_TEST_KEY = 'sk_test_0f1e2d3c4b5a69788796'
export const ELEVENLABS_TEST_VOICE = '21m00Tcm4TlvDq8ikWAM'

export interface ElevenLabsServer extends ContractHttp {
  /** Every accepted request: path and body. */
  requests: { path: string; body: Record<string, unknown> }[]
  /** The next `count` requests are refused as over the plan's concurrency. */
  busyNext(count: number): void
}

export async function startElevenLabsServer(sounds: { speech: Buffer; effect: Buffer; music: Buffer }): Promise<ElevenLabsServer> {
  const requests: ElevenLabsServer['requests'] = []
  let busy = 0

  async function handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    if (request.headers['xi-api-key'] !== ELEVENLABS_TEST_KEY) {
      return sendJson(response, 401, { detail: { status: 'invalid_api_key', message: 'Invalid API key' } })
    }
    if (busy > 0) {
      busy--
      return sendJson(response, 429, { detail: { status: 'too_many_concurrent_requests', message: 'Too many concurrent requests' } })
    }
    if (request.method !== 'POST') return sendJson(response, 405, { detail: 'Method Not Allowed' })
    if (!/^(mp3|pcm|ulaw|opus)_\d+(_\d+)?$/.test(url.searchParams.get('output_format') ?? 'mp3_44100_128')) {
      return sendJson(response, 422, { detail: [{ loc: ['query', 'output_format'], msg: 'invalid output format', type: 'value_error' }] })
    }
    const body = JSON.parse(await readBody(request)) as Record<string, unknown>
    const speech = /^\/v1\/text-to-speech\/([^/]+)$/.exec(url.pathname)
    let sound: Buffer | undefined
    if (speech) {
      if (speech[1] !== ELEVENLABS_TEST_VOICE) return sendJson(response, 400, { detail: { status: 'voice_not_found', message: 'A voice with that id was not found.' } })
      if (typeof body.text !== 'string' || body.text === '') return sendJson(response, 422, { detail: [{ loc: ['body', 'text'], msg: 'field required', type: 'value_error.missing' }] })
      sound = sounds.speech
    } else if (url.pathname === '/v1/sound-generation') {
      const seconds = body.duration_seconds
      if (typeof body.text !== 'string' || (seconds !== null && seconds !== undefined && (typeof seconds !== 'number' || seconds < 0.5 || seconds > 30))) {
        return sendJson(response, 422, { detail: [{ loc: ['body', 'duration_seconds'], msg: 'must be from 0.5 to 30', type: 'value_error' }] })
      }
      sound = sounds.effect
    } else if (url.pathname === '/v1/music') {
      const length = body.music_length_ms
      if (typeof body.prompt !== 'string' || (length !== undefined && (typeof length !== 'number' || length < 3000 || length > 600_000))) {
        return sendJson(response, 422, { detail: [{ loc: ['body', 'music_length_ms'], msg: 'must be from 3000 to 600000', type: 'value_error' }] })
      }
      sound = sounds.music
    }
    if (!sound) return sendJson(response, 404, { detail: 'Not Found' })
    requests.push({ path: url.pathname, body })
    response.writeHead(200, { 'Content-Type': 'audio/mpeg', 'Content-Length': sound.length, 'request-id': `req-${requests.length}` }).end(sound)
  }

  const http = await listen(handle)
  return { ...http, requests, busyNext: (count) => (busy = count) }
}
