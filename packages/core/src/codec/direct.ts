import {
  isInt32,
  measureMagnitude,
  readFloat64,
  readInt32,
  readMagnitude,
  writeFloat64,
  writeInt32,
  writeMagnitude,
} from './numbers.js'
import { decodeError } from './problems.js'
import {
  isWellFormed,
  readUtf16,
  readValidUtf8,
  utf8Length,
  writeUtf8,
  writeUtf16,
} from './strings.js'
import { Tag } from './tags.js'

// The direct forms: one tag byte, then a payload that fills the rest of the range.
// `measureDirect` and `writeDirect` are always called as a pair with no user code in
// between, so the string/bigint analysis of the first is kept here for the second.

/** UTF-8 byte length of the string measured last, or -1 when it goes out as UTF-16. */
let measuredUtf8 = 0

/**
 * Encoded length of `value` when it has a direct form (everything but objects,
 * arrays, Map, Set and Date), or -1 when it goes through the structured encoder.
 * Functions and symbols also return -1; the structured encoder rejects them.
 */
export function measureDirect(value: unknown): number {
  switch (typeof value) {
    case 'string':
      measuredUtf8 = utf8Length(value)
      return measuredUtf8 >= 0 ? 1 + measuredUtf8 : 1 + 2 * value.length
    case 'number':
      return isInt32(value) ? 5 : 9
    case 'boolean':
    case 'undefined':
      return 1
    case 'bigint':
      return 1 + measureMagnitude(value)
    case 'object': {
      if (value === null) return 1
      const proto = Object.getPrototypeOf(value)
      if (proto === Uint8Array.prototype || proto === Buffer.prototype) {
        return 1 + (value as Uint8Array).length
      }
      return -1
    }
    default:
      return -1
  }
}

/** Writes `value` (just measured by {@link measureDirect} as `length` bytes) at `offset`. */
export function writeDirect(
  value: unknown,
  target: Uint8Array,
  offset: number,
  length: number,
): void {
  switch (typeof value) {
    case 'string':
      if (measuredUtf8 >= 0) {
        target[offset] = Tag.utf8
        writeUtf8(value, target, offset + 1, length - 1)
      } else {
        target[offset] = Tag.utf16
        writeUtf16(value, target, offset + 1)
      }
      return
    case 'number':
      if (length === 5) {
        target[offset] = Tag.int32
        writeInt32(value, target, offset + 1)
      } else {
        target[offset] = Tag.float64
        writeFloat64(value, target, offset + 1)
      }
      return
    case 'boolean':
      target[offset] = value ? Tag.true : Tag.false
      return
    case 'undefined':
      target[offset] = Tag.undefined
      return
    case 'bigint':
      target[offset] = value < 0n ? Tag.bigintNegative : Tag.bigintPositive
      writeMagnitude(target, offset + 1, length - 1)
      return
    default: {
      if (value === null) {
        target[offset] = Tag.null
        return
      }
      const bytes = value as Uint8Array
      target[offset] =
        Object.getPrototypeOf(bytes) === Buffer.prototype ? Tag.buffer : Tag.uint8Array
      copyBytes(bytes, 0, bytes.length, target, offset + 1)
    }
  }
}

/** Bulk copies go through `set`; short ones stay in JS, which avoids a view allocation. */
function copyBytes(
  source: Uint8Array,
  start: number,
  end: number,
  target: Uint8Array,
  offset: number,
): void {
  if (end - start <= 64) {
    for (let i = start; i < end; i++) target[offset++] = source[i]!
  } else {
    target.set(start === 0 && end === source.length ? source : source.subarray(start, end), offset)
  }
}

function fixed(expected: number, length: number, what: string): void {
  if (length !== expected) throw decodeError(`${what} needs ${expected} bytes, got ${length}`)
}

/**
 * Decodes a direct form in `bytes[start, end)` whose tag is `tag`. Returns
 * `NOT_DIRECT` for the structured tag. Throws `CacheError` `E_DECODE` on any
 * malformed or non-canonical payload.
 */
export function decodeDirect(tag: number, bytes: Uint8Array, start: number, end: number): unknown {
  const length = end - start
  switch (tag) {
    case Tag.utf8: {
      const text = readValidUtf8(bytes, start + 1, end)
      if (text === undefined) throw decodeError('malformed UTF-8 in a string')
      return text
    }
    case Tag.int32:
      fixed(5, length, 'an int32')
      return readInt32(bytes, start + 1)
    case Tag.float64: {
      fixed(9, length, 'a float64')
      const value = readFloat64(bytes, start + 1)
      if (value === undefined) throw decodeError('a NaN with a non-canonical bit pattern')
      if (isInt32(value)) throw decodeError('an int32 number stored as a float64')
      return value
    }
    case Tag.undefined:
      fixed(1, length, 'undefined')
      return undefined
    case Tag.null:
      fixed(1, length, 'null')
      return null
    case Tag.false:
      fixed(1, length, 'false')
      return false
    case Tag.true:
      fixed(1, length, 'true')
      return true
    case Tag.bigintPositive:
    case Tag.bigintNegative: {
      if (length > 1 && bytes[end - 1] === 0) throw decodeError('a bigint with a zero high byte')
      if (tag === Tag.bigintPositive) return readMagnitude(bytes, start + 1, end)
      if (length === 1) throw decodeError('a negative bigint without a magnitude')
      return -readMagnitude(bytes, start + 1, end)
    }
    case Tag.utf16: {
      if (length % 2 === 0) throw decodeError('an odd number of bytes in a UTF-16 string')
      const value = readUtf16(bytes, start + 1, end)
      if (isWellFormed(value)) throw decodeError('a well-formed string stored as UTF-16')
      return value
    }
    case Tag.uint8Array: {
      const out = new Uint8Array(length - 1)
      copyBytes(bytes, start + 1, end, out, 0)
      return out
    }
    case Tag.buffer: {
      const out = Buffer.allocUnsafe(length - 1)
      copyBytes(bytes, start + 1, end, out, 0)
      return out
    }
    default:
      return NOT_DIRECT
  }
}

/** Returned by {@link decodeDirect} for a tag that is not a direct form. */
export const NOT_DIRECT: unique symbol = Symbol('not a direct form')
