import fc from 'fast-check'
import { Packr } from 'msgpackr'
import { describe, expect, it } from 'vitest'
import { decodeValue, encodeKey, encodeValue, Tag } from '../src/codec/index.js'
import { isCacheError } from '../src/errors.js'
import { seededRandom } from '../src/testing/seeded-random.js'
import { anyValue } from './codec/arbitraries.js'

// Mutation fuzzing of valid encodings. Each run prints its seed; replay one with
// `FC_SEED=<seed> npx vitest run test/codec-fuzz.test.ts`. Scaled to stay well under
// ten seconds on a loaded two-core machine.

const VALUES = 1000
const MUTANTS_PER_VALUE = 40

function seedFor(name: string): number {
  const seed = process.env.FC_SEED
    ? Number(process.env.FC_SEED)
    : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0
  console.log(`[codec fuzz] ${name}: seed ${seed}`)
  return seed
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

/**
 * The canonicality property: `bytes` either fails with `CacheError` `E_DECODE`
 * or decodes to a value whose encoding is exactly `bytes`. Anything else thrown
 * fails the test. Returns whether it decoded.
 */
function decodesCanonically(bytes: Uint8Array, context: string): boolean {
  let value: unknown
  try {
    value = decodeValue(bytes)
  } catch (error) {
    if (isCacheError(error, 'E_DECODE')) return false
    throw new Error(`${context}: ${hex(bytes)} threw something other than E_DECODE`, {
      cause: error,
    })
  }
  expect(hex(encodeValue(value)), `${context}: ${hex(bytes)} is not canonical`).toBe(hex(bytes))
  return true
}

/** Bytes that turn one MessagePack item into another form of (often) the same value. */
const TYPE_BYTES = [
  0x00, 0x7f, 0x80, 0x90, 0xa0, 0xc0, 0xc4, 0xc5, 0xc7, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1,
  0xd2, 0xd3, 0xd4, 0xd6, 0xd7, 0xd9, 0xda, 0xdc, 0xde, 0xff, 0xf8, 0x7f, 0x42, 0x73, 0x74,
]

/** Applies 1–3 random mutations to a copy of `original`. */
function mutate(original: Uint8Array, random: () => number): Uint8Array {
  let bytes = [...original]
  const pick = (n: number) => Math.floor(random() * n)
  const mutations = 1 + pick(3)
  for (let k = 0; k < mutations; k++) {
    const at = pick(bytes.length + 1)
    switch (pick(8)) {
      case 0: // any byte
        bytes[at] = pick(256)
        break
      case 1: // a MessagePack type byte or a NaN/timestamp byte
        bytes[at] = TYPE_BYTES[pick(TYPE_BYTES.length)]!
        break
      case 2: // a length or count off by one
        bytes[at] = ((bytes[at] ?? 0) + (random() < 0.5 ? 1 : 255)) & 0xff
        break
      case 3: // a zero byte inserted (a wider form, a longer payload)
        bytes.splice(at, 0, random() < 0.5 ? 0 : pick(256))
        break
      case 4: // a byte removed
        bytes.splice(at, 1)
        break
      case 5: {
        // a run repeated (a duplicated key, entry or item)
        const length = 1 + pick(8)
        bytes.splice(at, 0, ...bytes.slice(at, at + length))
        break
      }
      case 6: // a single bit flipped
        if (at < bytes.length) bytes[at]! ^= 1 << pick(8)
        break
      default: // truncated
        bytes = bytes.slice(0, at)
    }
  }
  return new Uint8Array(bytes)
}

/** Plain msgpackr configurations that write other (valid MessagePack) forms. */
const otherEncoders = [
  new Packr({ useRecords: false, moreTypes: true, variableMapSize: false }),
  new Packr({ useRecords: false, moreTypes: true, useFloat32: 1 }),
  new Packr({ useRecords: false, moreTypes: true, useTimestamp32: true }),
  new Packr({ useRecords: true, moreTypes: true }),
  new Packr({ useRecords: false, moreTypes: true, int64AsType: 'number' }),
]

describe('codec canonicality under mutation (seeded fuzz)', () => {
  it('mutated encodings fail with E_DECODE or decode to a value encoded as exactly those bytes', () => {
    const seed = seedFor('mutated encodings')
    const values = fc.sample(anyValue, { seed, numRuns: VALUES })
    const random = seededRandom(seed)
    let decoded = 0
    let total = 0
    for (let v = 0; v < values.length; v++) {
      const value = values[v]
      for (const encoded of [encodeValue(value), encodeKey(value)]) {
        decodesCanonically(encoded, `seed ${seed}, value #${v} unmutated`)
        for (let i = 0; i < MUTANTS_PER_VALUE / 2; i++) {
          const mutant = mutate(encoded, random)
          if (decodesCanonically(mutant, `seed ${seed}, value #${v}, mutant #${i}`)) decoded++
          total++
        }
      }
    }
    console.log(`[codec fuzz] ${total} mutants, ${decoded} decoded (each to its one encoding)`)
    expect(total).toBe(VALUES * MUTANTS_PER_VALUE)
  })

  it('other MessagePack writers are accepted only where they write exactly our bytes', () => {
    const seed = seedFor('other writers')
    const values = fc.sample(anyValue, { seed, numRuns: VALUES })
    let other = 0
    for (let v = 0; v < values.length; v++) {
      for (let e = 0; e < otherEncoders.length; e++) {
        let packed: Uint8Array
        try {
          packed = otherEncoders[e]!.pack(values[v])
        } catch {
          continue // a value that configuration cannot write at all
        }
        const bytes = new Uint8Array(packed.length + 1)
        bytes[0] = Tag.msgpack
        bytes.set(packed, 1)
        if (!decodesCanonically(bytes, `seed ${seed}, value #${v}, writer #${e}`)) other++
      }
    }
    console.log(`[codec fuzz] ${other} foreign encodings refused`)
  })
})
