import { describe, expect, it } from 'vitest'
import {
  encodeInto,
  encodeKey,
  encodeKeyString,
  encodeValue,
  MAX_DEPTH,
} from '../src/codec/index.js'
import { isCacheError } from '../src/errors.js'

/** The E_ENCODE message for `value`, checked to be thrown by every encoder. */
function encodeFailure(value: unknown): string {
  const messages: string[] = []
  for (const encode of [
    encodeValue,
    encodeKey,
    (v: unknown) => encodeInto(v, new Uint8Array(1024)),
  ]) {
    try {
      encode(value)
    } catch (error) {
      if (!isCacheError(error, 'E_ENCODE')) throw error
      messages.push(error.message)
      continue
    }
    throw new Error(`encoded ${String(value)} without an error`)
  }
  expect(new Set(messages).size).toBe(1)
  return messages[0]!
}

class Point {
  x = 1
}

describe('codec encoding errors', () => {
  it('rejects functions and symbols, naming the path', () => {
    expect(encodeFailure(() => 1)).toMatch(/a function at the top level/)
    expect(encodeFailure(Symbol('s'))).toMatch(/a symbol at the top level/)
    expect(encodeFailure({ a: { b: [1, () => 1] } })).toMatch(/a function at \$\.a\.b\[1\]/)
    expect(encodeFailure({ 'odd key': Symbol.iterator })).toMatch(/a symbol at \$\["odd key"\]/)
    expect(encodeFailure(new Map([[() => 1, 1]]))).toMatch(/a function at \$\[map key #0\]/)
    expect(
      encodeFailure(
        new Map<string, unknown>([
          ['k', 1],
          ['f', [Symbol('s')]],
        ]),
      ),
    ).toMatch(/a symbol at \$\[map value #1\]\[0\]/)
    expect(encodeFailure(new Set([1, () => 1]))).toMatch(/a function at \$\[set item #1\]/)
  })

  it('says what is supported', () => {
    expect(encodeFailure([() => 1])).toMatch(
      /^\[warp\] value cannot be encoded: .*\(byte backends store undefined, null, booleans, numbers, bigints, strings, Uint8Array, Buffer, and plain objects, arrays, Maps, Sets and Dates made of these\)$/,
    )
  })

  it('rejects class instances, naming the class', () => {
    expect(encodeFailure(new Point())).toMatch(/an instance of Point at the top level/)
    expect(encodeFailure({ p: new Point() })).toMatch(/an instance of Point at \$\.p/)
    expect(encodeFailure(new Error('x'))).toMatch(/an instance of Error/)
    expect(encodeFailure(/re/)).toMatch(/an instance of RegExp/)
    expect(encodeFailure(new WeakMap())).toMatch(/an instance of WeakMap/)
    expect(encodeFailure(Promise.resolve())).toMatch(/an instance of Promise/)
    expect(encodeFailure(Object(1))).toMatch(/an instance of Number/)
    expect(encodeFailure(new (class MyMap extends Map {})())).toMatch(/an instance of MyMap/)
    expect(encodeFailure(new (class MyDate extends Date {})())).toMatch(/an instance of MyDate/)
    expect(encodeFailure(new (class MyBytes extends Uint8Array {})(1))).toMatch(
      /an instance of MyBytes/,
    )
    expect(encodeFailure(new (class MyArray extends Array {})())).toMatch(/an instance of MyArray/)
    expect(encodeFailure(Object.create(null))).toMatch(/null prototype/)
  })

  it('rejects typed arrays other than Uint8Array and Buffer, saying what to pass instead', () => {
    for (const value of [
      new Float32Array(1),
      new Uint16Array(1),
      new Uint8ClampedArray(1),
      new BigInt64Array(1),
      new DataView(new ArrayBuffer(1)),
    ]) {
      expect(encodeFailure(value)).toMatch(
        /of the binary types only Uint8Array and Buffer are stored/,
      )
    }
    expect(encodeFailure(new ArrayBuffer(1))).toMatch(/an instance of ArrayBuffer/)
    expect(encodeFailure({ data: new Int32Array(2) })).toMatch(
      /an instance of Int32Array .* at \$\.data/,
    )
  })

  it('rejects sparse arrays and cycles, naming where', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    expect(encodeFailure([1, , 3])).toMatch(/a hole in a sparse array .* at \$\[1\]/)
    const cycle: Record<string, unknown> = { a: [] }
    ;(cycle.a as unknown[]).push({ back: cycle })
    expect(encodeFailure(cycle)).toMatch(/a cycle .* at \$\.a\[0\]\.back/)
    const selfMap = new Map<string, unknown>()
    selfMap.set('me', selfMap)
    expect(encodeFailure(selfMap)).toMatch(/a cycle .* at \$\[map value #0\]/)
    const selfArray: unknown[] = []
    selfArray.push(selfArray)
    expect(encodeFailure(selfArray)).toMatch(/a cycle .* at \$\[0\]/)
  })

  it('rejects nesting deeper than the limit', () => {
    let deep: unknown = 1
    for (let i = 0; i <= MAX_DEPTH; i++) deep = [deep]
    expect(encodeFailure(deep)).toMatch(/nesting deeper than 512 levels at \$(\[0\]){512}/)
  })

  it('encodeKeyString reports the same E_ENCODE', () => {
    expect(() => encodeKeyString({ f() {} })).toThrow(/a function at \$\.f/)
  })
})
