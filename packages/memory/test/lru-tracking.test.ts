/**
 * Behaviours lru-cache 11.5.4 changed (iteration, `load`, sizes, dispose of in-flight
 * fetches, abort signals, late fetch failures, long TTL timers), each run on the real
 * package and on `LRUCache` with policy 'lru' (lru-cache's order), with the same answer
 * expected from both, and the behaviour itself checked too.
 */
import fc from 'fast-check'
import { LRUCache as RealLRUCache } from 'lru-cache'
import { describe, expect, it } from 'vitest'
import { LRUCache } from '../src/index.js'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
console.log(
  `[memory] LRUCache tracking lru-cache 11.5.4: fast-check seed ${seed} (rerun with FC_SEED=${seed})`,
)

// Both classes take the same options; the scenarios pass lru-cache's as they are.
type Options = any

/** What the scenarios use of either class (each is used alike through this view). */
interface Cache {
  set(k: string, v: unknown, options?: Options): unknown
  get(k: string): unknown
  has(k: string): boolean
  peek(k: string, options?: Options): unknown
  delete(k: string): boolean
  clear(): void
  fetch(k: string, options?: Options): Promise<unknown>
  dump(): unknown
  load(dump: Options): void
  keys(): Iterable<string>
  rkeys(): Iterable<string>
  values(): Iterable<unknown>
  rvalues(): Iterable<unknown>
  entries(): Iterable<[string, unknown]>
  rentries(): Iterable<[string, unknown]>
  readonly calculatedSize: number
}
type Make = (options: Options) => Cache

const real: Make = (options) => new RealLRUCache(options) as unknown as Cache
const ours: Make = (options) => new LRUCache({ ...options, policy: 'lru' }) as unknown as Cache

/** Runs `scenario` on both caches; returns both results, ours first. */
async function both<R>(scenario: (make: Make) => R | Promise<R>): Promise<[R, R]> {
  return [await scenario(ours), await scenario(real)]
}

/** A clock the test moves: `perf` for both caches, so TTLs need no sleeping. */
function manualClock() {
  let now = 1_000
  return {
    perf: { now: () => now },
    advance(ms: number) {
      now += ms
    },
  }
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('iteration yields each entry at most once, whatever the caller does meanwhile', () => {
  it('get() moving entries to the front during keys() and rkeys()', async () => {
    const [mine, theirs] = await both((make) => {
      const c = make({ max: 5 })
      for (const k of 'abcde') c.set(k, k)
      const forward: string[] = []
      for (const k of c.keys()) {
        forward.push(k)
        c.get('e')
        c.get('a')
        if (forward.length > 50) break
      }
      const backward: string[] = []
      for (const k of c.rkeys()) {
        backward.push(k)
        c.get(k)
        if (backward.length > 50) break
      }
      return { forward, backward }
    })
    expect(mine).toEqual(theirs)
    expect(new Set(mine.forward).size).toBe(mine.forward.length)
    expect(new Set(mine.backward).size).toBe(mine.backward.length)
  })

  it('random get/set/delete calls during every kind of walk', async () => {
    // The calls never remove the entry just yielded: from a removed entry lru-cache walks on
    // along links it left stale (to whatever they point at), which LRUCache does not copy;
    // see "Iteration while changing the cache" in the README.
    const walks = ['keys', 'rkeys', 'values', 'rvalues', 'entries', 'rentries'] as const
    const call = fc.tuple(fc.constantFrom('get', 'set', 'delete'), fc.nat(9))
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...walks),
        fc.integer({ min: 0, max: 7 }),
        fc.array(fc.array(call, { maxLength: 3 }), { maxLength: 12 }),
        async (walk, initial, callsPerStep) => {
          const [mine, theirs] = await both((make) => {
            const c = make({ max: 16 })
            for (let k = 0; k <= initial; k++) c.set(String(k), k)
            const yielded: unknown[] = []
            // Keys deleted during the walk: set again, such a key is a new entry, which the
            // walk may yield too.
            const deleted = new Set<string>()
            let step = 0
            for (const item of c[walk]() as Iterable<unknown>) {
              yielded.push(item)
              const current = String(Array.isArray(item) ? item[0] : item)
              for (const [what, k] of callsPerStep[step++] ?? []) {
                if (what === 'set') c.set(String(k), k)
                else if (what === 'get') c.get(String(k))
                else if (String(k) !== current && c.delete(String(k))) deleted.add(String(k))
              }
              if (yielded.length > 100) break
            }
            return { yielded, deleted: [...deleted], after: [...c.entries()] }
          })
          expect(mine).toEqual(theirs)
          const keys = mine.yielded.map((item) => String(Array.isArray(item) ? item[0] : item))
          const once = keys.filter((k) => !mine.deleted.includes(k))
          expect(new Set(once).size).toBe(once.length)
        },
      ),
      { seed, numRuns: 300 },
    )
  })
})

