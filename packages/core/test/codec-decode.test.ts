import fc from 'fast-check'
import { C1, Packr } from 'msgpackr'
import { describe, expect, it } from 'vitest'
import { decodeRange, decodeValue, encodeValue, MAX_DEPTH, Tag } from '../src/codec/index.js'
import { isCacheError } from '../src/errors.js'
import { anyPrimitive, anyValue, property } from './codec/arbitraries.js'

/** Decodes, and fails the test on any exception other than CacheError E_DECODE. */
function tryDecode(
  bytes: Uint8Array,
): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: decodeValue(bytes) }
  } catch (error) {
    if (!isCacheError(error, 'E_DECODE')) throw error
    return { ok: false, message: error.message }
  }
}

function rejects(bytes: Uint8Array | number[], reason?: RegExp): void {
  const result = tryDecode(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes))
  expect(result.ok, `decoded ${JSON.stringify(result)}`).toBe(false)
  if (reason && !result.ok) expect(result.message).toMatch(reason)
}

const m = (...msgpack: number[]) => [Tag.msgpack, ...msgpack]
const tags = Object.values(Tag)

describe('codec decoding of untrusted bytes', () => {
  it('random bytes only ever give a value or CacheError E_DECODE (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        tryDecode(bytes)
      }),
      property('random bytes', 3000),
    )
  })

  it('random payloads behind every tag only give a value or E_DECODE (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...tags), fc.uint8Array({ maxLength: 48 }), (tag, payload) => {
        tryDecode(new Uint8Array([tag, ...payload]))
      }),
      property('random payloads', 3000),
    )
  })

  it('random MessagePack-shaped payloads only give a value or E_DECODE (property)', () => {
    // bytes drawn mostly from MessagePack's type bytes, so the scan goes deep
    const token = fc.oneof(
      fc.integer({ min: 0x80, max: 0xdf }),
      fc.constantFrom(0x00, 0x01, 0x73, 0x74, 0x42, 0xff, 0xc1, 0x91, 0x81, 0xa1, 0x61),
      fc.integer({ min: 0, max: 255 }),
    )
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (payload) => {
        tryDecode(new Uint8Array(m(...payload)))
      }),
      property('msgpack-shaped payloads', 3000),
    )
  })

  it('corrupted valid encodings only give a value or E_DECODE (property)', () => {
    const mutation = fc.record({
      at: fc.nat(),
      byte: fc.integer({ min: 0, max: 255 }),
      kind: fc.nat(3),
    })
    fc.assert(
      fc.property(
        anyValue,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (value, mutations) => {
          let bytes = [...encodeValue(value)]
          for (const { at, byte, kind } of mutations) {
            const i = at % (bytes.length + 1)
            if (kind === 0) bytes[i] = byte
            else if (kind === 1) bytes.splice(i, 0, byte)
            else if (kind === 2) bytes.splice(i, 1)
            else bytes = bytes.slice(0, i)
          }
          tryDecode(new Uint8Array(bytes))
        },
      ),
      property('corrupted encodings', 1000),
    )
  })

  it('a direct form that decodes is the one canonical encoding of its value (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...tags.filter((t) => t !== Tag.msgpack)),
        fc.uint8Array({ maxLength: 12 }),
        (tag, payload) => {
          const bytes = new Uint8Array([tag, ...payload])
          const result = tryDecode(bytes)
          if (result.ok) expect(Buffer.from(encodeValue(result.value)).equals(bytes)).toBe(true)
        },
      ),
      property('canonical direct forms', 3000),
    )
  })

  it('every proper prefix of a valid encoding with a fixed size or MessagePack is rejected (property)', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const bytes = encodeValue(value)
        const variable = [
          Tag.utf8,
          Tag.utf16,
          Tag.bigintPositive,
          Tag.bigintNegative,
          Tag.uint8Array,
          Tag.buffer,
        ]
        if ((variable as number[]).includes(bytes[0]!)) return
        for (let n = 0; n < bytes.length; n++) rejects(bytes.subarray(0, n))
      }),
      property('prefixes', 150),
    )
  })

  it('rejects empty input, unknown tags, and input that is not a Uint8Array', () => {
    rejects([], /no bytes/)
    rejects([0x00], /unknown tag 0x00/)
    rejects([0xff], /unknown tag 0xff/)
    rejects([0x41], /unknown tag/)
    for (const input of [
      null,
      undefined,
      'u',
      [0x75],
      new ArrayBuffer(1),
      new Uint16Array([0x75]),
    ]) {
      expect(() => decodeValue(input as unknown as Uint8Array)).toThrow(/expected a Uint8Array/)
    }
    expect(() => decodeRange(new Uint8Array([0x75]), 0, 2)).toThrow(/outside/)
    expect(() => decodeRange(new Uint8Array([0x75]), 1, 0)).toThrow(/outside/)
    expect(() => decodeRange(new Uint8Array([0x75]), 0.5, 1)).toThrow(/not integers/)
  })

  it('rejects truncated and trailing bytes of fixed-size forms', () => {
    rejects([Tag.undefined, 0], /needs 1 bytes/)
    rejects([Tag.null, 0])
    rejects([Tag.true, 1])
    rejects([Tag.int32, 1, 0, 0], /needs 5 bytes, got 4/)
    rejects([Tag.int32, 1, 0, 0, 0, 0], /got 6/)
    rejects([Tag.float64, 0, 0, 0, 0, 0, 0, 0xe0], /needs 9/)
    rejects([Tag.float64, 0, 0, 0, 0, 0, 0, 0xe0, 0x41, 0])
  })

  it('rejects non-canonical numbers and bigints', () => {
    rejects([Tag.float64, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f], /int32 number stored as a float64/) // 1.0
    rejects([Tag.float64, 0, 0, 0, 0, 0, 0, 0, 0], /int32/) // +0
    rejects([Tag.float64, 1, 0, 0, 0, 0, 0, 0xf8, 0x7f], /NaN/)
    rejects([Tag.float64, 0, 0, 0, 0, 0, 0, 0xf8, 0xff], /NaN/) // negative quiet NaN
    rejects([Tag.bigintPositive, 1, 0], /zero high byte/)
    rejects([Tag.bigintNegative], /without a magnitude/)
    rejects([Tag.bigintNegative, 0], /zero high byte/)
  })

  it('reads strings that hold a real U+FFFD (the decoder checks those byte by byte)', () => {
    for (const text of ['\ufffd', 'a\ufffdb', `${'x'.repeat(100)}\ufffd`, 'é\ufffd😀']) {
      expect(decodeValue(encodeValue(text))).toBe(text)
    }
    // A replacement next to a real U+FFFD is still refused.
    const real = [...Buffer.from('\ufffd')]
    rejects([Tag.utf8, ...real, 0xc0, 0x80], /malformed UTF-8/)
    rejects([Tag.utf8, 0xff, ...real], /malformed UTF-8/)
  })

  it('rejects malformed UTF-8 and malformed UTF-16 strings', () => {
    const bad = [
      [0x80], // lone continuation
      [0xc0, 0x80], // overlong NUL
      [0xc1, 0xbf], // overlong
      [0xe0, 0x80, 0x80], // overlong
      [0xed, 0xa0, 0x80], // encoded surrogate (WTF-8)
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
      [0xf5, 0x80, 0x80, 0x80],
      [0xe2, 0x82], // truncated
      [0x61, 0xf0, 0x9f, 0x98], // truncated at the end
      [0xc3, 0x28], // bad continuation
    ]
    for (const bytes of bad) {
      rejects([Tag.utf8, ...bytes], /malformed UTF-8/)
      // Short strings are scanned for ASCII first: the check must go on past an ASCII prefix.
      rejects([Tag.utf8, 0x61, 0x62, ...bytes], /malformed UTF-8/)
      rejects([Tag.utf8, 0x61, ...bytes, 0x62], /malformed UTF-8/)
      const long = [...new Array(100).fill(0x61), ...bytes]
      rejects([Tag.utf8, ...long], /malformed UTF-8/)
      rejects(m(0xa0 | bytes.length, ...bytes), /malformed UTF-8/)
      rejects(m(0x81, 0xa0 | bytes.length, ...bytes, 0x01), /malformed UTF-8/)
    }
    rejects([Tag.utf16, 0x00], /odd number of bytes/)
    rejects([Tag.utf16, 0x00, 0xd8, 0x61], /odd number of bytes/)
    rejects([Tag.utf16, 0x61, 0x00], /well-formed string stored as UTF-16/)
    rejects([Tag.utf16], /well-formed/)
    rejects([Tag.utf16, 0x3d, 0xd8, 0x00, 0xde], /well-formed/) // a valid pair
  })

  it('rejects MessagePack that is truncated, has trailing bytes or sits under the wrong tag', () => {
    rejects(m(), /truncated/)
    rejects(m(0x92, 0x01), /truncated/)
    rejects(m(0xdd, 0xff, 0xff, 0xff, 0xff), /truncated/)
    rejects(m(0xdf, 0x7f, 0xff, 0xff, 0xff, 0xa0, 0xc0), /truncated/)
    rejects(m(0xa5, 0x61), /truncated/)
    rejects(m(0xc6, 0xff, 0xff, 0xff, 0xff, 0x00), /truncated/)
    rejects(m(0x90, 0x00), /1 trailing bytes/)
    rejects(m(0x01), /primitive under the structured tag/)
    rejects(m(0xa1, 0x61), /primitive/)
    rejects(m(0xc4, 0x01, 0x01), /primitive/)
    rejects(m(0x92, 0xc1, 0xa1, 0x7a), /primitive/) // the -0 marker at the top
  })

  it('rejects MessagePack types and extensions that warp never writes', () => {
    const unsupported: Record<string, unknown>[] = [
      {
        structuredClone: true,
        value: (() => {
          const o: Record<string, unknown> = {}
          o.self = o
          return o
        })(),
      },
      { moreTypes: true, value: new Error('boom') },
      { moreTypes: true, value: /a+$/ },
      { moreTypes: true, value: new Float32Array([1.5]) },
      { moreTypes: true, value: new ArrayBuffer(2) },
      { moreTypes: true, value: new DataView(new ArrayBuffer(2)) },
      { useRecords: true, value: [{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }, { a: 5 }] },
      { useFloat32: 1, value: [1.5] },
      { useRecords: false, bundleStrings: true, value: ['a'.repeat(20), 'b'.repeat(20)] },
      { useRecords: false, mapsAsObjects: false, value: new Map([[1, 2]]) },
    ]
    for (const { value, ...options } of unsupported) {
      const packed = new Packr(options).pack(value)
      rejects([Tag.msgpack, ...packed])
    }
    rejects(m(0x81, 0x01, 0x02), /map key that is not a string/)
    rejects(m(0x81, 0xa9, ...Buffer.from('__proto__'), 0x01), /__proto__/)
    rejects(m(0x81, 0xd9, 9, ...Buffer.from('__proto__'), 0x01), /__proto__/)
    rejects(m(0x91, 0xca, 0, 0, 0, 0), /0xca/)
    rejects(m(0xd4, 0x72, 0x40), /extension 0x72/) // a record definition
    rejects(m(0xd5, 0x72, 0x40, 0x00), /extension 0x72/)
    rejects(m(0xd6, 0x69, 0, 0, 0, 1, 0x90), /extension 0x69/) // structured-clone id
    rejects(m(0xd4, 0x65, 0x00, 0x93, 0xa1, 0x45, 0xa0, 0xc0), /extension 0x65/) // Error
    rejects(m(0xd4, 0x01, 0x00), /extension 0x1/)
    rejects(m(0x91, 0xd4, 0x00, 0x01), /extension 0x0/) // undefined with a non-zero filler
    rejects(m(0x91, 0xc7, 0x01, 0x00, 0x00), /extension 0x0/) // undefined in a long form
    rejects(m(0xd4, 0x73, 0x00, 0xa0), /extension 0x73/) // a Set of a string's characters
    rejects(m(0xd4, 0x73, 0x00, 0x92, 0xc1, 0xa1, 0x7a), /marker as the item list/)
    rejects(m(0xc7, 0x02, 0x74, 0x07, 0x00), /extension 0x74/) // a Float32Array
    rejects(m(0xd5, 0x74, 0x01, 0x00), /extension 0x74/) // Uint8Array in a fixext form
    rejects(m(0x91, 0xd4, 0xff, 0x00), /extension 0xff/) // 1-byte date that is not the invalid date
    rejects(m(0x91, 0xd5, 0xff, 0x00, 0x00), /extension 0xff/)
    rejects(m(0x91, 0xc1), /marker/) // a lone C1
    rejects(m(0x92, 0x01, 0xc1), /0xc1 byte outside a marker/)
    rejects(m(0x81, 0xa1, 0x61, 0xc1), /0xc1/)
  })

  it('rejects malformed and non-canonical markers', () => {
    rejects(m(0x91, 0x92, 0xc1, 0xa1, 0x71), /malformed marker \(q\)/)
    rejects(m(0x91, 0x92, 0xc1, 0x01), /malformed marker \(number\)/)
    rejects(m(0x91, 0x93, 0xc1, 0xa1, 0x7a, 0x00), /malformed marker \(z\)/)
    rejects(m(0x91, 0x93, 0xc1, 0xa1, 0x77, 0xc4, 0x01, 0x00), /malformed marker \(w\)/) // odd UTF-16
    rejects(m(0x91, 0x93, 0xc1, 0xa1, 0x77, 0xa1, 0x61), /malformed marker \(w\)/)
    rejects(m(0x91, 0x93, 0xc1, 0xa1, 0x77, 0xc4, 0x02, 0x61, 0x00), /well-formed string/)
    rejects(m(0x93, 0xc1, 0xa1, 0x4d, 0x01), /malformed marker \(M\)/)
    rejects(m(0x96, 0xc1, 0xa1, 0x4d, 0x01, 0x02, 0x01, 0x03), /duplicate keys in a Map/)
    rejects(m(0x94, 0xc1, 0xa1, 0x4f, 0x01, 0x02), /object key that is not a string/)
    rejects(
      m(0x96, 0xc1, 0xa1, 0x4f, 0xa1, 0x61, 0x01, 0xa1, 0x61, 0x02),
      /duplicate keys in an object/,
    )
    // two lone-surrogate strings that collapse into one Set item
    const w = [0x93, 0xc1, 0xa1, 0x77, 0xc4, 0x02, 0x00, 0xd8]
    rejects(m(0xd4, 0x73, 0x00, 0x92, ...w, ...w), /duplicate items in a Set/)
  })

  it('rejects nesting deeper than the limit without overflowing the stack', () => {
    for (const open of [0x91, 0x81]) {
      const depth = 100_000
      const body =
        open === 0x91
          ? new Array(depth).fill(0x91)
          : new Array(depth).fill([0x81, 0xa1, 0x61]).flat()
      rejects(new Uint8Array([Tag.msgpack, ...body, 0xc0]), /nesting deeper than 512/)
    }
    // exactly the encoder's bound: 512 nested arrays decode, 513 do not
    const ok = [...new Array(MAX_DEPTH).fill(0x91), 0xc0]
    expect(tryDecode(new Uint8Array(m(...ok))).ok).toBe(true)
    rejects(m(0x91, ...ok), /nesting deeper than 512/)
  })

  it('decodes primitives that the property tests draw, re-encoded identically (property)', () => {
    fc.assert(
      fc.property(anyPrimitive, (value) => {
        const bytes = encodeValue(value)
        expect(Buffer.from(encodeValue(decodeValue(bytes))).equals(Buffer.from(bytes))).toBe(true)
      }),
      property('primitive re-encoding'),
    )
  })

  it('does not treat C1 itself as storable data', () => {
    expect(() => encodeValue([C1])).toThrow(/an instance of C1Type/)
  })
})
