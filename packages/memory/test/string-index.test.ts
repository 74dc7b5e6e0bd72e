import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Slot } from '../src/slot.js'
import { hashString, MAX_SHORT_STRING, StringIndex } from '../src/string-index.js'
import { churnAtFullLoad, type IndexOp, replayAgainstMap } from './support/index-model.js'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
console.log(`[memory] StringIndex tests: fast-check seed ${seed} (rerun with FC_SEED=${seed})`)

type Op = IndexOp<string>

const opOf = (keys: fc.Arbitrary<string>): fc.Arbitrary<Op> =>
  fc.record({ op: fc.constantFrom<Op['op']>('set', 'set', 'delete'), key: keys })

/** A copy of `s` that is a different string object (built from its code units). */
const rebuilt = (s: string): string => String.fromCharCode(...Array.from(s, (c) => c.charCodeAt(0)))

describe('StringIndex', () => {
  it('starts empty and answers Slot.ABSENT', () => {
    const index = new StringIndex()
    expect(index.size).toBe(0)
    expect(index.get('')).toBe(Slot.ABSENT)
  })

  it('keeps the empty string, __proto__, lone surrogates and near-identical keys apart', () => {
    const index = new StringIndex()
    const keys = ['', '__proto__', '\ud800', '\udc00', '\ud83d\ude00', 'ab', 'ba', 'a', 'a\0']
    for (const [slot, k] of keys.entries()) index.set(k, slot)
    expect(keys.map((k) => index.get(k))).toEqual(keys.map((_, slot) => slot))
    expect(index.get('constructor')).toBe(Slot.ABSENT)
    expect(index.get('\ud83d')).toBe(Slot.ABSENT)
    index.removeSlot(5)
    expect([index.get('ab'), index.get('ba'), index.size]).toEqual([
      Slot.ABSENT,
      6,
      keys.length - 1,
    ])
  })

  it('compares by content: a key built anew finds the stored one', () => {
    const index = new StringIndex()
    const stored = 'user:12345'
    index.set(stored, 9)
    const probe = ['user', '12345'].join(':')
    expect(probe).toBe(stored)
    expect(index.get(probe)).toBe(9)
    expect(index.get(rebuilt(stored))).toBe(9)
  })

  it('remembers the hash of a missed key only for that key', () => {
    const index = new StringIndex()
    expect(index.get('k:1')).toBe(Slot.ABSENT) // remembers 'k:1' and its hash
    index.set('k:2', 0) // a different key: hashed anew
    index.set(rebuilt('k:1'), 1) // an equal string: the remembered hash is right for it
    expect([index.get('k:1'), index.get('k:2')]).toEqual([1, 0])
    index.clear()
    index.set('k:1', 2) // clear forgets the miss; set hashes again
    expect(index.get('k:1')).toBe(2)
  })

  it('refuses to remove a slot that is not in the index instead of looping', () => {
    const index = new StringIndex()
    index.set('a', 0)
    expect(() => index.removeSlot(1)).toThrow(/slot 1 is not in the index/)
    expect(index.get('a')).toBe(0)
  })

  it('matches a Map on a small pool (long probe runs in a 16-bucket table, deletes inside them)', () => {
    const pool = ['', 'a', 'b', 'ab', 'ba', 'aa', '__proto__', '\ud800', 'k:1', 'k:10', 'k:01']
    fc.assert(
      fc.property(fc.array(opOf(fc.constantFrom(...pool)), { maxLength: 300 }), (ops) => {
        replayAgainstMap(new StringIndex(), ops, pool)
      }),
      { seed, numRuns: 200 },
    )
  })

  it('matches a Map on random strings up to the length limit, through several doublings', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: MAX_SHORT_STRING, unit: 'binary' }), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.array(fc.tuple(fc.boolean(), fc.nat()), { maxLength: 400 }),
        (pool, picks) => {
          const ops = picks.map(
            ([del, n]): Op => ({ op: del ? 'delete' : 'set', key: pool[n % pool.length]! }),
          )
          // Probe with rebuilt copies: the index must not rely on the caller's string objects.
          replayAgainstMap(new StringIndex(), ops, pool.map(rebuilt))
        },
      ),
      { seed, numRuns: 200 },
    )
  })

  it('keeps every key reachable through growth and churn at full load', () => {
    churnAtFullLoad(new StringIndex(), (i) => `key:${i}`)
  })
})

describe('hashString', () => {
  it('depends on every code unit and on the seed', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: MAX_SHORT_STRING, unit: 'binary' }),
        fc.nat(),
        fc.integer({ min: 1, max: 0xffff }),
        fc.integer(),
        (s, at, flip, hashSeed) => {
          const i = at % s.length
          const other = s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ flip) + s.slice(i + 1)
          // A 32-bit hash may collide, but for one flipped unit that is a 2^-32 event.
          expect(hashString(other, hashSeed)).not.toBe(hashString(s, hashSeed))
          expect(hashString(s, hashSeed ^ 1)).not.toBe(hashString(s, hashSeed))
        },
      ),
      { seed, numRuns: 1000 },
    )
  })

  it('spreads 100,000 similar keys evenly over 2^14 buckets', () => {
    const buckets = new Uint32Array(1 << 14)
    for (let i = 0; i < 100_000; i++) buckets[hashString(`key:${i}`, 0x5eed) & 0x3fff]!++
    // Poisson with mean 6.1: 99.99 % of buckets hold fewer than 20 keys; a weak hash
    // (one that ignored a position, say) piles hundreds into a few buckets.
    expect(Math.max(...buckets)).toBeLessThan(24)
  })
})
