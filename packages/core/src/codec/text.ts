import { isWellFormed } from './strings.js'
import { Tag } from './tags.js'

const UTF8_TAG = String.fromCharCode(Tag.utf8)

/**
 * The encoding of `value` ({@link encodeKey} and `encodeValue` give the same bytes for it)
 * as a string whose UTF-8 bytes are exactly that encoding, or `undefined` when the encoding
 * is not text. Today that is every well-formed string: `'s' + value`.
 *
 * Why: a network client that sends strings as UTF-8 (iovalkey, ioredis) writes such a string
 * with no byte buffer in between, so a backend can send the same bytes for less work.
 * Anything else (numbers, lone surrogates, objects) returns `undefined`: use the bytes.
 */
export function encodeAsText(value: unknown): string | undefined {
  return typeof value === 'string' && isWellFormed(value) ? UTF8_TAG + value : undefined
}
