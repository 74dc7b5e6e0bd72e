import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeValue, encodeKey, encodeKeyString, encodeValue } from '../src/codec/index.js'
import { anyPrimitive, anyString, anyValue, property } from './codec/arbitraries.js'
import { difference } from './codec/same.js'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

/** A deep copy of `value` with every plain object's keys inserted in `order`. */
function reorder(value: unknown, order: (keys: string[]) => string[]): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map((item) => reorder(item, order))
  if (value instanceof Map)
    return new Map([...value].map(([k, v]) => [reorder(k, order), reorder(v, order)]))
  if (value instanceof Set) return new Set([...value].map((item) => reorder(item, order)))
  if (Object.getPrototypeOf(value) !== Object.prototype) return value
  const out: Record<string, unknown> = {}
  for (const key of order(Object.keys(value))) {
    const entry = reorder((value as Record<string, unknown>)[key], order)
    Object.defineProperty(out, key, {
      value: entry,
      writable: true,
      enumerable: true,
      configurable: true,
    })
  }
  return out
}

const sorted = (keys: string[]) => [...keys].sort()
const reversed = (keys: string[]) => [...keys].reverse()

describe('codec key encoding', () => {
  it('gives equal bytes for objects whose keys were inserted in another order (property)', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(hex(encodeKey(reorder(value, reversed)))).toBe(hex(encodeKey(value)))
      }),
      property('key order', 400),
    )
  })

  it('decodes to the key with object keys sorted (property)', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(difference(decodeValue(encodeKey(value)), reorder(value, sorted))).toBeUndefined()
      }),
      property('key decoding', 300),
    )
  })

  it('is the value encoding for primitives (property)', () => {
    fc.assert(
      fc.property(anyPrimitive, (value) => {
        expect(hex(encodeKey(value))).toBe(hex(encodeValue(value)))
      }),
      property('primitive keys'),
    )
  })

  it('sorts keys at every level, including integer-like and __proto__ keys', () => {
    const a = JSON.parse(
      '{"b": {"y": 1, "x": [{"q": 1, "p": 2}]}, "10": 1, "2": 2, "__proto__": 3, "a": 4}',
    )
    const b = JSON.parse(
      '{"a": 4, "__proto__": 3, "2": 2, "10": 1, "b": {"x": [{"p": 2, "q": 1}], "y": 1}}',
    )
    expect(hex(encodeKey(a))).toBe(hex(encodeKey(b)))
    expect(hex(encodeValue(a))).not.toBe(hex(encodeValue(b)))
  })

  it('keeps Map and Set insertion order (the documented rule)', () => {
    const m1 = new Map([
      ['a', 1],
      ['b', 2],
    ])
    const m2 = new Map([
      ['b', 2],
      ['a', 1],
    ])
    expect(hex(encodeKey(m1))).not.toBe(hex(encodeKey(m2)))
    expect(hex(encodeKey(new Set([1, 2])))).not.toBe(hex(encodeKey(new Set([2, 1]))))
    expect(hex(encodeKey(new Map([['a', { y: 1, x: 2 }]])))).toBe(
      hex(encodeKey(new Map([['a', { x: 2, y: 1 }]]))),
    )
  })

  it('never maps two different values to the same bytes', () => {
    const distinct: unknown[] = [
      undefined,
      null,
      false,
      true,
      0,
      -0,
      1,
      '1',
      1n,
      -1,
      -1n,
      0n,
      '',
      'true',
      'null',
      'undefined',
      Number.NaN,
      'NaN',
      Infinity,
      2 ** 31,
      2 ** 31 + 0.5,
      new Uint8Array([0x31]),
      Buffer.from([0x31]),
      new Uint8Array(0),
      Buffer.alloc(0),
      [],
      {},
      new Map(),
      new Set(),
      [undefined],
      [null],
      { a: undefined },
      { a: null },
      ['a', 'b'],
      ['a,b'],
      [1, '1'],
      ['1', 1],
      new Date(0),
      new Date(Number.NaN),
      { a: -0 },
      { a: 0 },
      [-0],
      [0],
      new Map([[0, 1]]),
      new Map([['0', 1]]),
      { 0: 1 },
      new Set([[]]),
      [[]],
    ]
    const seen = new Map<string, unknown>()
    for (const value of distinct) {
      for (const key of [hex(encodeKey(value)), hex(encodeValue(value))]) {
        const previous = seen.get(key)
        if (seen.has(key) && !Object.is(previous, value))
          throw new Error(`collision: ${String(previous)} and ${String(value)}`)
        seen.set(key, value)
      }
    }
  })

  it('never lets a lone-surrogate string collide with another string (property)', () => {
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        fc.pre(a !== b)
        expect(hex(encodeKey(a))).not.toBe(hex(encodeKey(b)))
        expect(hex(encodeKey([a]))).not.toBe(hex(encodeKey([b])))
        expect(hex(encodeKey({ [a]: 1 }))).not.toBe(hex(encodeKey({ [b]: 1 })))
        expect(hex(encodeKey(new Map([[a, 1]])))).not.toBe(hex(encodeKey(new Map([[b, 1]]))))
      }),
      property('string injectivity', 1000),
    )
  })

  it('keeps lone surrogates apart from U+FFFD and from their UTF-8-looking bytes', () => {
    const strings = [
      '\ud800',
      '\udc00',
      '\ufffd',
      '\ud800\udc00',
      '\udc00\ud800',
      '\ud800\ud800',
      '\u00ed\u00a0\u0080',
      'ud800',
      '',
    ]
    const keys = new Set<string>()
    for (const s of strings) {
      keys.add(hex(encodeKey(s)))
      keys.add(hex(encodeKey([s])))
      keys.add(hex(encodeKey({ [s]: s })))
    }
    expect(keys.size).toBe(strings.length * 3)
  })

  it('encodeKeyString is the key bytes one char each (property)', () => {
    fc.assert(
      fc.property(
        anyValue.filter((v) => typeof v === 'object' && v !== null),
        (value) => {
          const text = encodeKeyString(value as object)
          expect(hex(Buffer.from(text, 'latin1'))).toBe(hex(encodeKey(value)))
        },
      ),
      property('encodeKeyString', 200),
    )
  })
})
