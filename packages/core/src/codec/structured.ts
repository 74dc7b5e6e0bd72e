import { Packr, RESERVE_START_SPACE } from 'msgpackr'
import { decodeError, encodeError } from './problems.js'
import { checkStructured } from './structured-check.js'
import { prepareStructured } from './structured-prepare.js'
import { restoreStructured } from './structured-restore.js'
import { scanStructured } from './structured-scan.js'
import { Tag } from './tags.js'

/**
 * The one msgpackr instance, hardened: no records (so no shared structures and no
 * compiled readers), maps decode to plain objects, no structured-clone references,
 * no bundled strings, no `toJSON` calls, binary data copied out of the source.
 * `moreTypes` is what writes a `Set`, a `Uint8Array` and a bigint beyond 64 bits
 * as extensions; the scan decides which of msgpackr's extensions may be read.
 */
const PACKR_OPTIONS = {
  useRecords: false,
  mapsAsObjects: true,
  structuredClone: false,
  moreTypes: true,
  bundleStrings: false,
  useToJSON: false,
  copyBuffers: true,
  variableMapSize: true,
  int64AsType: 'bigint',
  encodeUndefinedAsNil: false,
} as const
const packr = new Packr(PACKR_OPTIONS)
/** A second instance for the decoder's re-encoding check (so the two never share state). */
const checker = new Packr(PACKR_OPTIONS)

/** Room for the tag byte in front of msgpackr's output, so it is never copied. */
const WITH_TAG = RESERVE_START_SPACE | 1

/**
 * Encodes an object, array, `Map`, `Set` or `Date` as the tag `m` then MessagePack.
 * `canonical` (keys): object keys sorted, every `NaN` canonical. Throws `CacheError`
 * `E_ENCODE` naming the first unsupported part and its path.
 */
export function encodeStructured(value: object, canonical: boolean): Uint8Array {
  try {
    const out = packr.pack(packable(value, canonical), WITH_TAG)
    out[0] = Tag.msgpack
    return out
  } catch (error) {
    throw encodeError(error)
  }
}

/** The tree msgpackr packs for `value`: itself when nothing needs a marker. */
function packable(value: object, canonical: boolean): unknown {
  return checkStructured(value) || canonical ? prepareStructured(value, canonical) : value
}

/**
 * Decodes the MessagePack in `bytes[start, end)` (after the tag). Throws
 * `CacheError` `E_DECODE` on anything the encoder would not have written: the
 * scan refuses what msgpackr must never run, and the decoded value is encoded
 * again, which must give exactly these bytes (each value has one encoding).
 */
export function decodeStructured(bytes: Uint8Array, start: number, end: number): object {
  const markers = scanStructured(bytes, start, end)
  // A Buffer of our own over the same memory: bin data then comes back as Buffer,
  // and msgpackr's cached DataView lands on this view, never on the caller's.
  const view = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start)
  let value: unknown
  try {
    value = packr.unpack(view)
  } catch (cause) {
    throw decodeError('MessagePack that msgpackr refused', cause)
  }
  if (markers) value = restoreStructured(value)
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) {
    // direct forms never travel as MessagePack
    throw decodeError('a primitive under the structured tag')
  }
  requireCanonical(value, bytes, start, end)
  return value
}

/**
 * The final guard of {@link decodeStructured}: `value`, just decoded from
 * `bytes[start, end)`, must encode to exactly those bytes. This catches every
 * form the encoder never writes, however it got past the scan: an integer in a
 * wider form than needed, a float for an integer, a NaN with a payload, a Date in
 * another timestamp form or out of range, duplicate keys or Set items (which
 * would collapse into one), object keys out of JavaScript's order, a Date or a
 * byte array nested deeper than the encoder allows.
 */
function requireCanonical(value: object, bytes: Uint8Array, start: number, end: number): void {
  let again: Uint8Array
  try {
    again = checker.pack(packable(value, false))
  } catch (cause) {
    throw decodeError('a value the encoder refuses', cause)
  }
  const length = end - start
  let at = 0
  if (again.length === length) {
    while (at < length && again[at] === bytes[start + at]) at++
    if (at === length) return
  } else {
    const shorter = Math.min(length, again.length)
    while (at < shorter && again[at] === bytes[start + at]) at++
  }
  throw decodeError(
    `a non-canonical encoding: the value's one encoding differs at MessagePack byte ${at} ` +
      '(a wider integer form than needed, a float for an integer, a NaN payload, another ' +
      'timestamp form, duplicate keys or items, or keys out of order)',
  )
}
