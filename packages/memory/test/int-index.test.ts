import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ABSENT, IntIndex } from '../src/int-index.js'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
console.log(`[memory] IntIndex tests: fast-check seed ${seed} (rerun with FC_SEED=${seed})`)

type Op = { op: 'set' | 'delete'; key: number }

/**
 * Replays `ops` on an IntIndex and on a Map; after every step, every key of `pool`
 * must answer the same in both. A backward-shift bug leaves a later key of a probe run
 * unreachable (or findable twice), which a full sweep of the pool catches at once.
 */
function replay(ops: readonly Op[], pool: readonly number[]): void {
  const index = new IntIndex()
  const model = new Map<number, number>()
  let next = 0
  for (const { op, key } of ops) {
    if (op === 'set') {
      if (model.has(key)) continue // set's contract: the key is absent
      index.set(key, next)
      model.set(key, next++)
    } else {
      expect(index.delete(key)).toBe(model.delete(key))
    }
    expect(index.size).toBe(model.size)
    for (const k of pool) expect(index.get(k)).toBe(model.get(k) ?? ABSENT)
  }
}

const opOf = (keys: fc.Arbitrary<number>): fc.Arbitrary<Op> =>
  fc.record({ op: fc.constantFrom<Op['op']>('set', 'set', 'delete'), key: keys })

describe('IntIndex', () => {
  it('starts empty and answers ABSENT', () => {
    const index = new IntIndex()
    expect(index.size).toBe(0)
    expect(index.get(0)).toBe(ABSENT)
    expect(index.delete(0)).toBe(false)
  })

  it('stores the int32 extremes, slot 0 and a slot far past the initial arrays', () => {
    const index = new IntIndex()
    index.set(2 ** 31 - 1, 0)
    index.set(-(2 ** 31), 7)
    index.set(0, 5000)
    expect(index.get(2 ** 31 - 1)).toBe(0)
    expect(index.get(-(2 ** 31))).toBe(7)
    expect(index.get(-0)).toBe(5000)
    expect(index.get(1)).toBe(ABSENT)
    expect(index.delete(-0)).toBe(true)
    expect(index.get(0)).toBe(ABSENT)
  })

  it('matches a Map on a small dense key pool (long probe runs, deletes inside them)', () => {
    const pool = Array.from({ length: 40 }, (_, i) => i - 20)
    fc.assert(
      fc.property(fc.array(opOf(fc.constantFrom(...pool)), { maxLength: 300 }), (ops) => {
        replay(ops, pool)
      }),
      { seed, numRuns: 200 },
    )
  })

  it('matches a Map on keys across the whole int32 range, through several doublings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.array(fc.tuple(fc.boolean(), fc.nat()), { maxLength: 400 }),
        (pool, picks) => {
          const ops = picks.map(
            ([del, n]): Op => ({
              op: del ? 'delete' : 'set',
              key: pool[n % pool.length]!,
            }),
          )
          replay(ops, pool)
        },
      ),
      { seed, numRuns: 200 },
    )
  })

  it('keeps every key reachable through growth to 2^16 buckets and churn at full load', () => {
    const index = new IntIndex()
    const model = new Map<number, number>()
    const n = 10_000
    for (let i = 0; i < n; i++) {
      const key = Math.imul(i, 0x9e3779b1) // spread over int32, negatives included
      index.set(key, i)
      model.set(key, i)
    }
    // Delete from the middle of the insertion order, then refill with fresh keys:
    // the table stays near its maximum load while runs are cut and shifted.
    let fresh = n
    for (let round = 0; round < 5; round++) {
      let j = 0
      for (const key of [...model.keys()]) {
        if (j++ % 3 === round % 3) {
          expect(index.delete(key)).toBe(true)
          model.delete(key)
        }
      }
      while (model.size < n) {
        const key = Math.imul(fresh, 0x9e3779b1)
        index.set(key, fresh)
        model.set(key, fresh++)
      }
      expect(index.size).toBe(n)
      for (const [key, slot] of model) expect(index.get(key)).toBe(slot)
    }
    index.clear()
    expect(index.size).toBe(0)
    for (const key of model.keys()) expect(index.get(key)).toBe(ABSENT)
  })
})
