export interface Layer {
  name: string
  folder: string
  may: string[]
}
export declare const LAYERS: Layer[]
export declare function layerOf(path: string): Layer | undefined
export declare function refusal(from: string, to: string): string | undefined
export declare function imports(): { from: string; to: string; line: number }[]
