import { isUtf8 } from 'node:buffer'

/**
 * Node's `Buffer.prototype` string helpers. They accept any `Uint8Array` as `this`
 * and read or write in place, so the hot path allocates only its result. Looked
 * up once; each has a standard fallback if a runtime lacks it.
 */
interface NativeStringHelpers {
  utf8Write?: (this: Uint8Array, value: string, offset: number, length: number) => number
  utf8Slice?: (this: Uint8Array, start: number, end: number) => string
  ucs2Slice?: (this: Uint8Array, start: number, end: number) => string
}
const native = Buffer.prototype as unknown as NativeStringHelpers
const nativeUtf8Write = typeof native.utf8Write === 'function' ? native.utf8Write : undefined
const nativeUtf8Slice = typeof native.utf8Slice === 'function' ? native.utf8Slice : undefined
const nativeUcs2Slice = typeof native.ucs2Slice === 'function' ? native.ucs2Slice : undefined
const textEncoder = new TextEncoder()
const textDecoder = new TextDecoder('utf-8', { fatal: true })

/** Strings up to this many UTF-16 units are handled in JS: cheaper than a native call. */
const SHORT = 32
/** Byte ranges longer than this are checked by Node's native `isUtf8`. */
const LONG_BYTES = 64

const stringProto = String.prototype as unknown as { isWellFormed?: (this: string) => boolean }
const nativeIsWellFormed = stringProto.isWellFormed

/** True when `value` has no lone surrogate, i.e. it is valid UTF-16 and maps 1:1 to UTF-8. */
export function isWellFormed(value: string): boolean {
  if (nativeIsWellFormed) return nativeIsWellFormed.call(value)
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 0xd800 || c > 0xdfff) continue
    if (c > 0xdbff || i + 1 === value.length) return false
    const next = value.charCodeAt(i + 1)
    if (next < 0xdc00 || next > 0xdfff) return false
    i++
  }
  return true
}

/** UTF-8 length of `value` in bytes, or -1 when it has a lone surrogate. */
export function utf8Length(value: string): number {
  const n = value.length
  if (n > SHORT) return isWellFormed(value) ? Buffer.byteLength(value, 'utf8') : -1
  let bytes = n
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i)
    if (c < 0x80) continue
    if (c < 0x800) bytes += 1
    else if (c < 0xd800 || c > 0xdfff) bytes += 2
    else {
      // a surrogate pair is 2 units and 4 bytes: 2 more than counted
      const next = c <= 0xdbff && i + 1 < n ? value.charCodeAt(i + 1) : 0
      if (next < 0xdc00 || next > 0xdfff) return -1
      bytes += 2
      i++
    }
  }
  return bytes
}

/** Writes the well-formed `value` as UTF-8 (`byteLength` from {@link utf8Length}) at `offset`. */
export function writeUtf8(
  value: string,
  target: Uint8Array,
  offset: number,
  byteLength: number,
): void {
  const n = value.length
  if (n > SHORT) {
    if (nativeUtf8Write) nativeUtf8Write.call(target, value, offset, byteLength)
    else textEncoder.encodeInto(value, target.subarray(offset, offset + byteLength))
    return
  }
  if (byteLength === n) {
    for (let i = 0; i < n; i++) target[offset + i] = value.charCodeAt(i)
    return
  }
  let p = offset
  for (let i = 0; i < n; i++) {
    let c = value.charCodeAt(i)
    if (c < 0x80) {
      target[p++] = c
    } else if (c < 0x800) {
      target[p++] = 0xc0 | (c >> 6)
      target[p++] = 0x80 | (c & 0x3f)
    } else if (c < 0xd800 || c > 0xdfff) {
      target[p++] = 0xe0 | (c >> 12)
      target[p++] = 0x80 | ((c >> 6) & 0x3f)
      target[p++] = 0x80 | (c & 0x3f)
    } else {
      c = 0x10000 + ((c - 0xd800) << 10) + (value.charCodeAt(++i) - 0xdc00)
      target[p++] = 0xf0 | (c >> 18)
      target[p++] = 0x80 | ((c >> 12) & 0x3f)
      target[p++] = 0x80 | ((c >> 6) & 0x3f)
      target[p++] = 0x80 | (c & 0x3f)
    }
  }
}

/** Writes every UTF-16 code unit of `value` little-endian at `offset` (2 bytes per unit). */
export function writeUtf16(value: string, target: Uint8Array, offset: number): void {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    target[offset + 2 * i] = c & 0xff
    target[offset + 2 * i + 1] = c >> 8
  }
}

/**
 * True when `bytes[start, end)` is well-formed UTF-8: no overlong forms, no
 * encoded surrogates, nothing above U+10FFFF, no truncated sequence.
 */
export function isValidUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start > LONG_BYTES) return isUtf8(bytes.subarray(start, end))
  let i = start
  while (i < end) {
    const c = bytes[i]!
    if (c < 0x80) {
      i++
      continue
    }
    let extra: number
    let low = 0x80
    let high = 0xbf
    if (c < 0xc2) return false
    if (c < 0xe0) extra = 1
    else if (c < 0xf0) {
      extra = 2
      if (c === 0xe0) low = 0xa0
      else if (c === 0xed) high = 0x9f
    } else if (c < 0xf5) {
      extra = 3
      if (c === 0xf0) low = 0x90
      else if (c === 0xf4) high = 0x8f
    } else return false
    if (i + extra >= end) return false
    const second = bytes[i + 1]!
    if (second < low || second > high) return false
    for (let k = 2; k <= extra; k++) {
      const b = bytes[i + k]!
      if (b < 0x80 || b > 0xbf) return false
    }
    i += extra + 1
  }
  return true
}

/**
 * Decodes `bytes[start, end)` when it is well-formed UTF-8 (what {@link isValidUtf8}
 * checks), else returns `undefined`.
 *
 * Decode first, check only when needed: the engine's UTF-8 decoder (behind
 * `Buffer#utf8Slice`) follows the WHATWG rule and turns every malformed sequence (overlong
 * forms, encoded surrogates, code points above U+10FFFF, truncated sequences) into U+FFFD.
 * A result without U+FFFD therefore came from well-formed bytes, and looking for it in a
 * one-byte string costs nothing; only a result that has one (a real U+FFFD, or a
 * replacement) is checked byte by byte. The codec tests feed every class of malformed
 * input through this path on the running engine.
 */
export function readValidUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  if (start === end) return ''
  if (nativeUtf8Slice) {
    const text = nativeUtf8Slice.call(bytes, start, end)
    return !text.includes('\ufffd') || isValidUtf8(bytes, start, end) ? text : undefined
  }
  if (!isValidUtf8(bytes, start, end)) return undefined
  return textDecoder.decode(bytes.subarray(start, end))
}

/** Decodes `bytes[start, end)` as UTF-16LE code units, lone surrogates kept; the length must be even. */
export function readUtf16(bytes: Uint8Array, start: number, end: number): string {
  if (nativeUcs2Slice) return nativeUcs2Slice.call(bytes, start, end)
  let out = ''
  for (let i = start; i < end; i += 2) out += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8))
  return out
}
