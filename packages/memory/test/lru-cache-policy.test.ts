import fc from 'fast-check'
import { LRUCache as RealLRUCache } from 'lru-cache'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LRUCache, memoize, type SieveCache } from '../src/index.js'
import { TestClock } from './support/both.js'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
console.log(
  `[memory] LRUCache policy 'lru' vs lru-cache: fast-check seed ${seed} (rerun with FC_SEED=${seed})`,
)

type Op =
  | ['get' | 'has' | 'peek' | 'delete' | 'info', number]
  | ['set', number, number]
  | ['setUndefined' | 'pop' | 'clear' | 'purgeStale', number]

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom('set' as const), fc.nat(15), fc.nat(4)) },
  {
    weight: 8,
    arbitrary: fc.tuple(fc.constantFrom('get', 'has', 'peek', 'delete', 'info'), fc.nat(15)),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom('setUndefined', 'pop', 'clear', 'purgeStale'), fc.nat(15)),
  },
) as fc.Arbitrary<Op>

/** `max` alone, or `maxSize` with sizes 1…5 (size-driven eviction), or both. */
const bounds: fc.Arbitrary<{ max?: number; maxSize?: number }> = fc.oneof(
  fc.record({ max: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ maxSize: fc.integer({ min: 5, max: 20 }) }),
  fc.record({ max: fc.integer({ min: 1, max: 8 }), maxSize: fc.integer({ min: 5, max: 20 }) }),
)

type Cache = LRUCache<number, number> | RealLRUCache<number, number>

function run(cache: Cache, [what, k, v]: Op): unknown {
  switch (what) {
    case 'set':
      cache.set(k, v!)
      return undefined
    case 'setUndefined':
      cache.set(k, undefined as never)
      return undefined
    case 'pop':
      return cache.pop()
    case 'clear':
      cache.clear()
      return undefined
    case 'purgeStale':
      return cache.purgeStale()
    default:
      return cache[what](k)
  }
}

/** Everything order-dependent a caller can see. */
function observe(cache: Cache): unknown {
  return {
    keys: [...cache.keys()],
    rkeys: [...cache.rkeys()],
    entries: [...cache.entries()],
    rentries: [...cache.rentries()],
    values: [...cache.values()],
    rvalues: [...cache.rvalues()],
    dump: cache.dump(),
    size: cache.size,
    calculatedSize: cache.calculatedSize,
  }
}

describe("LRUCache policy 'lru' behaves exactly as the real lru-cache 11.5", () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('same answers, eviction, dispose/disposeAfter/onInsert order, iteration and dump() on random ops', () => {
    fc.assert(
      fc.property(bounds, fc.array(op, { maxLength: 150 }), (bound, ops) => {
        const logs = { ours: [] as unknown[], theirs: [] as unknown[] }
        const options = (log: unknown[]) => ({
          ...bound,
          ...(bound.maxSize === undefined ? {} : { sizeCalculation: (v: number) => v + 1 }),
          dispose: (v: number, k: number, r: string) => log.push(['dispose', k, v, r]),
          disposeAfter: (v: number, k: number, r: string) => log.push(['after', k, v, r]),
          onInsert: (v: number, k: number, r: string) => log.push(['insert', k, v, r]),
        })
        const ours = new LRUCache<number, number>({ ...options(logs.ours), policy: 'lru' } as never)
        const theirs = new RealLRUCache<number, number>(options(logs.theirs) as never)
        for (const o of ops) {
          const label = JSON.stringify(o)
          expect(run(ours, o), label).toEqual(run(theirs, o))
          expect(logs.ours, label).toEqual(logs.theirs)
          expect(observe(ours), label).toEqual(observe(theirs))
        }
      }),
      { seed, numRuns: 300 },
    )
  })

  it('with TTLs (default and per set, stale reads, purgeStale) on a shared manual clock', () => {
    // dump() converts start times with Date.now(); both caches must read the same one.
    vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000)
    const step = fc.tuple(
      fc.constantFrom('set', 'get', 'has', 'peek', 'delete', 'tick', 'purgeStale', 'pop'),
      fc.nat(9),
      fc.nat(3),
    )
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(step, { maxLength: 120 }),
        (max, ops) => {
          const clock = new TestClock()
          const logs = { ours: [] as unknown[], theirs: [] as unknown[] }
          const options = (log: unknown[]) => ({
            max,
            ttl: 5,
            ttlResolution: 0,
            perf: clock,
            dispose: (v: number, k: number, r: string) => log.push([k, v, r]),
          })
          const ours = new LRUCache<number, number>({ ...options(logs.ours), policy: 'lru' })
          const theirs = new RealLRUCache<number, number>(options(logs.theirs))
          for (const [what, k, v] of ops) {
            if (what === 'tick') {
              clock.advance(2 * v)
              continue
            }
            const label = `${what}(${k})`
            const call = (c: Cache) =>
              what === 'set'
                ? void c.set(k, v, v === 3 ? { ttl: 1 } : undefined)
                : what === 'pop' || what === 'purgeStale'
                  ? c[what]()
                  : c[what](k)
            expect(call(ours), label).toEqual(call(theirs))
            expect(logs.ours, label).toEqual(logs.theirs)
            expect(observe(ours), label).toEqual(observe(theirs))
          }
        },
      ),
      { seed, numRuns: 200 },
    )
  })

  it('find() and forEach visit in the same order, and find() counts as a use', () => {
    const ours = new LRUCache<string, number>({ max: 3, policy: 'lru' })
    const theirs = new RealLRUCache<string, number>({ max: 3 })
    for (const c of [ours, theirs]) {
      c.set('a', 1).set('b', 2).set('c', 3)
      c.get('a')
    }
    const seen = (c: LRUCache<string, number> | RealLRUCache<string, number>) => {
      const out: unknown[] = []
      c.forEach((v, k) => {
        out.push([k, v])
      })
      c.rforEach((v, k) => {
        out.push([k, v])
      })
      return out
    }
    expect(seen(ours)).toEqual(seen(theirs))
    expect(ours.find((v) => v === 2)).toBe(theirs.find((v) => v === 2))
    for (const c of [ours, theirs]) c.set('d', 4)
    expect([...ours.keys()]).toEqual([...theirs.keys()])
  })
})

