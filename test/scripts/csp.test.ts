import { describe, expect, it } from 'vitest'
import { appContentSecurityPolicy, serverOrigins } from '../../scripts/csp.mjs'

describe('the ComfyUI servers named when the app starts (COMFYUI_URL)', () => {
  it('reads several addresses separated by commas or spaces into the origins the page may call, each once', () => {
    expect(serverOrigins('http://192.168.1.20:8188, http://192.168.1.21:8188/ http://192.168.1.20:8188')).toEqual(['http://192.168.1.20:8188', 'http://192.168.1.21:8188'])
    expect(serverOrigins('')).toEqual([])
    const policy = appContentSecurityPolicy({ connectSources: serverOrigins('http://gpu-a:8188,https://gpu-b:8443') })
    expect(policy).toContain("connect-src 'self' blob: data: http://localhost:* http://127.0.0.1:* https://localhost:* https://127.0.0.1:* http://gpu-a:8188 https://gpu-b:8443;")
  })

  it('refuses an address that is not http(s), saying which', () => {
    expect(() => serverOrigins('http://gpu-a:8188,file:///etc/passwd')).toThrow('file:///etc/passwd is not an http(s) address')
    expect(() => serverOrigins('gpu-a 8188')).toThrow('gpu-a is not an address')
  })
})
