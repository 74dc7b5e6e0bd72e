import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SieveCache } from '../src/index.js'
import { ReferenceSieve } from './support/reference-sieve.js'
import { zipfTrace } from './support/zipf.js'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
console.log(`[memory] sieve property tests: fast-check seed ${seed} (rerun with FC_SEED=${seed})`)

/** Replays `trace` on both; returns the first step where hit/miss differ, or -1. */
function firstDifference(capacity: number, trace: readonly number[]): number {
  const reference = new ReferenceSieve(capacity)
  const cache = new SieveCache<number, number>({ max: capacity })
  for (let j = 0; j < trace.length; j++) {
    const k = trace[j]!
    const hit = cache.get(k) !== undefined
    if (!hit) cache.set(k, j)
    if (hit !== reference.access(k)) return j
    if (cache.size > capacity) return j
  }
  return -1
}

describe('SieveCache matches the linked-list reference SIEVE hit for hit', () => {
  it('on random traces', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 600 }),
        (capacity, trace) => firstDifference(capacity, trace) === -1,
      ),
      { seed, numRuns: 300 },
    )
  })

  it('on Zipf traces (α 0.6–1.4)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0.6, max: 1.4, noNaN: true }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (capacity, alpha, traceSeed) =>
          firstDifference(capacity, zipfTrace(2000, alpha, 5000, traceSeed)) === -1,
      ),
      { seed, numRuns: 40 },
    )
  })

  it('past the first growth of the typed arrays (capacity 5000)', () => {
    expect(firstDifference(5000, zipfTrace(20_000, 0.8, 60_000, 7))).toBe(-1)
  })
})
