// Placeholder API of the codec; the real implementation replaces this file.
import { CacheError } from '../errors.js'

/** Identifies this codec's byte format; stored in shared-region headers. */
export const CODEC_ID = 1

/** Encodes any supported value to bytes (tag byte first). Throws `CacheError` `E_ENCODE`. */
export function encodeValue(_value: unknown): Uint8Array {
  throw new CacheError('E_ENCODE', 'codec not implemented yet')
}

/** Decodes bytes written by {@link encodeValue}. Throws `CacheError` `E_DECODE` on anything else. */
export function decodeValue(_bytes: Uint8Array): unknown {
  throw new CacheError('E_DECODE', 'codec not implemented yet')
}

/** Encodes a key deterministically: equal keys give equal bytes. Throws `E_ENCODE`. */
export function encodeKey(_key: unknown): Uint8Array {
  throw new CacheError('E_ENCODE', 'codec not implemented yet')
}

/** {@link encodeKey} as a latin1 string, for composite memoize keys. */
export function encodeKeyString(key: object): string {
  return Buffer.from(encodeKey(key)).toString('latin1')
}
