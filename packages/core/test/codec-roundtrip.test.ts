import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeRange,
  decodeValue,
  encodeInto,
  encodeKey,
  encodeValue,
  MAX_DEPTH,
} from '../src/codec/index.js'
import { anyPlainValue, anyPrimitive, anyString, anyValue, property } from './codec/arbitraries.js'
import { difference } from './codec/same.js'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

function roundTrip(value: unknown): unknown {
  return decodeValue(encodeValue(value))
}

describe('codec round trip', () => {
  it('gives back every supported value, nested in any way (property)', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(difference(roundTrip(value), value)).toBeUndefined()
      }),
      property('round trip', 400),
    )
  })

  it('gives back plain data that needs no markers (property)', () => {
    fc.assert(
      fc.property(anyPlainValue, (value) => {
        expect(difference(roundTrip(value), value)).toBeUndefined()
      }),
      property('plain round trip', 400),
    )
  })

  it('gives back every primitive through encodeInto and decodeRange at any offset (property)', () => {
    fc.assert(
      fc.property(anyPrimitive, fc.nat(40), fc.nat(40), (value, before, after) => {
        const expected = encodeValue(value)
        const target = new Uint8Array(before + expected.length + after).fill(0xee)
        expect(encodeInto(value, target, before)).toBe(expected.length)
        expect(hex(target.subarray(before, before + expected.length))).toBe(hex(expected))
        const decoded = decodeRange(target, before, before + expected.length)
        expect(difference(decoded, value)).toBeUndefined()
      }),
      property('encodeInto/decodeRange'),
    )
  })

  it('encodeInto writes nothing and returns minus the needed length when the target is short', () => {
    const target = new Uint8Array(4).fill(7)
    expect(encodeInto('hello', target, 0)).toBe(-6)
    expect(encodeInto({ a: 1 }, target, 2)).toBe(-encodeValue({ a: 1 }).length)
    expect([...target]).toEqual([7, 7, 7, 7])
    expect(encodeInto(1, target, 0)).toBe(-5)
    expect(encodeInto(true, target, 3)).toBe(1)
    expect(decodeRange(target, 3, 4)).toBe(true)
  })

  it('writes the documented byte format for direct forms', () => {
    const cases: [unknown, string][] = [
      [undefined, '75'],
      [null, '6e'],
      [false, '66'],
      [true, '74'],
      [0, '6900000000'],
      [1, '6901000000'],
      [-1, '69ffffffff'],
      [2 ** 31 - 1, '69ffffff7f'],
      [-(2 ** 31), '6900000080'],
      [2 ** 31, '64000000000000e041'],
      [-0, '640000000000000080'],
      [Number.NaN, '64000000000000f87f'],
      [Infinity, '64000000000000f07f'],
      [-Infinity, '64000000000000f0ff'],
      [0.5, '64000000000000e03f'],
      [0n, '2b'],
      [255n, '2bff'],
      [256n, '2b0001'],
      [-1n, '2d01'],
      [-256n, '2d0001'],
      ['', '73'],
      ['a', '7361'],
      ['é', '73c3a9'],
      ['😀', '73f09f9880'],
      ['\ud800', '7700d8'],
      ['a\udc00', '77610000dc'],
      [new Uint8Array([1, 2]), '790102'],
      [Buffer.from([1, 2]), '590102'],
      [new Uint8Array(0), '79'],
    ]
    for (const [value, expected] of cases) {
      expect(hex(encodeValue(value)), String(value)).toBe(expected)
      expect(hex(encodeKey(value)), String(value)).toBe(expected)
    }
  })

  it('writes every NaN as the canonical NaN, alone and inside keys', () => {
    const view = new DataView(new ArrayBuffer(8))
    view.setUint32(0, 0x7ff80000)
    view.setUint32(4, 0x1234)
    const oddNaN = view.getFloat64(0)
    expect(hex(encodeValue(oddNaN))).toBe('64000000000000f87f')
    expect(hex(encodeKey({ a: [oddNaN] }))).toBe(hex(encodeKey({ a: [Number.NaN] })))
    expect(decodeValue(encodeValue([oddNaN]))).toEqual([Number.NaN])
  })

  it('keeps -0, NaN, ±Infinity, bigints, undefined and lone surrogates inside structures', () => {
    const value = {
      numbers: [-0, 0, Number.NaN, Infinity, -Infinity, 2 ** 53, -1.5],
      bigints: [0n, -1n, 2n ** 63n, -(2n ** 63n), 2n ** 64n - 1n, 2n ** 64n, -(2n ** 200n)],
      nothing: [undefined, null],
      text: ['\ud800', 'x\udfff', '\ufffd', ''],
      map: new Map<unknown, unknown>([
        ['\ud800', -0],
        [-0 + 1, '\udc00'],
        [{ k: 1 }, new Set(['\ud800', '\ufffd'])],
      ]),
      keys: { '\ud800': 1, '\ufffd': 2, __proto_: 3 },
    }
    expect(difference(roundTrip(value), value)).toBeUndefined()
  })

  it('keeps each special value when it is the only one in its structure', () => {
    const lone: unknown[] = [
      [-0],
      { a: -0 },
      ['\ud800'],
      { a: '\udc00' },
      { '\ud800': 1 },
      new Set(['\udc00']),
      [new Map()],
      new Map([[1, 2]]),
      JSON.parse('{"__proto__": 1}'),
      [Number.NaN],
      [undefined],
      [2n ** 100n],
    ]
    for (const value of lone) expect(difference(roundTrip(value), value)).toBeUndefined()
  })

  it('keeps an own __proto__ key as data, never as a prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object
    const decoded = roundTrip(value) as Record<string, unknown>
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype)
    expect(Object.keys(decoded)).toEqual(['__proto__', 'a'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(difference(decoded, value)).toBeUndefined()
  })

  it('gives back Buffer as Buffer and Uint8Array as Uint8Array, as copies of the view only', () => {
    const backing = new Uint8Array([9, 1, 2, 3, 9])
    const view = backing.subarray(1, 4)
    const buffer = Buffer.from([4, 5])
    for (const value of [view, buffer, [view, buffer], new Map([[view, buffer]])]) {
      expect(difference(roundTrip(value), value)).toBeUndefined()
    }
    const decoded = roundTrip(view) as Uint8Array
    expect(decoded.byteOffset).toBe(0)
    expect(decoded.buffer.byteLength).toBe(3)
    const bytes = encodeValue(buffer)
    const copy = decodeValue(bytes) as Buffer
    bytes[1] = 0
    expect([...copy]).toEqual([4, 5])
  })

  it('decodes Buffers inside structures from a plain Uint8Array as Buffers, without touching it', () => {
    const bytes = new Uint8Array(encodeValue({ b: Buffer.from([1]) }))
    const decoded = decodeValue(bytes) as { b: Buffer }
    expect(Buffer.isBuffer(decoded.b)).toBe(true)
    expect(Object.keys(bytes)).toEqual(Object.keys(new Uint8Array(bytes.length)))
  })

  it('gives back Dates across the whole range, with milliseconds, and invalid dates', () => {
    for (const ms of [0, 1, -1, -1500, 999, 2 ** 32 * 1000 + 1, 8.64e15, -8.64e15, Number.NaN]) {
      const value = [new Date(ms)]
      expect(difference(roundTrip(value), value), String(ms)).toBeUndefined()
      expect(difference(roundTrip(value[0]), value[0]), String(ms)).toBeUndefined()
    }
  })

  it('stores shared references as separate equal copies', () => {
    const shared = { x: 1 }
    const decoded = roundTrip([shared, shared]) as object[]
    expect(decoded[0]).toEqual(shared)
    expect(decoded[0]).not.toBe(decoded[1])
  })

  it('handles objects with more than 65535 keys and nesting up to the limit', () => {
    const wide: Record<string, number> = {}
    for (let i = 0; i < 70_000; i++) wide[`k${i}`] = i
    expect(difference(roundTrip(wide), wide)).toBeUndefined()
    const leaves = [
      1,
      -0,
      '\ud800',
      new Set(['\udc00']),
      new Map([[-0, '\ud800']]),
      JSON.parse('{"__proto__": -0}'),
    ]
    const wrappers = [
      (v: unknown) => [v],
      (v: unknown) => ({ d: v }),
      (v: unknown) => new Set([v]),
      (v: unknown) => new Map([[1, v]]),
    ]
    for (const leaf of leaves) {
      for (const wrap of wrappers) {
        let deep: unknown = leaf
        const levels = typeof leaf === 'object' ? MAX_DEPTH - 1 : MAX_DEPTH
        for (let i = 0; i < levels; i++) deep = wrap(deep)
        expect(difference(roundTrip(deep), deep)).toBeUndefined()
        expect(difference(decodeValue(encodeKey(deep)), deep)).toBeUndefined()
      }
    }
  })

  it('gives back long and short strings of every kind (property)', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        expect(roundTrip(value)).toBe(value)
      }),
      property('strings', 1000),
    )
  })
})
