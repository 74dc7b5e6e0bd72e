import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { IntIndex } from '../src/int-index.js'
import { Slot } from '../src/slot.js'
import { fmix32 } from '../src/slot-table.js'
import { churnAtFullLoad, type IndexOp, replayAgainstMap } from './support/index-model.js'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
console.log(`[memory] IntIndex tests: fast-check seed ${seed} (rerun with FC_SEED=${seed})`)

type Op = IndexOp<number>

/** Replays `ops` on a fresh IntIndex against a Map (see replayAgainstMap). */
function replay(ops: readonly Op[], pool: readonly number[]): void {
  replayAgainstMap(new IntIndex(), ops, pool)
}

const opOf = (keys: fc.Arbitrary<number>): fc.Arbitrary<Op> =>
  fc.record({ op: fc.constantFrom<Op['op']>('set', 'set', 'delete'), key: keys })

describe('IntIndex', () => {
  it('starts empty and answers Slot.ABSENT', () => {
    const index = new IntIndex()
    expect(index.size).toBe(0)
    expect(index.get(0)).toBe(Slot.ABSENT)
  })

  it('stores the int32 extremes, slot 0 and a slot far past the initial arrays', () => {
    const index = new IntIndex()
    index.set(2 ** 31 - 1, 0)
    index.set(-(2 ** 31), 7)
    index.set(0, 5000)
    expect(index.get(2 ** 31 - 1)).toBe(0)
    expect(index.get(-(2 ** 31))).toBe(7)
    expect(index.get(-0)).toBe(5000)
    expect(index.get(1)).toBe(Slot.ABSENT)
    index.removeSlot(5000)
    expect(index.get(0)).toBe(Slot.ABSENT)
    expect(index.size).toBe(2)
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
    // Keys spread over int32, negatives included.
    churnAtFullLoad(new IntIndex(), (i) => Math.imul(i, 0x9e3779b1))
  })

  it('relies on a hash that never maps two int32 keys to one value (it stores no keys)', () => {
    // fmix32 is a bijection of the int32s; check it on random pairs and on a dense range.
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        (a, b) => {
          fc.pre(a !== b)
          expect(fmix32(a)).not.toBe(fmix32(b))
        },
      ),
      { seed, numRuns: 10_000 },
    )
    const seen = new Set<number>()
    for (let k = -(2 ** 19); k < 2 ** 19; k++) seen.add(fmix32(k))
    expect(seen.size).toBe(2 ** 20)
  })
})
