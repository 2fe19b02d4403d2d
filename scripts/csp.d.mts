export declare const LOCAL_SERVERS: readonly string[]
export declare function appContentSecurityPolicy(options?: { connectSources?: readonly string[]; scriptNonce?: string }): string
export declare function serverOrigin(address: string): string
export declare function serverOrigins(addresses: string): string[]
