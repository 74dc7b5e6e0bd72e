import { decodeError } from './problems.js'
import { isValidUtf8 } from './strings.js'
import { MAX_DEPTH } from './tags.js'

/**
 * Checks MessagePack bytes before msgpackr sees them, so that msgpackr only ever
 * runs the few code paths the encoder uses. Allowed: nil, booleans, all integer
 * forms, float64, UTF-8 strings (validated), bin, arrays, maps whose keys are
 * strings other than `__proto__`, and these extensions: undefined (fixext1 type 0),
 * Date (type -1: 4, 8 or 12 bytes, or the 1-byte invalid date), Set (fixext1 type
 * 0x73 followed by an array), Uint8Array (type 0x74 with element code 1) and large
 * bigint (type 0x42). The byte `0xc1` only as the first element of an array (a
 * marker, see `structured-prepare.ts`). Everything else fails, in particular
 * msgpackr's record definitions (the only path that compiles code), structured
 * clone references, errors, regular expressions and other typed arrays.
 *
 * Also bounds nesting by {@link MAX_DEPTH} exactly as the encoder does (only a `-0`
 * or lone-surrogate marker may be an array at depth 512), checks every length
 * against the bytes left, and requires the value to end exactly at `end`. The
 * canonical form of each item is left to the re-encoding check in `structured.ts`. Returns true when a marker
 * was seen (the decoded value then needs `restoreStructured`).
 */
export function scanStructured(bytes: Uint8Array, start: number, end: number): boolean {
  source = bytes
  limit = end
  sawMarker = false
  try {
    const next = scanValue(start, 0)
    if (next !== end) throw decodeError(`${end - next} trailing bytes after the value`)
    return sawMarker
  } finally {
    source = EMPTY
  }
}

const EMPTY = new Uint8Array(0)
let source: Uint8Array = EMPTY
let limit = 0
let sawMarker = false

const EXT_UNDEFINED = 0x00
const EXT_DATE = 0xff
const EXT_SET = 0x73
const EXT_TYPED_ARRAY = 0x74
const TYPED_ARRAY_UINT8 = 1
const EXT_BIGINT = 0x42

function need(at: number, count: number): void {
  if (count > limit - at) throw decodeError('truncated MessagePack data')
}

function u8(at: number): number {
  need(at, 1)
  return source[at]!
}

function u16(at: number): number {
  need(at, 2)
  return (source[at]! << 8) | source[at + 1]!
}

function u32(at: number): number {
  need(at, 4)
  return (
    source[at]! * 0x1000000 + ((source[at + 1]! << 16) | (source[at + 2]! << 8) | source[at + 3]!)
  )
}

/** Scans one value at `at`; returns the position after it. */
function scanValue(at: number, depth: number): number {
  const token = u8(at++)
  if (token < 0x80 || token >= 0xe0) return at
  if (token < 0x90) return scanMap(at, token & 0x0f, depth)
  if (token < 0xa0) return scanArray(at, token & 0x0f, depth)
  if (token < 0xc0) return scanString(at, token & 0x1f)
  switch (token) {
    case 0xc0:
    case 0xc2:
    case 0xc3:
      return at
    case 0xc1:
      throw decodeError('a 0xc1 byte outside a marker')
    case 0xc4:
      return skip(at + 1, u8(at))
    case 0xc5:
      return skip(at + 2, u16(at))
    case 0xc6:
      return skip(at + 4, u32(at))
    case 0xc7:
      return scanExt(at + 2, u8(at), u8(at + 1), token, depth)
    case 0xc8:
      return scanExt(at + 3, u16(at), u8(at + 2), token, depth)
    case 0xc9:
      return scanExt(at + 5, u32(at), u8(at + 4), token, depth)
    case 0xcb:
      return skip(at, 8)
    case 0xcc:
    case 0xd0:
      return skip(at, 1)
    case 0xcd:
    case 0xd1:
      return skip(at, 2)
    case 0xce:
    case 0xd2:
      return skip(at, 4)
    case 0xcf:
    case 0xd3:
      return skip(at, 8)
    case 0xd4:
      return scanExt(at + 1, 1, u8(at), token, depth)
    case 0xd5:
      return scanExt(at + 1, 2, u8(at), token, depth)
    case 0xd6:
      return scanExt(at + 1, 4, u8(at), token, depth)
    case 0xd7:
      return scanExt(at + 1, 8, u8(at), token, depth)
    case 0xd8:
      return scanExt(at + 1, 16, u8(at), token, depth)
    case 0xd9:
      return scanString(at + 1, u8(at))
    case 0xda:
      return scanString(at + 2, u16(at))
    case 0xdb:
      return scanString(at + 4, u32(at))
    case 0xdc:
      return scanArray(at + 2, u16(at), depth)
    case 0xdd:
      return scanArray(at + 4, u32(at), depth)
    case 0xde:
      return scanMap(at + 2, u16(at), depth)
    case 0xdf:
      return scanMap(at + 4, u32(at), depth)
    default:
      // 0xca (float32) is never written
      throw decodeError(`MessagePack type 0x${token.toString(16)} is not used by warp`)
  }
}