describe('load, set and sizes', () => {
  it('load() leaves the dump it was given unchanged', async () => {
    const clock = manualClock()
    const [mine, theirs] = await both((make) => {
      const a = make({ max: 5, ttl: 1_000, perf: clock.perf })
      a.set('a', 1)
      const dump = a.dump()
      const before = JSON.stringify(dump)
      make({ max: 5, ttl: 1_000, perf: clock.perf }).load(dump)
      return JSON.stringify(dump) === before
    })
    expect(mine).toBe(true)
    expect(mine).toBe(theirs)
  })

  it('setting the same value again sizes it again (sizeCalculation or an explicit size)', async () => {
    const [mine, theirs] = await both((make) => {
      const calculated = make({ max: 5, maxSize: 100, sizeCalculation: (v: { n: number }) => v.n })
      const v = { n: 3 }
      calculated.set('a', v)
      v.n = 7
      calculated.set('a', v)
      const explicit = make({ max: 5, maxSize: 100 })
      explicit.set('a', v, { size: 3 })
      explicit.set('a', v, { size: 9 })
      return [calculated.calculatedSize, explicit.calculatedSize]
    })
    expect(mine).toEqual([7, 9])
    expect(mine).toEqual(theirs)
  })

  it('a same-value set that grows past maxSize evicts others, as a new value would', async () => {
    const [mine, theirs] = await both((make) => {
      const evicted: string[] = []
      const c = make({
        max: 10,
        maxSize: 10,
        sizeCalculation: (v: { n: number }) => v.n,
        dispose: (_v: unknown, k: string, reason: string) => evicted.push(`${k}:${reason}`),
      })
      const big = { n: 2 }
      c.set('big', big)
      for (const k of 'abcd') c.set(k, { n: 2 })
      big.n = 8
      c.set('big', big)
      return { evicted, keys: [...c.keys()], size: c.calculatedSize }
    })
    expect(mine).toEqual(theirs)
    expect(mine.size).toBeLessThanOrEqual(10)
  })

  it('backgroundFetchSize must be a nonnegative integer', async () => {
    for (const backgroundFetchSize of [-1, 1.5, Number.NaN, '2']) {
      const [mine, theirs] = await both((make) => {
        try {
          make({ max: 5, backgroundFetchSize })
          return 'accepted'
        } catch (error) {
          return `${(error as Error).constructor.name}: ${(error as Error).message}`
        }
      })
      expect(mine).toBe('TypeError: backgroundFetchSize must be a nonnegative integer')
      expect(mine).toBe(theirs)
    }
    expect(new LRUCache({ max: 5, backgroundFetchSize: 0 }).backgroundFetchSize).toBe(0)
  })

  it('noDisposeOnSet: disposeAfter still runs for what a set evicts, before set returns', async () => {
    const [mine, theirs] = await both((make) => {
      const log: string[] = []
      const c = make({
        max: 2,
        noDisposeOnSet: true,
        dispose: (v: unknown, k: string, r: string) => log.push(`dispose ${k}:${v}:${r}`),
        disposeAfter: (v: unknown, k: string, r: string) => log.push(`after ${k}:${v}:${r}`),
      })
      c.set('a', 1)
      c.set('a', 2)
      c.set('b', 1)
      c.set('c', 1)
      log.push('returned')
      return log
    })
    expect(mine).toContain('after a:2:evict')
    expect(mine.indexOf('after a:2:evict')).toBeLessThan(mine.indexOf('returned'))
    expect(mine).toEqual(theirs)
  })
})

