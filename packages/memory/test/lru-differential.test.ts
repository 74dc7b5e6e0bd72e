import { LRUCache as Theirs } from 'lru-cache'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LRUCache as Ours } from '../src/index.js'
import { both, outcome } from './support/both.js'

// Hand-written differential tests: each runs the same calls on warp's LRUCache and on
// lru-cache v11 with one injected clock, and compares results, statuses and callbacks.
// Sequences are chosen so no eviction happens (where SIEVE and LRU may differ).

beforeEach(() => {
  vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000)
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

describe('constructor errors match lru-cache (class and message)', () => {
  const fn = () => 1
  const cases: Record<string, unknown>[] = [
    {},
    { max: -1 },
    { max: 1.5 },
    { max: '10' },
    { max: null },
    { max: Number.POSITIVE_INFINITY },
    { max: 2 ** 54 },
    { ttl: -1 },
    { ttl: 1.5 },
    { max: 10, ttl: 'x' },
    { max: 10, sizeCalculation: fn },
    { max: 10, maxSize: 10, sizeCalculation: 'x' },
    { maxSize: -5, sizeCalculation: fn },
    { maxSize: 1.5 },
    { max: 10, maxEntrySize: 0.5 },
    { max: 10, fetchMethod: 1 },
    { max: 10, memoMethod: 'x' },
    { max: 10, perf: {} },
    { max: 10, perf: null },
    { max: 10, ttlResolution: -3 },
    { maxSize: 100 },
    { ttl: 10, ttlAutopurge: true },
  ]
  it.each(cases)('%o', (options) => {
    const ours = outcome(() => void new Ours(options as never))
    const theirs = outcome(() => void new Theirs(options as never))
    expect(ours).toEqual(theirs)
  })

  it('an options object can be another cache (its settings are copied)', () => {
    const source = new Ours<string, number>({ max: 7, ttl: 100, allowStale: true })
    const copy = new Ours(source)
    expect([copy.max, copy.ttl, copy.allowStale]).toEqual([7, 100, true])
  })
})

describe('get / set / has / peek / delete with status', () => {
  it('plain operations and statuses', () => {
    const { same } = both({ max: 100 })
    const s = () => ({})
    same((c) => c.set('a', 1, { status: s() }) && 'chained')
    same((c) => {
      const status = {}
      c.set('a', 1, { status })
      return status
    })
    same((c) => {
      const status = {}
      c.set('a', 2, { status })
      return status
    })
    same((c) => {
      const status = {}
      return [c.get('a', { status }), status]
    })
    same((c) => {
      const status = {}
      return [c.get('zz', { status }), status]
    })
    same((c) => {
      const status = {}
      return [c.has('a', { status }), c.has('zz'), status]
    })
    same((c) => {
      const status = {}
      return [c.peek('a', { status }), c.peek('zz', { status: {} }), status]
    })
    same((c) => [c.set('u', undefined), c.has('u'), c.size])
    same((c) => {
      const status = {}
      c.set('a', undefined, { status })
      return [status, c.has('a'), c.size]
    })
    same((c) => [c.delete('a'), c.delete('zz'), c.size, c.getRemainingTTL('b')])
    same((c) => [c.set(1, 'n').get('1'), c.get(1), c.set('__proto__', 'p').get('__proto__')])
    same((c) => [c.max, c.maxSize, c.calculatedSize, c.size, c.ttl, String(c)])
  })

  it('TTL: expiry at ttl+1, remaining TTL, statuses, per-set ttl, noUpdateTTL, start', () => {
    const { same, clock } = both({ max: 100, ttl: 50 })
    same((c) => {
      const status = {}
      c.set('a', 1, { status })
      return status
    })
    same((c) => c.set('b', 2, { ttl: 10 }) && c.getRemainingTTL('b'))
    same((c) => c.set('z', 0, { ttl: 0 }) && c.getRemainingTTL('z'))
    clock.advance(10)
    same((c) => [c.get('b'), c.getRemainingTTL('a'), c.info('a')])
    clock.advance(1)
    same((c) => {
      const status = {}
      return [c.has('b', { status }), status, c.getRemainingTTL('b'), c.size]
    })
    same((c) => {
      const status = {}
      return [c.get('b', { status }), status, c.size]
    })
    same((c) => c.set('a', 5, { noUpdateTTL: true }) && c.getRemainingTTL('a'))
    same((c) => c.set('s', 1, { start: clock.t - 45 }) && c.getRemainingTTL('s'))
    clock.advance(100)
    same((c) => [c.get('a'), c.get('s'), c.get('z'), c.size, c.purgeStale(), c.size])
  })

  it('allowStale, noDeleteOnStaleGet, updateAgeOnGet, updateAgeOnHas', () => {
    const { same, clock } = both({ max: 100, ttl: 20, allowStale: true, noDeleteOnStaleGet: true })
    same((c) => c.set('a', 1).set('b', 2).size)
    clock.advance(21)
    same((c) => {
      const status = {}
      return [c.get('a', { status }), status, c.size, c.peek('b'), c.has('a')]
    })
    same((c) => [c.get('a', { noDeleteOnStaleGet: false }), c.size, c.get('a')])
    same((c) => [c.get('b', { allowStale: false }), c.peek('b', { allowStale: false })])

    const t = both({ max: 100, ttl: 20, updateAgeOnGet: true })
    t.same((c) => c.set('a', 1).set('b', 2).size)
    t.clock.advance(15)
    t.same((c) => [c.get('a'), c.has('b', { updateAgeOnHas: true })])
    t.clock.advance(15)
    t.same((c) => [c.get('a'), c.get('b'), c.getRemainingTTL('a')])
  })

  it('a ttl on one set turns TTL tracking on for a cache created without it', () => {
    const { same, clock } = both({ max: 10 })
    same((c) => c.set('a', 1).set('b', 2, { ttl: 5 }).getRemainingTTL('a'))
    clock.advance(6)
    same((c) => [c.get('b'), c.get('a'), c.dump()])
  })
})

describe('sizes', () => {
  it('sizeCalculation, maxEntrySize refusal, size errors at set time', () => {
    const { same } = both({
      max: 100,
      maxSize: 100,
      maxEntrySize: 10,
      sizeCalculation: (v: string) => v.length,
    })
    same((c) => {
      const status = {}
      c.set('a', 'aaaa', { status })
      return [status, c.calculatedSize]
    })
    same((c) => {
      const status = {}
      c.set('a', 'a'.repeat(11), { status })
      return [status, c.has('a'), c.calculatedSize]
    })
    same((c) => c.set('b', 'bb', { size: 7 }) && [c.calculatedSize, c.info('b')])
    same((c) => c.set('c', 'ccc', { sizeCalculation: () => 0 }))
    same((c) => c.set('c', 'ccc', { sizeCalculation: () => 2.5 }))
    same((c) => c.set('c', 'ccc', { sizeCalculation: 'nope' }))
    same((c) => [c.calculatedSize, c.size, c.dump()])

    const noCalc = both({ max: 10, maxSize: 10 })
    noCalc.same((c) => c.set('a', 1))
    noCalc.same((c) => c.set('a', 1, { size: 3 }) && c.calculatedSize)

    const unsized = both({ max: 10 })
    unsized.same((c) => c.set('a', 1, { size: 3 }))
    unsized.same((c) => c.set('a', 1, { sizeCalculation: () => 1 }))
  })
})

describe('dispose, disposeAfter, onInsert', () => {
  it('report the same events with the same reasons', () => {
    const { same, sameSet, clock } = both({
      max: 100,
      ttl: 10,
      dispose: true,
      disposeAfter: true,
      onInsert: true,
    })
    same((c) => c.set('a', 1).set('b', 2).set('c', 3).size)
    same((c) => c.set('a', 1).size) // same value: 'update', no dispose
    same((c) => c.set('a', 11).size) // replace
    same((c) => c.set('b', 22, { noDisposeOnSet: true }).size)
    same((c) => c.delete('b'))
    clock.advance(11)
    same((c) => c.get('c'))
    same((c) => c.set('d', 4).set('e', 5).size)
    sameSet((c) => {
      c.clear()
      return [c.size]
    })
  })

  it('delete of the last entry and purgeStale report the same', () => {
    const { same, sameSet, clock } = both({ max: 100, ttl: 10, dispose: true })
    same((c) => c.set('only', 1).delete('only'))
    same((c) => c.set('x', 1).set('y', 2, { ttl: 100 }).set('z', 3).size)
    clock.advance(20)
    sameSet((c) => [c.purgeStale(), c.size])
  })
})

describe('iteration, dump, load, info', () => {
  it('same contents as sets; dump/load round-trips between the two', () => {
    const { ours, theirs, sameSet, same, clock } = both({ max: 100, ttl: 100 })
    same((c) => c.set('a', 1).set('b', 2).set('c', 3, { ttl: 5 }).set('d', 4, { ttl: 0 }).size)
    clock.advance(6)
    sameSet((c) => [...c.entries()])
    sameSet((c) => [...c.rentries()])
    sameSet((c) => [...c.keys(), ...c.rkeys()])
    sameSet((c) => [...c.values(), ...c.rvalues()])
    sameSet((c) => [...c])
    sameSet((c) => {
      const seen: unknown[] = []
      c.forEach((v: unknown, k: unknown, self: unknown) => {
        seen.push([v, k, self === c])
      })
      c.rforEach(function (this: unknown, v: unknown, k: unknown) {
        seen.push([v, k, this])
      }, 'thisp')
      return seen
    })
    same((c) => c.find((v: number) => v === 2))
    same((c) => c.find((v: number) => v === 99))
    sameSet((c) => c.dump())
    same((c) => [c.info('a'), c.info('c'), c.info('d'), c.info('zz')])

    const fromTheirs = new Ours<string, number>({
      max: 100,
      ttl: 100,
      perf: clock,
      ttlResolution: 0,
    })
    fromTheirs.load(theirs.dump())
    const byKey = (d: [string, unknown][]) => [...d].sort(([a], [b]) => (a < b ? -1 : 1))
    expect(byKey(fromTheirs.dump())).toEqual(byKey(ours.dump()))
    const fromOurs = new Theirs<string, number>({
      max: 100,
      ttl: 100,
      perf: clock,
      ttlResolution: 0,
    })
    fromOurs.load(ours.dump())
    expect(new Set(fromOurs.dump().map(([k]) => k))).toEqual(new Set(ours.dump().map(([k]) => k)))
  })

  it('pop of a single entry, and of an empty cache', () => {
    const { same } = both({ max: 10, dispose: true })
    same((c) => [c.pop(), c.set('a', 1).pop(), c.size, c.pop()])
  })
})

describe('fetch', () => {
  const loader = () => {
    const calls: unknown[] = []
    const fetchMethod = async (k: string, stale: unknown, { options, context }: any) => {
      calls.push([k, stale, context, options.ttl])
      await Promise.resolve()
      if (k.startsWith('undef')) return undefined
      if (k.startsWith('fail')) throw new Error(`no ${k}`)
      return `${k}:${calls.length}`
    }
    return { calls, fetchMethod }
  }

  it('dedupes concurrent fetches, caches, refreshes stale entries', async () => {
    const a = loader()
    const b = loader()
    const clock = { t: 1_000, now: () => clock.t }
    const mk = (C: any, fetchMethod: unknown) =>
      new C({ max: 100, ttl: 10, ttlResolution: 0, perf: clock, fetchMethod, allowStale: true })
    const ours = mk(Ours, a.fetchMethod)
    const theirs = mk(Theirs, b.fetchMethod)
    const run = async (c: any) => {
      const out: unknown[] = []
      const s1 = {}
      const p = await Promise.all([c.fetch('k', { status: s1, context: 'ctx' }), c.fetch('k')])
      out.push(p, s1, c.get('k'))
      const s2 = {}
      out.push(await c.fetch('k', { status: s2 }), s2)
      clock.t += 11
      const s3 = {}
      out.push(await c.fetch('k', { status: s3 }), s3) // stale: returns stale, refreshes
      await new Promise((r) => setTimeout(r, 0))
      out.push(c.get('k'), c.has('k'))
      const s4 = {}
      out.push(await c.fetch('k', { forceRefresh: true, status: s4 }), s4)
      await new Promise((r) => setTimeout(r, 0))
      out.push(await c.fetch('undef'), c.has('undef'), c.size)
      out.push(await outcomeAsync(() => c.forceFetch('undef2')))
      out.push(await outcomeAsync(() => c.fetch('fail1')), c.has('fail1'))
      clock.t -= 11
      return out
    }
    const r1 = await run(ours)
    const r2 = await run(theirs)
    expect(normalizeDeep(r1)).toEqual(normalizeDeep(r2))
    expect(a.calls).toEqual(b.calls)
  })

  it('rejection handling options and abort signals', async () => {
    const cases: Record<string, unknown>[] = [
      {},
      { noDeleteOnFetchRejection: true },
      { allowStaleOnFetchRejection: true },
      { allowStaleOnFetchAbort: true },
      { ignoreFetchAbort: true },
      { ignoreFetchAbort: true, allowStaleOnFetchAbort: true },
    ]
    for (const extra of cases) {
      const results: unknown[] = []
      for (const C of [Ours, Theirs] as any[]) {
        const clock = { t: 1, now: () => clock.t }
        let n = 0
        let release: (v: string) => void = () => {}
        const c = new C({
          max: 100,
          ttl: 10,
          ttlResolution: 0,
          perf: clock,
          ...extra,
          fetchMethod: (k: string) => {
            n++
            if (k === 'fail') return Promise.reject(new Error(`fail ${n}`))
            if (k === 'slow') return new Promise<string>((r) => (release = r))
            return Promise.resolve(`${k}${n}`)
          },
        })
        const out: unknown[] = []
        c.set('fail', 'old')
        clock.t += 20
        const s1 = {}
        out.push(
          await outcomeAsync(() => c.fetch('fail', { status: s1 })),
          s1,
          c.peek('fail', { allowStale: true }),
          c.size,
        )
        c.set('slow', 'prev')
        clock.t += 20
        const ac = new AbortController()
        const s2 = {}
        const p = outcomeAsync(() => c.fetch('slow', { signal: ac.signal, status: s2 }))
        ac.abort(new Error('stop'))
        await new Promise((r) => setTimeout(r, 0))
        out.push(c.peek('slow', { allowStale: true }))
        release('late')
        out.push(await p, s2)
        await new Promise((r) => setTimeout(r, 0))
        out.push(c.peek('slow', { allowStale: true }), c.size)
        const p2 = outcomeAsync(() => c.fetch('slow2'))
        c.delete('slow2')
        out.push(await p2, c.has('slow2'))
        results.push(normalizeDeep(out))
      }
      expect(results[0], JSON.stringify(extra)).toEqual(results[1])
    }
  })

  it('without fetchMethod, fetch is get', async () => {
    const { ours, theirs } = both({ max: 10 })
    for (const c of [ours, theirs]) c.set('a', 1)
    const s1 = {}
    const s2 = {}
    expect([await ours.fetch('a', { status: s1 }), await ours.fetch('b')]).toEqual([
      await theirs.fetch('a', { status: s2 }),
      await theirs.fetch('b'),
    ])
    expect(normalizeDeep(s1)).toEqual(normalizeDeep(s2))
  })
})

describe('memo', () => {
  it('computes once, forceRefresh, statuses, and the error without memoMethod', () => {
    const calls: unknown[][] = [[], []]
    let side = 0
    const mk = (C: any) =>
      new C({
        max: 10,
        memoMethod: (k: string, stale: unknown, { context }: any) => {
          calls[side]!.push([k, stale, context])
          return `${k}!`
        },
      })
    const run = (c: any) => {
      const s1 = {}
      const s2 = {}
      const s3 = {}
      return [
        c.memo('a', { status: s1, context: 'ctx' }),
        s1,
        c.memo('a', { status: s2 }),
        s2,
        c.memo('a', { forceRefresh: true, status: s3 }),
        s3,
      ]
    }
    side = 0
    const r1 = run(mk(Ours))
    side = 1
    const r2 = run(mk(Theirs))
    expect(normalizeDeep(r1)).toEqual(normalizeDeep(r2))
    expect(calls[0]).toEqual(calls[1])
    const { same } = both({ max: 10 })
    same((c) => c.memo('x'))
  })
})

describe('ttlAutopurge', () => {
  it('removes entries by timer, as lru-cache does', () => {
    vi.restoreAllMocks()
    vi.useFakeTimers()
    const perf = { now: () => Date.now() }
    const { same } = both({ ttl: 100, ttlAutopurge: true, dispose: true, perf })
    same((c) => c.set('a', 1).set('b', 2, { ttl: 300 }).size)
    vi.advanceTimersByTime(150)
    same((c) => [c.size, c.has('a'), c.has('b')])
    vi.advanceTimersByTime(200)
    same((c) => [c.size, c.has('b')])
  })
})

async function outcomeAsync(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await fn() }
  } catch (error) {
    return { threw: (error as Error).message }
  }
}

function normalizeDeep(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v) => {
      if (key === 'cache') return '<cache>'
      if (v instanceof Error) return `Error(${v.message})`
      return v
    }),
  )
}
