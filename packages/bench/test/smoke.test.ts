import { LRUCache } from 'lru-cache'
import { describe, expect, it } from 'vitest'
import { smokeCache, smokeMemoize } from '../src/smoke.js'

describe('cache smoke test', () => {
  it('passes a correct bounded cache and a bare Map marked unbounded', () => {
    expect(smokeCache((max) => new LRUCache<any, any>({ max }), {})).toBeUndefined()
    expect(smokeCache(() => new Map(), { unbounded: true })).toBeUndefined()
  })

  it('disqualifies a cache that returns wrong values', () => {
    const wrong = () => {
      const m = new Map()
      return {
        get: (k: unknown) => m.get(typeof k === 'number' ? k + 1 : k),
        set: (k: unknown, v: unknown) => m.set(k, v),
      }
    }
    expect(smokeCache(wrong, { unbounded: true })).toMatch(/returned/)
  })

  it("disqualifies a cache that conflates 1 and '1' unless it is marked object-keyed", () => {
    const byString = () => {
      const o = new Map<string, unknown>()
      return {
        get: (k: unknown) => o.get(String(k)),
        set: (k: unknown, v: unknown) => o.set(String(k), v),
      }
    }
    expect(smokeCache(byString, { unbounded: true })).toMatch(/share one entry/)
    expect(smokeCache(byString, { unbounded: true, objectKeyed: true })).toBeUndefined()
  })

  it('disqualifies a "bounded" cache that never evicts', () => {
    expect(smokeCache(() => new Map(), {})).toMatch(/present in a cache of max 64/)
  })
})

describe('memoize smoke test', () => {
  it('passes lru-cache memo', () => {
    const make = (fn: (...a: any[]) => unknown, max: number) => {
      const c = new LRUCache<any, any>({ max, memoMethod: (k) => fn(k) })
      return (a: unknown) => c.memo(a)
    }
    expect(smokeMemoize(make, 1, {})).toBeUndefined()
  })

  it('disqualifies a memoizer that ignores its second argument', () => {
    const make = (fn: (...a: any[]) => unknown) => {
      const m = new Map()
      return (a: unknown, b?: unknown) => {
        if (!m.has(a)) m.set(a, fn(a, b))
        return m.get(a)
      }
    }
    expect(smokeMemoize(make, 2, {})).toBeDefined()
  })

  it('disqualifies a memoizer that calls the function again on a hit', () => {
    const make = (fn: (...a: any[]) => unknown) => (a: unknown) => fn(a)
    expect(smokeMemoize(make, 1, {})).toMatch(/ran the function again/)
  })
})