describe('in-flight fetches', () => {
  /** A cache whose fetchMethod hangs until the test resolves or rejects it. */
  function pendingFetch(make: Make, options: Options = {}) {
    const log: string[] = []
    const calls: Array<{
      resolve: (v: unknown) => void
      reject: (e: unknown) => void
      signal: AbortSignal
    }> = []
    const cache = make({
      max: 5,
      dispose: (v: unknown, k: string, r: string) => log.push(`${k}:${v}:${r}`),
      fetchMethod: (_k: string, _stale: unknown, { signal }: { signal: AbortSignal }) =>
        new Promise((resolve, reject) => calls.push({ resolve, reject, signal })),
      ...options,
    })
    return { cache, log, calls }
  }

  for (const removal of ['delete', 'clear'] as const) {
    it(`${removal}() of an entry whose refresh is in flight disposes its stale value`, async () => {
      const clock = manualClock()
      const [mine, theirs] = await both(async (make) => {
        const { cache, log, calls } = pendingFetch(make, {
          ttl: 10,
          allowStale: true,
          perf: clock.perf,
        })
        cache.set('a', 'old')
        clock.advance(20)
        const p = cache.fetch('a')
        if (removal === 'delete') cache.delete('a')
        else cache.clear()
        calls[0]!.resolve('new')
        await p
        return { log, aborted: calls[0]!.signal.aborted, has: cache.has('a') }
      })
      expect(mine).toEqual({ log: ['a:old:delete'], aborted: true, has: false })
      expect(mine).toEqual(theirs)
    })
  }

  it('with noDisposeOnSet, a set over an in-flight fetch still aborts it', async () => {
    const [mine, theirs] = await both(async (make) => {
      const { cache, calls } = pendingFetch(make, { noDisposeOnSet: true })
      cache.fetch('a').catch(() => {})
      cache.set('a', 'x')
      await settle()
      return { aborted: calls[0]!.signal.aborted, value: cache.get('a') }
    })
    expect(mine).toEqual({ aborted: true, value: 'x' })
    expect(mine).toEqual(theirs)
  })

  it('a signal that is already aborted aborts the fetch at once', async () => {
    for (const allowStaleOnFetchAbort of [false, true]) {
      const [mine, theirs] = await both(async (make) => {
        const reason = new Error('aborted before the call')
        const ac = new AbortController()
        ac.abort(reason)
        let seenAborted: boolean | undefined
        const cache = make({
          max: 5,
          allowStaleOnFetchAbort,
          fetchMethod: async (_k: string, _s: unknown, { signal }: { signal: AbortSignal }) => {
            seenAborted = signal.aborted
            return 'value'
          },
        })
        const result = await cache.fetch('a', { signal: ac.signal }).then(
          (v: unknown) => `resolved ${String(v)}`,
          (e: Error) => `rejected ${e === reason}`,
        )
        await settle()
        return { seenAborted, result }
      })
      expect(mine.seenAborted).toBe(true)
      expect(mine.result).not.toBe('resolved value')
      expect(mine).toEqual(theirs)
    }
  })

  it('a long-lived caller signal keeps no listener once the fetch has settled', async () => {
    const [mine, theirs] = await both(async (make) => {
      const ac = new AbortController()
      let listeners = 0
      const signal = ac.signal
      const add = signal.addEventListener.bind(signal)
      const remove = signal.removeEventListener.bind(signal)
      signal.addEventListener = ((...args: Parameters<typeof add>) => {
        listeners++
        add(...args)
      }) as typeof add
      signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
        listeners--
        remove(...args)
      }) as typeof remove
      const cache = make({ max: 100, fetchMethod: async (k: string) => `v${k}` })
      for (let i = 0; i < 20; i++) await cache.fetch(String(i), { signal })
      return listeners
    })
    expect(mine).toBe(0)
    expect(mine).toBe(theirs)
  })

  it('a fetch that fails after an abort settled it with the stale value is not awaited again', async () => {
    const clock = manualClock()
    const [mine, theirs] = await both(async (make) => {
      const { cache, calls } = pendingFetch(make, {
        ttl: 10,
        allowStale: true,
        allowStaleOnFetchAbort: true,
        ignoreFetchAbort: true,
        perf: clock.perf,
      })
      cache.set('a', 'old')
      clock.advance(20)
      const ac = new AbortController()
      const first = cache.fetch('a', { signal: ac.signal })
      ac.abort(new Error('gave up'))
      const returned = await first
      calls[0]!.reject(new Error('backend down'))
      await settle()
      cache.fetch('a').catch(() => {})
      return {
        returned,
        fetchMethodCalls: calls.length,
        peek: cache.peek('a', { allowStale: true }),
      }
    })
    expect(mine.returned).toBe('old')
    expect(mine.fetchMethodCalls).toBe(2)
    expect(mine).toEqual(theirs)
  })

  it('a synchronous fetchMethod that returns undefined settles the fetch', async () => {
    const [mine, theirs] = await both(async (make) => {
      const cache = make({ max: 5, fetchMethod: () => undefined })
      const result = await cache.fetch('a')
      return { result, has: cache.has('a') }
    })
    expect(mine).toEqual({ result: undefined, has: false })
    expect(mine).toEqual(theirs)
  })
})

describe('TTL timers', () => {
  it('a TTL beyond setTimeout’s 2^31 − 1 ms limit is waited for in capped steps', async () => {
    // Node turns a longer delay into 1 ms (with a TimeoutOverflowWarning), which would purge
    // the entry at once; the delays asked for show the cap without waiting for any timer.
    const realSetTimeout = globalThis.setTimeout
    const [mine, theirs] = await both((make) => {
      const delays: number[] = []
      globalThis.setTimeout = ((fn: () => void, ms?: number) => {
        delays.push(ms ?? 0)
        return realSetTimeout(fn, ms)
      }) as typeof setTimeout
      try {
        const cache = make({ max: 5, ttl: 2 ** 31 + 10, ttlAutopurge: true })
        cache.set('a', 1)
        cache.set('b', 2, { ttl: 5_000 })
        const has = cache.has('a')
        cache.clear()
        return { has, delays }
      } finally {
        globalThis.setTimeout = realSetTimeout
      }
    })
    expect(mine.has).toBe(true)
    expect(Math.max(...mine.delays)).toBe(2 ** 31 - 1)
    expect(mine).toEqual(theirs)
  })
})
