import { measureDirect, writeDirect } from './direct.js'
import { encodeStructured } from './structured.js'

/**
 * Encodes a cache key for a byte backend, deterministically: keys that are equal
 * by content give equal bytes. The bytes are {@link encodeValue}'s format, so
 * `decodeValue` reads them back.
 *
 * The rule: primitives as in `encodeValue` (already canonical: `0` and `-0` differ,
 * every `NaN` is one key); plain-object keys sorted by UTF-16 code units at every
 * level, so `{ a, b }` and `{ b, a }` are one key, except that array-index keys
 * (`'0'`, `'10'`) come first in numeric order, as JavaScript lists them in any
 * object; every `NaN` inside structures canonical. The bytes are therefore also the
 * one `encodeValue` encoding of the value they decode to. `Map` entries and `Set` items keep their insertion order: two Maps
 * with the same entries inserted in another order are two keys (at worst a miss,
 * never a wrong hit for code that iterates them). A `Uint8Array` and a `Buffer`
 * with the same bytes are two keys.
 *
 * @throws `CacheError` `E_ENCODE` like `encodeValue`.
 */
export function encodeKey(key: unknown): Uint8Array {
  const length = measureDirect(key)
  if (length < 0) return encodeStructured(key as object, true)
  const out = new Uint8Array(length)
  writeDirect(key, out, 0, length)
  return out
}

const latin1Slice = (
  Buffer.prototype as unknown as { latin1Slice?: (start: number, end: number) => string }
).latin1Slice

/**
 * {@link encodeKey} as a string, one char per byte (latin1), for composite
 * memoize keys that live in a `Map`.
 *
 * @throws `CacheError` `E_ENCODE` like `encodeValue`.
 */
export function encodeKeyString(key: object): string {
  const bytes = encodeKey(key)
  return latin1Slice
    ? latin1Slice.call(bytes, 0, bytes.length)
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
}