function skip(at: number, count: number): number {
  need(at, count)
  return at + count
}

function scanString(at: number, length: number): number {
  need(at, length)
  if (!isValidUtf8(source, at, at + length)) throw decodeError('malformed UTF-8 in a string')
  return at + length
}

// The encoder's bound exactly: containers at depths 0 … MAX_DEPTH - 1. Only a
// `-0` or lone-surrogate marker, which stands for a primitive (allowed at any
// depth), may be an array at depth MAX_DEPTH.
function enter(depth: number): void {
  if (depth >= MAX_DEPTH) throw decodeError(`nesting deeper than ${MAX_DEPTH} levels`)
}

/** True when a `-0` or lone-surrogate marker (`[C1, 'z' | 'w', …]`) starts at `at`. */
function isPrimitiveMarker(at: number, count: number): boolean {
  return (
    count >= 2 &&
    limit - at >= 3 &&
    source[at] === 0xc1 &&
    source[at + 1] === 0xa1 &&
    (source[at + 2] === 0x7a || source[at + 2] === 0x77)
  )
}

function scanArray(at: number, count: number, depth: number, allowMarker = true): number {
  need(at, count) // every element takes at least one byte
  if (!(allowMarker && isPrimitiveMarker(at, count))) enter(depth)
  if (count > 0 && source[at] === 0xc1) {
    if (!allowMarker) throw decodeError('a marker as the item list of a Set')
    sawMarker = true
    at++
    count--
  }
  for (let i = 0; i < count; i++) at = scanValue(at, depth + 1)
  return at
}

const PROTO = Array.from('__proto__', (c) => c.charCodeAt(0))

function scanMap(at: number, count: number, depth: number): number {
  enter(depth)
  need(at, 2 * count) // every entry takes at least two bytes
  for (let i = 0; i < count; i++) {
    // msgpackr turns maps into plain objects: keys must be strings, and a
    // `__proto__` key would come back renamed, so the encoder never writes one
    const token = u8(at)
    let length: number
    let data: number
    if (token >= 0xa0 && token < 0xc0) {
      length = token & 0x1f
      data = at + 1
    } else if (token === 0xd9) {
      length = u8(at + 1)
      data = at + 2
    } else if (token === 0xda) {
      length = u16(at + 1)
      data = at + 3
    } else if (token === 0xdb) {
      length = u32(at + 1)
      data = at + 5
    } else throw decodeError('a map key that is not a string')
    if (length === PROTO.length && isProto(data)) throw decodeError('a __proto__ key in a map')
    at = scanValue(scanString(data, length), depth + 1)
  }
  return at
}

function isProto(at: number): boolean {
  if (limit - at < PROTO.length) return false
  for (let i = 0; i < PROTO.length; i++) if (source[at + i] !== PROTO[i]) return false
  return true
}

function scanExt(at: number, length: number, type: number, token: number, depth: number): number {
  need(at, length)
  switch (type) {
    case EXT_UNDEFINED:
      if (token === 0xd4 && source[at] === 0) return at + 1
      break
    case EXT_DATE:
      if (length === 1 ? source[at] === 0xff : length === 4 || length === 8 || length === 12) {
        return at + length
      }
      break
    case EXT_SET:
      // msgpackr reads the Set's items as the array right after the extension
      if (token === 0xd4 && source[at] === 0) {
        // the Set and its item list are one level, as in the encoder
        const next = at + 1
        const items = u8(next)
        if (items >= 0x90 && items < 0xa0) return scanArray(next + 1, items & 0x0f, depth, false)
        if (items === 0xdc) return scanArray(next + 3, u16(next + 1), depth, false)
        if (items === 0xdd) return scanArray(next + 5, u32(next + 1), depth, false)
      }
      break
    case EXT_TYPED_ARRAY:
      if (token >= 0xc7 && token <= 0xc9 && length >= 1 && source[at] === TYPED_ARRAY_UINT8) {
        return at + length
      }
      break
    case EXT_BIGINT:
      if (length >= 1) return at + length
      break
  }
  throw decodeError(`MessagePack extension 0x${type.toString(16)} is not used by warp in this form`)
}
