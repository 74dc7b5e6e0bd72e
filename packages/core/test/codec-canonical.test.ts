import { describe, expect, it } from 'vitest'
import { decodeValue, encodeKey, encodeValue, MAX_DEPTH, Tag } from '../src/codec/index.js'
import { isCacheError } from '../src/errors.js'
import { difference } from './codec/same.js'

// Every test here builds MessagePack by hand (after the tag byte `m` = 0x6d), one
// form the encoder writes and the other forms of the same value it never writes.

const m = (...msgpack: number[]) => new Uint8Array([Tag.msgpack, ...msgpack])
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

function decodeError(bytes: Uint8Array): string {
  try {
    const value = decodeValue(bytes)
    throw new Error(`decoded ${hex(bytes)} to ${String(value)}`)
  } catch (error) {
    if (!isCacheError(error, 'E_DECODE')) throw error
    return error.message
  }
}

/** `bytes` is rejected with E_DECODE (and a message matching `reason`). */
function rejects(bytes: Uint8Array, reason: RegExp = /non-canonical/): void {
  expect(decodeError(bytes), hex(bytes)).toMatch(reason)
}

/** `bytes` is exactly what the encoder writes for `value`, and decodes to it. */
function accepts(bytes: Uint8Array, value: unknown): void {
  expect(hex(encodeValue(value))).toBe(hex(bytes))
  expect(difference(decodeValue(bytes), value)).toBeUndefined()
}

/** Big-endian bytes of a uint32. */
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]
/** Big-endian bytes of an int64. */
const i64 = (n: bigint) => [...Buffer.from(new BigInt64Array([n]).buffer)].reverse()

