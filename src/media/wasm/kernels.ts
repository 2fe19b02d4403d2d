/*
 * The WebAssembly kernels (the `.wat` files here, assembled into `-wasm.ts` modules by scripts/wasm.mjs),
 * compiled once per thread. They are a few hundred bytes, so compiling them synchronously is allowed
 * on the page's thread too.
 */
const compiled = new Map<string, WebAssembly.Module | undefined>()

/**
 * The module from a kernel's bytes, or undefined where this engine cannot run it (one without
 * WebAssembly SIMD): callers then keep to their JavaScript loops.
 */
export function compiledKernel(base64: string): WebAssembly.Module | undefined {
  if (compiled.has(base64)) return compiled.get(base64)
  const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0))
  const module = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : undefined
  compiled.set(base64, module)
  return module
}

/** An export of an instance that must be a function; a kernel that lacks it is a build error. */
export function exportedFunction<Signature extends (...args: never[]) => unknown>(instance: WebAssembly.Instance, name: string): Signature {
  const exported = instance.exports[name]
  if (typeof exported !== 'function') throw new Error(`the kernel has no function ${name}`)
  return exported as Signature
}
