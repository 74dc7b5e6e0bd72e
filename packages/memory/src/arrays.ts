/**
 * A copy of `from` with exactly `length` slots (push would over-allocate by up to 50%).
 * Left holey rather than filled with `undefined`, so an array of small integers keeps
 * V8's SMI element kind.
 */
export function resized<T>(from: readonly T[], length: number): (T | undefined)[] {
  const to = new Array<T | undefined>(length)
  for (let i = 0; i < from.length; i++) if (i in from) to[i] = from[i]
  return to
}

/** `to` holding `from`'s elements at the start (typed arrays of the same kind). */
export function grown<T extends Uint8Array | Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from)
  return to
}