describe('codec: one encoding per value (structured forms)', () => {
  it('refuses a Date in a timestamp form other than the one the encoder picks', () => {
    // 1970-01-01T00:00:00.000Z: whole seconds in [0, 2^32) → timestamp 32 only
    // d6 = fixext4, ff = timestamp type, then uint32 seconds; 91 = array of 1
    accepts(m(0x91, 0xd6, 0xff, ...u32(0)), [new Date(0)])
    // d7 = fixext8 timestamp 64: uint32 (nanoseconds << 2 | seconds >> 32), uint32 seconds
    rejects(m(0x91, 0xd7, 0xff, ...u32(0), ...u32(0)))
    // c7 0c ff = ext8 of 12 bytes, timestamp 96: uint32 nanoseconds, int64 seconds
    rejects(m(0x91, 0xc7, 0x0c, 0xff, ...u32(0), ...i64(0n)))

    // 1.5 s after the epoch: milliseconds ≠ 0 and seconds in (0, 2^32) → timestamp 64
    accepts(m(0x91, 0xd7, 0xff, ...u32(500_000_000 * 4), ...u32(1)), [new Date(1500)])
    rejects(m(0x91, 0xc7, 0x0c, 0xff, ...u32(500_000_000), ...i64(1n)))
    // the same in timestamp 64 with the 34-bit seconds' high bits set: 2^32 + 1 s
    // is a different Date the encoder writes as timestamp 96
    rejects(m(0x91, 0xd7, 0xff, ...u32(500_000_000 * 4 + 1), ...u32(1)))

    // one second before the epoch: negative → timestamp 96 (nanoseconds 0, seconds -1)
    accepts(m(0x91, 0xc7, 0x0c, 0xff, ...u32(0), ...i64(-1n)), [new Date(-1000)])
    // …and that same instant as timestamp 32 is impossible (seconds are unsigned there)
  })

  it('refuses timestamps with out-of-range or sub-millisecond nanoseconds, or outside the Date range', () => {
    // timestamp 64 with nanoseconds = 1e9 (one whole second too many), seconds = 1
    rejects(m(0x91, 0xd7, 0xff, ...u32(1_000_000_000 * 4), ...u32(1)))
    // timestamp 96 with nanoseconds = 1e9 and with the largest 32-bit value
    rejects(m(0x91, 0xc7, 0x0c, 0xff, ...u32(1_000_000_000), ...i64(-1n)))
    rejects(m(0x91, 0xc7, 0x0c, 0xff, ...u32(0xffffffff), ...i64(-1n)))
    // 1 ns and 999,999 ns: not a whole millisecond, so not what any Date encodes to
    rejects(m(0x91, 0xd7, 0xff, ...u32(1 * 4), ...u32(1)))
    rejects(m(0x91, 0xc7, 0x0c, 0xff, ...u32(999_999), ...i64(-1n)))
    // timestamp 96 with 2^45 seconds: beyond the Date range (±8.64e15 ms), an invalid Date;
    // 2^40 seconds (year 36812) is still a Date, and written exactly so
    rejects(m(0x91, 0xc7, 0x0c, 0xff, ...u32(0), ...i64(2n ** 45n)))
    accepts(m(0x91, 0xc7, 0x0c, 0xff, ...u32(0), ...i64(2n ** 40n)), [new Date(2 ** 40 * 1000)])
    // the last and first valid Dates; one second beyond either is invalid
    accepts(m(0x91, 0xc7, 0x0c, 0xff, ...u32(0), ...i64(8_640_000_000_000n)), [new Date(8.64e15)])
    rejects(m(0x91, 0xc7, 0x0c, 0xff, ...u32(0), ...i64(8_640_000_000_001n)))
    rejects(m(0x91, 0xc7, 0x0c, 0xff, ...u32(0), ...i64(-8_640_000_000_001n)))
    rejects(m(0x91, 0xc7, 0x0c, 0xff, ...u32(0), ...i64(-(2n ** 63n))))
    // the invalid Date is written one way only: fixext1 (d4), type ff, data ff
    accepts(m(0x91, 0xd4, 0xff, 0xff), [new Date(Number.NaN)])
  })

  it('refuses maps with duplicate keys and Sets or Maps with duplicate items', () => {
    // 82 = map of 2: "a" (a1 61) → 1, "a" → 2; msgpackr alone would give { a: 2 }
    rejects(m(0x82, 0xa1, 0x61, 0x01, 0xa1, 0x61, 0x02))
    // the same with the second key as str8 (d9 01 61)
    rejects(m(0x82, 0xa1, 0x61, 0x01, 0xd9, 0x01, 0x61, 0x02))
    // d4 73 00 = the Set extension, then its items: 92 = array of 2: 1, 1
    accepts(m(0xd4, 0x73, 0x00, 0x92, 0x01, 0x02), new Set([1, 2]))
    rejects(m(0xd4, 0x73, 0x00, 0x92, 0x01, 0x01))
    rejects(m(0xd4, 0x73, 0x00, 0x92, 0xa1, 0x61, 0xa1, 0x61)) // "a", "a"
    // a Set never holds -0 (Set.add turns it into 0): items 0 and the -0 marker [C1, "z"]
    rejects(m(0xd4, 0x73, 0x00, 0x91, 0x92, 0xc1, 0xa1, 0x7a))
    // a Map marker [C1, "M", key, value]: with the -0 marker as a key (Map.set makes it 0)
    accepts(m(0x94, 0xc1, 0xa1, 0x4d, 0x00, 0x01), new Map([[0, 1]]))
    rejects(m(0x94, 0xc1, 0xa1, 0x4d, 0x92, 0xc1, 0xa1, 0x7a, 0x01))
    // an entries marker [C1, "O", "a", 1] for an object that needs none (no __proto__
    // or lone-surrogate key): the encoder writes the plain map 81 a1 61 01
    accepts(m(0x81, 0xa1, 0x61, 0x01), { a: 1 })
    rejects(m(0x94, 0xc1, 0xa1, 0x4f, 0xa1, 0x61, 0x01))
  })

  it('refuses object keys out of the order JavaScript gives them', () => {
    // { "1": 2, b: 1 }: JavaScript lists array-index keys first, so the encoder
    // writes "1" (a1 31) before "b" (a1 62) whatever the insertion order
    accepts(m(0x82, 0xa1, 0x31, 0x02, 0xa1, 0x62, 0x01), { b: 1, 1: 2 })
    rejects(m(0x82, 0xa1, 0x62, 0x01, 0xa1, 0x31, 0x02))
    // "10" (a2 31 30) before "9" (a1 39): index keys come in numeric order
    rejects(m(0x82, 0xa2, 0x31, 0x30, 0x01, 0xa1, 0x39, 0x02))
  })

  it('refuses integers in a wider form than needed and integers as float64', () => {
    // 1: positive fixint 01; not uint8 cc, uint16 cd, uint32 ce, int8 d0, int16 d1, int32 d2
    accepts(m(0x91, 0x01), [1])
    rejects(m(0x91, 0xcc, 0x01))
    rejects(m(0x91, 0xcd, 0x00, 0x01))
    rejects(m(0x91, 0xce, ...u32(1)))
    rejects(m(0x91, 0xd0, 0x01))
    rejects(m(0x91, 0xd1, 0x00, 0x01))
    rejects(m(0x91, 0xd2, ...u32(1)))
    // 200: uint8 cc c8; not uint16
    accepts(m(0x91, 0xcc, 0xc8), [200])
    rejects(m(0x91, 0xcd, 0x00, 0xc8))
    // -1: negative fixint ff; not int8 d0 ff or int16 d1 ff ff
    accepts(m(0x91, 0xff), [-1])
    rejects(m(0x91, 0xd0, 0xff))
    rejects(m(0x91, 0xd1, 0xff, 0xff))
    // -100: int8 d0 9c; not int16 d1 ff 9c
    accepts(m(0x91, 0xd0, 0x9c), [-100])
    rejects(m(0x91, 0xd1, 0xff, 0x9c))
    // float64 (cb, big-endian IEEE 754) of 1.0, +0, -0 and 2^31: the encoder writes
    // 1 and 0 as fixints, -0 as its marker and 2^31 as uint32 (ce 80 00 00 00)
    rejects(m(0x91, 0xcb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0))
    rejects(m(0x91, 0xcb, 0, 0, 0, 0, 0, 0, 0, 0))
    rejects(m(0x91, 0xcb, 0x80, 0, 0, 0, 0, 0, 0, 0))
    accepts(m(0x91, 0xce, ...u32(2 ** 31)), [2 ** 31])
    rejects(m(0x91, 0xcb, 0x41, 0xe0, 0, 0, 0, 0, 0, 0))
    // 2^40 is beyond msgpackr's 32-bit integer forms: float64 is its one encoding
    accepts(m(0x91, 0xcb, 0x42, 0x70, 0, 0, 0, 0, 0, 0), [2 ** 40])
    // bigint 1n: int64 d3; not uint64 cf (also decoded as a bigint) nor the big-bigint
    // extension (d4 42 = fixext1 of type 0x42)
    accepts(m(0x91, 0xd3, ...i64(1n)), [1n])
    rejects(m(0x91, 0xcf, ...i64(1n)))
    rejects(m(0x91, 0xd4, 0x42, 0x01))
  })

  it('refuses wider length headers than needed for strings, bytes, arrays and maps', () => {
    accepts(m(0x91, 0xa1, 0x61), ['a']) // fixstr
    rejects(m(0x91, 0xd9, 0x01, 0x61)) // str8
    rejects(m(0x91, 0xda, 0x00, 0x01, 0x61)) // str16
    accepts(m(0x91, 0xc4, 0x01, 0x07), [Buffer.from([7])]) // bin8
    rejects(m(0x91, 0xc5, 0x00, 0x01, 0x07)) // bin16
    rejects(m(0xdc, 0x00, 0x01, 0x01)) // array16 of one item
    rejects(m(0xdd, ...u32(1), 0x01)) // array32 of one item
    rejects(m(0xde, 0x00, 0x01, 0xa1, 0x61, 0x01)) // map16 of one entry
  })

  it('refuses NaN with any payload but the canonical one', () => {
    // float64 7ff8000000000000 is the one NaN
    accepts(m(0x91, 0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0), [Number.NaN])
    rejects(m(0x91, 0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0x01)) // quiet NaN, payload 1
    rejects(m(0x91, 0xcb, 0xff, 0xf8, 0, 0, 0, 0, 0, 0)) // negative quiet NaN
    rejects(m(0x91, 0xcb, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0x01)) // signalling NaN
    rejects(m(0x91, 0xcb, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
    // Infinity stays accepted: 7ff0000000000000
    accepts(m(0x91, 0xcb, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0), [Infinity])
  })

  it('writes every NaN inside a structure as the canonical NaN', () => {
    const view = new DataView(new ArrayBuffer(8))
    view.setUint32(0, 0x7ff80000)
    view.setUint32(4, 0x1234)
    const oddNaN = view.getFloat64(0)
    view.setUint32(0, 0xfff80000)
    const negativeNaN = view.getFloat64(0)
    for (const wrap of [
      (v: number) => [v],
      (v: number) => ({ a: v }),
      (v: number) => new Set([v]),
      (v: number) => new Map([[v, v]]),
    ]) {
      const canonical = hex(encodeValue(wrap(Number.NaN)))
      expect(hex(encodeValue(wrap(oddNaN)))).toBe(canonical)
      expect(hex(encodeValue(wrap(negativeNaN)))).toBe(canonical)
    }
  })

  it('refuses nesting one level deeper than the encoder writes, exactly at its bound', () => {
    const arrays = (levels: number, leaf: number[]) => [...new Array(levels).fill(0x91), ...leaf]
    // 512 nested arrays around nil decode; 513 do not (the encoder refuses them too)
    let deep: unknown = null
    for (let i = 0; i < MAX_DEPTH; i++) deep = [deep]
    accepts(m(...arrays(MAX_DEPTH, [0xc0])), deep)
    expect(() => encodeValue([deep])).toThrow(/nesting deeper than 512/)
    rejects(m(...arrays(MAX_DEPTH + 1, [0xc0])), /nesting deeper than 512/)
    // 513 nested maps { a: … } (81 a1 61)
    const maps = new Array(MAX_DEPTH + 1).fill([0x81, 0xa1, 0x61]).flat()
    rejects(m(...maps, 0xc0), /nesting deeper than 512/)
    // -0 is a primitive, allowed at depth 512, though its marker [C1, "z"] is an array
    let negativeZero: unknown = -0
    for (let i = 0; i < MAX_DEPTH; i++) negativeZero = [negativeZero]
    accepts(m(...arrays(MAX_DEPTH, [0x92, 0xc1, 0xa1, 0x7a])), negativeZero)
    // …but a Date is an object: at depth 512 the encoder refuses it, and so does the decoder
    let date: unknown = new Date(0)
    for (let i = 0; i < MAX_DEPTH; i++) date = [date]
    expect(() => encodeValue(date)).toThrow(/nesting deeper than 512/)
    rejects(m(...arrays(MAX_DEPTH, [0xd6, 0xff, ...u32(0)])), /encoder refuses/)
  })

  it('decodes encodeKey bytes to a value whose one encoding is those bytes', () => {
    const key = JSON.parse('{"b": 1, "__proto__": 2, "10": 3, "9": 4, "a": [{"y": 1, "2": 0}]}')
    const bytes = encodeKey(key)
    const decoded = decodeValue(bytes) as object
    expect(Object.keys(decoded)).toEqual(['9', '10', '__proto__', 'a', 'b'])
    expect(hex(encodeValue(decoded))).toBe(hex(bytes))
  })
})
