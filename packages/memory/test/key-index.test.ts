import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { KeyHasher } from '../src/key-hash.js'
import { KeyIndex } from '../src/key-index.js'
import { Slot } from '../src/slot.js'
import { MAX_SHORT_STRING } from '../src/string-index.js'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
console.log(`[memory] KeyIndex tests: fast-check seed ${seed} (rerun with FC_SEED=${seed})`)

const key = fc.oneof(
  fc.integer({ min: -20, max: 20 }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.constantFrom<unknown>(-0, 2 ** 31, -(2 ** 31) - 1, 1.5, Number.NaN, '1', '-0', 1n, null),
  // Strings either side of the StringIndex's length limit.
  fc.string({ maxLength: MAX_SHORT_STRING + 4, unit: 'binary' }),
  fc.constantFrom('x'.repeat(MAX_SHORT_STRING), 'x'.repeat(MAX_SHORT_STRING + 1), '', '__proto__'),
)

describe('KeyIndex', () => {
  it('answers get/set/deleteAt/clear/size as a Map with SameValueZero keys (Slot.ABSENT for undefined)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('set', 'set', 'delete', 'get', 'clear'), key), {
          maxLength: 300,
        }),
        (steps) => {
          const index = new KeyIndex<unknown>()
          const model = new Map<unknown, number>()
          let slot = 0
          for (const [op, k] of steps) {
            if (op === 'set') {
              if (model.has(k)) continue // the contract: set only for an absent key
              index.set(k, slot)
              model.set(k, slot++)
            } else if (op === 'delete') {
              const at = model.get(k)
              if (at !== undefined) index.deleteAt(k, at) // the contract: k is at that slot
              model.delete(k)
            } else if (op === 'clear') {
              index.clear()
              model.clear()
            }
            expect(index.get(k)).toBe(model.get(k) ?? Slot.ABSENT)
            expect(index.size).toBe(model.size)
          }
          for (const [k, s] of model) expect(index.get(k)).toBe(s)
        },
      ),
      { seed, numRuns: 300 },
    )
  })

  it("hashAt gives each stored key's KeyHasher hash under the index's seed (the sketch's hash)", () => {
    const objects = fc.oneof(
      fc.constant(null).map(() => ({})),
      fc.constant(null).map(() => Symbol('k')),
      fc.constant(null).map(() => () => 0),
    )
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.oneof(key, objects), { maxLength: 60, comparator: 'SameValueZero' }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (keys, hashSeed) => {
          const index = new KeyIndex<unknown>()
          index.reseed(hashSeed)
          // The reference: the hasher of the specification, fed the same keys in the same
          // order (objects and symbols draw their numbers from a per-instance counter).
          const hasher = new KeyHasher(hashSeed)
          keys.forEach((k, slot) => {
            index.set(k, slot)
            expect(index.hashAt(k, slot)).toBe(hasher.hash(k))
          })
        },
      ),
      { seed, numRuns: 200 },
    )
  })

  it('refuses a new seed once it holds keys (the stored hashes would no longer match)', () => {
    const index = new KeyIndex<unknown>()
    index.set(1, 0)
    expect(() => index.reseed(7)).toThrow(/reseeding a table that holds keys/)
    index.deleteAt(1, 0)
    index.reseed(7)
    index.set(1, 0)
    expect(index.hashAt(1, 0)).toBe(new KeyHasher(7).hash(1))
  })

  it('finds a -0 key by 0, and keeps 1 and "1" apart', () => {
    const index = new KeyIndex<unknown>()
    index.set(-0, 3)
    index.set('1', 4)
    index.set(1, 5)
    expect([index.get(0), index.get('1'), index.get(1), index.size]).toEqual([3, 4, 5, 3])
    index.deleteAt(0, 3)
    expect([index.get(-0), index.get(1), index.size]).toEqual([Slot.ABSENT, 5, 2])
  })

  it('keeps a string at the length limit (the StringIndex) and one unit longer (the Map) apart', () => {
    const index = new KeyIndex<string>()
    const short = 'x'.repeat(MAX_SHORT_STRING)
    const long = `${short}y`
    index.set(short, 1)
    index.set(long, 2)
    expect([index.get(short), index.get(long), index.get(short.slice(1)), index.size]).toEqual([
      1,
      2,
      Slot.ABSENT,
      2,
    ])
    index.deleteAt(long, 2)
    expect([index.get(short), index.get(long), index.size]).toEqual([1, Slot.ABSENT, 1])
    index.clear()
    expect([index.get(short), index.size]).toEqual([Slot.ABSENT, 0])
  })
})