describe('LRUCache policy option', () => {
  it("defaults to 'sieve' and reports the policy in use", () => {
    expect(new LRUCache({ max: 2 }).policy).toBe('sieve')
    expect(new LRUCache({ max: 2, policy: 'lru' }).policy).toBe('lru')
    expect(new LRUCache({ max: 2, policy: 'tinylfu', seed: 1 }).policy).toBe('tinylfu')
  })

  it.each([
    [
      { max: 10, policy: 'lfu' },
      /LRUCache: option "policy" must be one of "sieve", "lru", "tinylfu"/,
    ],
    [{ max: 10, policy: 1 }, /"policy" must be/],
    [{ max: 10, policy: 'tinylfu', seed: -1 }, /"seed" must be/],
    [{ max: 10, seed: 1.5 }, /"seed" must be/],
  ])('refuses %o with an InvalidOptionError', (options, message) => {
    let error: unknown
    try {
      new LRUCache(options as never)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(TypeError)
    expect((error as { code?: string }).code).toBe('E_INVALID_OPTION')
    expect((error as Error).message).toMatch(message)
  })

  it("'tinylfu' keeps at most max entries and disposes what it refuses with 'evict'", () => {
    const reasons = new Set<string>()
    const cache = new LRUCache<number, number>({
      max: 50,
      policy: 'tinylfu',
      seed: 7,
      dispose: (_v, _k, r) => reasons.add(r),
    })
    // A hot set read often, then a scan of cold keys: the hot keys should survive.
    for (let round = 0; round < 20; round++) {
      for (let k = 0; k < 20; k++) if (cache.get(k) === undefined) cache.set(k, k)
    }
    for (let k = 1000; k < 3000; k++) {
      cache.set(k, k)
      expect(cache.size).toBeLessThanOrEqual(50)
    }
    // The scan evicts every hot key from an LRU; TinyLFU keeps (nearly) all of them. Not
    // necessarily all: the sketch halves its counters every 500 requests.
    let hot = 0
    for (let k = 0; k < 20; k++) if (cache.has(k)) hot++
    expect(hot).toBeGreaterThanOrEqual(15)
    expect([...reasons]).toEqual(['evict'])
    expect([...cache.keys()].length).toBe(cache.size)
    expect([...cache.rkeys()]).toEqual([...cache.keys()].reverse())
  })

  it("'tinylfu' with maxSize only and with a TTL stays within its bounds", () => {
    const sized = new LRUCache<number, number>({
      maxSize: 30,
      sizeCalculation: () => 3,
      policy: 'tinylfu',
    })
    for (let k = 0; k < 500; k++) sized.set(k, k)
    expect(sized.calculatedSize).toBeLessThanOrEqual(30)
    let t = 0
    const timed = new LRUCache<number, number>({
      max: 20,
      ttl: 10,
      ttlResolution: 0,
      perf: { now: () => t },
      policy: 'tinylfu',
    })
    for (let k = 0; k < 500; k++) {
      t += 1
      timed.set(k, k)
      expect(timed.size).toBeLessThanOrEqual(20)
    }
  })

  it('memoize passes its policy to the cache', () => {
    const cache = memoize((n: number) => n, { policy: 'lru' }).cache as SieveCache<number, number>
    expect(cache.policy).toBe('lru')
  })
})
