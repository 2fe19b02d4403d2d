import type { BrowserContext } from 'playwright-core'

export declare const chromiumFlags: string[]
export declare const howToGetChromium: string
export declare function findChromium(): string | undefined
export declare function requireChromium(): string
export declare function launchChromium(options?: {
  profile?: string
  proxyPort?: number
}): Promise<{ context: BrowserContext; close(): Promise<void> }>
