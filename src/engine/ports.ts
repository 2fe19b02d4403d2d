import type { BaseValueType, PortType, UnionPortType } from '../graph'

export interface PortSpec {
  type: PortType
  /** An optional input may stay unlinked; the node receives `undefined` for it. */
  optional?: boolean
  /** What the port is called on the canvas, when its name is not enough. */
  label?: string
  /** For a list input: value types it gathers besides its own (the prompt's variables: characters beside text). */
  also?: readonly BaseValueType[]
}

type PortOptions = Omit<PortSpec, 'type'>

function single<T extends BaseValueType>(type: T) {
  return <O extends PortOptions = object>(options?: O): { type: T } & O => ({ ...(options as O), type })
}

/** Port builders: `port.image()`, `port.list('video')`, `port.either('image', 'video')`, `port.any()`. */
export const port = {
  image: single('image'),
  video: single('video'),
  audio: single('audio'),
  prompt: single('prompt'),
  text: single('text'),
  number: single('number'),
  character: single('character'),
  shot: single('shot'),
  file: single('file'),
  /** A port that takes (or gives) one of two kinds, as "an image or a clip". */
  either: <A extends BaseValueType, B extends Exclude<BaseValueType, A>, O extends PortOptions = object>(
    first: A,
    second: B,
    options?: O,
  ): { type: `${A}|${B}` & UnionPortType } & O => ({ ...(options as O), type: `${first}|${second}` as `${A}|${B}` & UnionPortType }),
  list: <T extends BaseValueType, O extends PortOptions = object>(of: T, options?: O): { type: `${T}[]` } & O => ({
    ...(options as O),
    type: `${of}[]`,
  }),
  any: <O extends PortOptions = object>(options?: O): { type: 'any' } & O => ({ ...(options as O), type: 'any' }),
}
