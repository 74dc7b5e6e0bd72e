/**
 * Iterating while the caller reads and changes the cache, under every policy: the walk
 * covers the entries present when it starts, in their order then, each at most once,
 * skipping those removed before it reaches them, and it always ends. (`LRUCache` with
 * `'lru'` follows lru-cache's own rule instead; `lru-tracking.test.ts` checks that one.)
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LRUCache, type PolicyName, SieveCache } from '../src/index.js'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
console.log(
  `[memory] iteration while changing the cache: fast-check seed ${seed} (rerun with FC_SEED=${seed})`,
)

type Call = ['get' | 'set' | 'delete', number]

interface Walkable {
  get(k: string): unknown
  set(k: string, v: number): unknown
  delete(k: string): unknown
  keys(): Iterable<string>
}

type Make = (max: number, onRemove: (k: string) => void) => Walkable

const makers: Array<[string, Make]> = []
for (const policy of ['sieve', 'lru', 'tinylfu'] as PolicyName[]) {
  makers.push([
    `SieveCache '${policy}'`,
    (max, onRemove) =>
      new SieveCache<string, number>({ max, policy, seed: 7, dispose: (_v, k) => onRemove(k) }),
  ])
}
makers.push([
  "LRUCache 'tinylfu'",
  (max, onRemove) =>
    new LRUCache<string, number>({
      max,
      policy: 'tinylfu',
      seed: 7,
      dispose: (_v, k) => onRemove(k),
    }),
])

describe('a walk while the caller reads and changes the cache', () => {
  for (const [name, make] of makers) {
    it(`${name}: each entry present at the start at most once, in order; none missed unless removed`, () => {
      const call = fc.tuple(
        fc.constantFrom('get', 'set', 'delete'),
        fc.nat(11),
      ) as fc.Arbitrary<Call>
      fc.assert(
        fc.property(
          fc.integer({ min: 2, max: 8 }),
          fc.array(fc.nat(11), { maxLength: 30 }),
          fc.array(fc.array(call, { maxLength: 4 }), { maxLength: 12 }),
          (max, warmup, callsPerStep) => {
            const removed = new Set<string>()
            const cache = make(max, (k) => removed.add(k))
            // Reads as well as writes, so tinylfu's segments fill and hits promote entries.
            for (const k of warmup) if (cache.get(String(k)) === undefined) cache.set(String(k), k)
            const atStart = [...cache.keys()]
            removed.clear()
            const yielded: string[] = []
            let step = 0
            for (const k of cache.keys()) {
              yielded.push(k)
              for (const [what, n] of callsPerStep[step++] ?? []) {
                if (what === 'set') cache.set(String(n), n)
                else cache[what](String(n))
              }
              if (yielded.length > 1_000) break
            }
            expect(yielded.length).toBeLessThanOrEqual(atStart.length)
            expect(new Set(yielded).size).toBe(yielded.length)
            // In the order of the start: a subsequence of it.
            let at = 0
            for (const k of yielded) {
              at = atStart.indexOf(k, at)
              expect(at).toBeGreaterThanOrEqual(0)
              at++
            }
            // Whatever was there at the start and never left was visited.
            for (const k of atStart) if (!removed.has(k)) expect(yielded).toContain(k)
          },
        ),
        { seed, numRuns: 300 },
      )
    })
  }

  it('NaN and undefined keys are walked, and skipped once deleted', () => {
    for (const policy of ['sieve', 'lru', 'tinylfu'] as PolicyName[]) {
      const cache = new SieveCache<unknown, string>({ max: 4, policy, seed: 1 })
      cache.set(undefined, 'u')
      cache.set(Number.NaN, 'nan')
      cache.set(1, 'one')
      expect([...cache.keys()]).toHaveLength(3)
      expect([...cache.values()].sort()).toEqual(['nan', 'one', 'u'])
      const first = [...cache.keys()][0]
      const walked: unknown[] = []
      for (const [k] of cache) {
        walked.push(k)
        // Delete the two keys the walk has not reached yet.
        for (const other of [undefined, Number.NaN, 1]) {
          if (!Object.is(other, first)) cache.delete(other)
        }
      }
      expect(walked).toEqual([first])
    }
  })

  it('the walks that used to go wrong: set or get of each entry under lru and tinylfu', () => {
    for (const policy of ['sieve', 'lru', 'tinylfu'] as PolicyName[]) {
      const cache = new SieveCache<string, number>({ max: 8, policy, seed: 1 })
      for (const k of 'abcdefgh') cache.set(k, 1)
      for (const k of 'abcdefgh') cache.get(k)
      const bumped: string[] = []
      for (const [k, v] of cache) {
        cache.set(k, v + 1)
        bumped.push(k)
        if (bumped.length > 100) break
      }
      expect(bumped.sort()).toEqual([...'abcdefgh'])
      const read: string[] = []
      for (const k of cache.keys()) {
        cache.get(k)
        read.push(k)
        if (read.length > 100) break
      }
      expect(read.sort()).toEqual([...'abcdefgh'])
    }
  })
})
