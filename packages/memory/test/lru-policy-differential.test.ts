import fc from 'fast-check'
import { LRUCache as RealLRUCache } from 'lru-cache'
import { describe, expect, it } from 'vitest'
import { SieveCache } from '../src/index.js'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
console.log(
  `[memory] lru policy vs lru-cache: fast-check seed ${seed} (rerun with FC_SEED=${seed})`,
)

type Op = ['get' | 'set' | 'delete' | 'has' | 'peek', number, number]

const op: fc.Arbitrary<Op> = fc.tuple(
  fc.constantFrom('get', 'set', 'set', 'delete', 'has', 'peek'),
  fc.integer({ min: 0, max: 15 }),
  fc.integer({ min: 0, max: 3 }),
) as fc.Arbitrary<Op>

describe("SieveCache policy 'lru' behaves exactly as the real lru-cache 11.5", () => {
  it('same answers, eviction and dispose order, keys()/entries() order on random ops', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(op, { maxLength: 200 }), (max, ops) => {
        const ours: unknown[] = []
        const theirs: unknown[] = []
        const cache = new SieveCache<number, number>({
          max,
          policy: 'lru',
          dispose: (v, k, r) => ours.push([k, v, r]),
        })
        const real = new RealLRUCache<number, number>({
          max,
          dispose: (v, k, r) => theirs.push([k, v, r]),
        })
        for (const [what, k, v] of ops) {
          const a = what === 'set' ? cache.set(k, v) : cache[what](k)
          const b = what === 'set' ? void real.set(k, v) : real[what](k)
          expect(a, `${what}(${k})`).toEqual(b)
          expect(ours).toEqual(theirs)
          expect([...cache.keys()]).toEqual([...real.keys()])
          expect([...cache.entries()]).toEqual([...real.entries()])
          expect(cache.size).toBe(real.size)
        }
      }),
      { seed, numRuns: 300 },
    )
  })
})
