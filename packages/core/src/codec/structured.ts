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
const packr = new Packr({
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
})

/** Room for the tag byte in front of msgpackr's output, so it is never copied. */
const WITH_TAG = RESERVE_START_SPACE | 1

/**
 * Encodes an object, array, `Map`, `Set` or `Date` as the tag `m` then MessagePack.
 * `canonical` (keys): object keys sorted, every `NaN` canonical. Throws `CacheError`
 * `E_ENCODE` naming the first unsupported part and its path.
 */
export function encodeStructured(value: object, canonical: boolean): Uint8Array {
  let tree: unknown = value
  try {
    if (checkStructured(value, canonical) || canonical) tree = prepareStructured(value, canonical)
    const out = packr.pack(tree, WITH_TAG)
    out[0] = Tag.msgpack
    return out
  } catch (error) {
    throw encodeError(error)
  }
}

/**
 * Decodes the MessagePack in `bytes[start, end)` (after the tag). Throws
 * `CacheError` `E_DECODE` on anything the encoder would not have written.
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
  return value
}
