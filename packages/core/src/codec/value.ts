import { CacheError } from '../errors.js'
import { decodeDirect, measureDirect, NOT_DIRECT, writeDirect } from './direct.js'
import { decodeError } from './problems.js'
import { decodeStructured, encodeStructured } from './structured.js'
import { Tag } from './tags.js'

/**
 * Encodes a value for a byte backend: one tag byte, then the payload (the format
 * is documented on {@link Tag}). Primitives, strings, `Uint8Array` and `Buffer` are
 * written directly, allocating only the result; plain objects, arrays, `Map`, `Set`
 * and `Date` (nested, holding any supported value) go through a hardened msgpackr.
 * A structured result may be a view into a larger shared `ArrayBuffer` (like a
 * pooled `Buffer`): copy it before keeping it for long.
 *
 * @throws `CacheError` `E_ENCODE` for what would not decode to the same value: a
 * function, a symbol, a class instance, a typed array other than `Uint8Array`/`Buffer`,
 * a sparse array, a cycle, or nesting deeper than 512 levels. The message names it
 * and its path (`$.a[2]`).
 */
export function encodeValue(value: unknown): Uint8Array {
  const length = measureDirect(value)
  if (length < 0) return encodeStructured(value as object, false)
  const out = new Uint8Array(length)
  writeDirect(value, out, 0, length)
  return out
}

/**
 * Encodes `value` like {@link encodeValue}, into `target` at `offset`, for callers
 * that reuse one buffer. Returns the number of bytes written; when the encoding
 * needs more than `target.length - offset` bytes, writes nothing and returns
 * minus the length it needs.
 *
 * @throws `CacheError` `E_ENCODE` like {@link encodeValue}.
 */
export function encodeInto(value: unknown, target: Uint8Array, offset = 0): number {
  const length = measureDirect(value)
  if (length < 0) {
    const bytes = encodeStructured(value as object, false)
    if (bytes.length > target.length - offset) return -bytes.length
    target.set(bytes, offset)
    return bytes.length
  }
  if (length > target.length - offset) return -length
  writeDirect(value, target, offset, length)
  return length
}

/**
 * Decodes bytes written by {@link encodeValue}. A `Uint8Array` comes back as a
 * `Uint8Array` and a `Buffer` as a `Buffer`, both copies that own their memory.
 *
 * Fails closed on anything else: truncated or trailing bytes, an unknown tag,
 * malformed UTF-8, a non-canonical form, MessagePack the encoder would not write.
 * Whatever decodes encodes back to exactly the bytes read (one encoding per value);
 * for structured values this is checked by encoding the result again, which makes
 * their decoding about 1.5–2.5 times slower than the unchecked scan-and-unpack.
 * Direct forms (primitives, strings, bytes) are checked in place at no extra cost.
 *
 * @throws `CacheError` `E_DECODE`, and never any other error.
 */
export function decodeValue(bytes: Uint8Array): unknown {
  if (!(bytes instanceof Uint8Array)) throw decodeError('expected a Uint8Array')
  return decodeRange(bytes, 0, bytes.length)
}

/**
 * {@link decodeValue} of `bytes[start, end)`, for a value inside a larger buffer
 * (a reused read buffer), without making a view of it first.
 *
 * @throws `CacheError` `E_DECODE`, also for a range outside `bytes`.
 */
export function decodeRange(bytes: Uint8Array, start: number, end: number): unknown {
  try {
    if (!(bytes instanceof Uint8Array)) throw decodeError('expected a Uint8Array')
    if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end))) {
      throw decodeError('the range bounds are not integers')
    }
    if (start < 0 || end > bytes.length || start > end)
      throw decodeError('the range is outside the bytes')
    if (start === end) throw decodeError('no bytes')
    const tag = bytes[start]!
    const value = decodeDirect(tag, bytes, start, end)
    if (value !== NOT_DIRECT) return value
    if (tag === Tag.msgpack) return decodeStructured(bytes, start + 1, end)
    throw decodeError(`unknown tag 0x${tag.toString(16).padStart(2, '0')}`)
  } catch (error) {
    if (error instanceof CacheError) throw error
    throw decodeError('unexpected failure', error)
  }
}
