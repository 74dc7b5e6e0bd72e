/**
 * Identifies this codec's byte format; stored in shared-region headers so that a
 * region written by another format is refused instead of misread. Bumped on any
 * change to the byte format below.
 */
export const CODEC_ID = 2

/**
 * The first byte of every encoded value. Printable ASCII, so encoded keys stay
 * readable in a hex dump, and never `0x00`/`0xff`, so zeroed or erased memory is
 * not a valid encoding of anything.
 *
 * | tag | value | payload after the tag |
 * |---|---|---|
 * | `u` 0x75 | `undefined` | none |
 * | `n` 0x6e | `null` | none |
 * | `f` 0x66 | `false` | none |
 * | `t` 0x74 | `true` | none |
 * | `i` 0x69 | number that is an int32 (not `-0`) | 4 bytes, two's complement, little-endian |
 * | `d` 0x64 | any other number (`-0`, `NaN`, `±Infinity`, fractions, large integers) | 8 bytes IEEE 754 little-endian; `NaN` always `0x7ff8000000000000` |
 * | `+` 0x2b | bigint ≥ 0 | magnitude, little-endian, no high zero byte (`0n` is empty) |
 * | `-` 0x2d | bigint < 0 | magnitude of `-value`, little-endian, no high zero byte |
 * | `s` 0x73 | well-formed string | UTF-8 |
 * | `w` 0x77 | string with a lone surrogate | UTF-16LE code units (even length) |
 * | `y` 0x79 | `Uint8Array` | the bytes |
 * | `Y` 0x59 | `Buffer` | the bytes |
 * | `m` 0x6d | object, array, `Map`, `Set`, `Date` | MessagePack, see `structured.ts` |
 *
 * Every value has exactly one encoding; the decoder rejects any other (an `i`-range
 * number under `d`, a well-formed string under `w`, a zero high byte, …). Under `m`
 * the decoder encodes what it decoded again and requires exactly the bytes it read:
 * minimal integer and length forms, float64 only for what is not an integer of
 * 32 bits, the canonical NaN, the one timestamp form msgpackr picks for each Date,
 * no duplicate keys, Map keys or Set items, object keys in `Object.keys` order,
 * and no nesting beyond {@link MAX_DEPTH}.
 */
export const Tag = {
  /** `u` 0x75: `undefined`; no payload. */
  undefined: 0x75,
  /** `n` 0x6e: `null`; no payload. */
  null: 0x6e,
  /** `f` 0x66: `false`; no payload. */
  false: 0x66,
  /** `t` 0x74: `true`; no payload. */
  true: 0x74,
  /** `i` 0x69: a number that is an int32 (not `-0`); 4 bytes, two's complement, little-endian. */
  int32: 0x69,
  /** `d` 0x64: any other number; 8 bytes IEEE 754 little-endian, `NaN` canonical. */
  float64: 0x64,
  /** `+` 0x2b: a bigint ≥ 0; its magnitude, little-endian, no high zero byte. */
  bigintPositive: 0x2b,
  /** `-` 0x2d: a bigint < 0; the magnitude of `-value`, little-endian, no high zero byte. */
  bigintNegative: 0x2d,
  /** `s` 0x73: a well-formed string; UTF-8. */
  utf8: 0x73,
  /** `w` 0x77: a string with a lone surrogate; UTF-16LE code units. */
  utf16: 0x77,
  /** `y` 0x79: a `Uint8Array`; its bytes. */
  uint8Array: 0x79,
  /** `Y` 0x59: a `Buffer`; its bytes. */
  buffer: 0x59,
  /** `m` 0x6d: an object, array, `Map`, `Set` or `Date`; canonical MessagePack. */
  msgpack: 0x6d,
} as const

/** A tag byte of {@link Tag}. */
export type TagByte = (typeof Tag)[keyof typeof Tag]

/**
 * Deepest nesting of objects, arrays, Maps and Sets that the codec writes or reads:
 * the top-level structure is depth 0, and a structure (or a `Date` or byte array)
 * at depth 512 is refused by the encoder (`E_ENCODE`) and the decoder (`E_DECODE`)
 * alike. Bounds the recursion of both sides, so hostile bytes cannot overflow the stack.
 */
export const MAX_DEPTH = 512
