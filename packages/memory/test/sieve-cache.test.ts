import { ManualClock } from '@warp/core'
import { describe, expect, it } from 'vitest'
import { SieveCache, type SieveDisposeReason } from '../src/index.js'

describe('SieveCache options', () => {
  it.each([
    [{}, /"max" is required/],
    [{ max: 0 }, /"max" must be an integer from 1 to 1073741824, got 0/],
    [{ max: 1.5 }, /"max"/],
    [{ max: 2 ** 30 + 1 }, /"max"/],
    [{ max: '10' }, /"max".*"10"/],
    [{ max: 10, ttl: -1 }, /"ttl" must be a finite number ≥ 0/],
    [{ max: 10, ttl: Number.NaN }, /"ttl"/],
    [{ max: 10, dispose: 'x' }, /"dispose" must be a function/],
    [{ max: 10, sizeCalculation: (): number => 1 }, /"sizeCalculation" needs "maxSize"/],
    [{ max: 10, maxSize: 10 }, /"sizeCalculation" is required/],
    [{ max: 10, maxSize: 0, sizeCalculation: (): number => 1 }, /"maxSize" must be an integer ≥ 1/],
    [
      { maxSize: 10, maxEntrySize: 11, sizeCalculation: (): number => 1 },
      /"maxEntrySize" \(11\) must be ≤/,
    ],
    [{ max: 10, perf: {} }, /"perf" must have a now\(\) method/],
    [{ max: 10, tll: 5 }, /unknown option "tll" — did you mean "ttl"\?/],
    [{ max: 10, policy: 'lfu' }, /"policy" must be one of "sieve", "lru", "tinylfu"/],
  ])('%o throws a TypeError naming the option', (options, message) => {
    expect(() => new SieveCache(options as never)).toThrow(TypeError)
    expect(() => new SieveCache(options as never)).toThrow(message)
  })

  it('rejects a non-object', () => {
    expect(() => new SieveCache(undefined as never)).toThrow(TypeError)
  })

  it('accepts max 2^30 without allocating it up front', () => {
    const cache = new SieveCache<number, number>({ max: 2 ** 30 })
    cache.set(1, 1)
    expect(cache.get(1)).toBe(1)
    expect(cache.max).toBe(2 ** 30)
  })
})

describe('SieveCache basics', () => {
  it('implements the sync backend shape', () => {
    const cache = new SieveCache<string, number>({ max: 3 })
    expect(cache.mode).toBe('sync')
    expect(cache.capabilities).toEqual({
      ttl: true,
      crossProcess: false,
      bytesOnly: false,
      exactEviction: true,
    })
    expect(Object.prototype.toString.call(cache)).toBe('[object SieveCache]')
  })

  it('keys have Map semantics', () => {
    const cache = new SieveCache<unknown, string>({ max: 10 })
    cache.set(1, 'number')
    cache.set('1', 'string')
    cache.set('__proto__', 'proto')
    cache.set(Number.NaN, 'nan')
    const obj = {}
    cache.set(obj, 'object')
    expect(cache.get(1)).toBe('number')
    expect(cache.get('1')).toBe('string')
    expect(cache.get('__proto__')).toBe('proto')
    expect(cache.get(Number.NaN)).toBe('nan')
    expect(cache.get(obj)).toBe('object')
    expect(cache.get({})).toBeUndefined()
    expect(cache.size).toBe(5)
  })

  it('a cached undefined is told apart by has', () => {
    const cache = new SieveCache<string, unknown>({ max: 2 })
    cache.set('u', undefined)
    expect(cache.get('u')).toBeUndefined()
    expect(cache.has('u')).toBe(true)
    expect(cache.has('v')).toBe(false)
  })

  it('evicts in SIEVE order: visited entries survive one pass of the hand', () => {
    const cache = new SieveCache<string, number>({ max: 3 })
    cache.set('a', 1)
    cache.set('b', 2)
    cache.set('c', 3)
    cache.get('a') // visited
    cache.set('d', 4) // hand: a (clear) → b evicted; hand stays at c
    expect([...cache.keys()]).toEqual(['d', 'c', 'a'])
    cache.set('e', 5) // hand at c (unvisited) → c evicted
    expect([...cache.keys()]).toEqual(['e', 'd', 'a'])
    expect(cache.stats().evictions).toBe(2)
  })

  it('overwriting keeps the queue position and marks the entry visited', () => {
    const cache = new SieveCache<string, number>({ max: 2 })
    cache.set('a', 1)
    cache.set('b', 2)
    cache.set('a', 10)
    cache.set('c', 3) // a visited → b evicted
    expect(cache.get('a')).toBe(10)
    expect(cache.has('b')).toBe(false)
  })

  it('delete and clear; the hand survives deleting the entry it points at', () => {
    const cache = new SieveCache<number, number>({ max: 3 })
    for (const k of [1, 2, 3]) cache.set(k, k)
    cache.get(1)
    cache.set(4, 4) // 1 cleared, 2 evicted, hand → 3
    expect(cache.delete(3)).toBe(true) // hand moves to 4
    expect(cache.delete(3)).toBe(false)
    cache.set(5, 5)
    cache.set(6, 6) // full: 4, 1, 5 → hand at 4 (unvisited) evicts 4
    expect([...cache.keys()].sort()).toEqual([1, 5, 6])
    cache.clear()
    expect(cache.size).toBe(0)
    expect(cache.get(1)).toBeUndefined()
    cache.set(7, 7)
    expect([...cache.entries()]).toEqual([[7, 7]])
  })

  it('counts hits, misses, sets, deletes and evictions', () => {
    const cache = new SieveCache<number, number>({ max: 2 })
    cache.get(1)
    cache.set(1, 1)
    cache.get(1)
    cache.set(2, 2)
    cache.set(3, 3)
    cache.delete(3)
    expect(cache.stats()).toEqual({
      hits: 1,
      misses: 1,
      sets: 3,
      deletes: 1,
      evictions: 1,
      expirations: 0,
      oversize: 0,
      size: 1,
      capacity: 2,
    })
  })

  it('a miss remembered for the next set is forgotten when another path inserts the key', () => {
    const cache = new SieveCache<string, number>({ max: 10 })
    expect(cache.get('a')).toBeUndefined()
    cache.set('a', 1, { ttl: 0 }) // the full path inserts 'a'
    cache.set('a', 2) // the fast path must find it, not insert it twice
    expect(cache.size).toBe(1)
    expect([...cache.entries()]).toEqual([['a', 2]])
    expect(cache.get('b')).toBeUndefined()
    cache.clear()
    cache.set('b', 3)
    cache.set('b', 4)
    expect([...cache.entries()]).toEqual([['b', 4]])
  })

  it('grows its arrays past the initial 1024 slots and reuses freed slots', () => {
    const cache = new SieveCache<number, number>({ max: 5000 })
    for (let i = 0; i < 5000; i++) cache.set(i, i * 2)
    for (let i = 0; i < 5000; i += 2) cache.delete(i)
    for (let i = 5000; i < 7500; i++) cache.set(i, i * 2)
    expect(cache.size).toBe(5000)
    for (let i = 1; i < 5000; i += 2) expect(cache.get(i)).toBe(i * 2)
    for (let i = 5000; i < 7500; i++) expect(cache.get(i)).toBe(i * 2)
  })
})

describe('SieveCache TTL (injected clock)', () => {
  it('expires entries after ttl ms and never returns them', () => {
    const clock = new ManualClock()
    const cache = new SieveCache<string, number>({ max: 10, ttl: 100, perf: clock })
    cache.set('a', 1)
    clock.advance(100)
    expect(cache.get('a')).toBe(1)
    expect(cache.getRemainingTTL('a')).toBe(0)
    clock.advance(1)
    expect(cache.peek('a')).toBeUndefined()
    expect(cache.has('a')).toBe(false)
    expect(cache.get('a')).toBeUndefined()
    expect(cache.stats().expirations).toBe(1)
  })

  it('per-entry ttl overrides the default; 0 means never', () => {
    const clock = new ManualClock()
    const cache = new SieveCache<string, number>({ max: 10, perf: clock })
    cache.set('short', 1, { ttl: 10 })
    cache.set('forever', 2, { ttl: 0 })
    cache.set('plain', 3)
    expect(cache.getRemainingTTL('short')).toBe(10)
    expect(cache.getRemainingTTL('forever')).toBe(Number.POSITIVE_INFINITY)
    clock.advance(1_000_000)
    expect(cache.get('short')).toBeUndefined()
    expect(cache.get('forever')).toBe(2)
    expect(cache.get('plain')).toBe(3)
    expect(() => cache.set('x', 1, { ttl: -5 })).toThrow(/`ttl` must be a number ≥ 0/)
    expect(cache.has('x')).toBe(false)
  })

  it('the hand evicts an expired entry before any live one, even a visited one', () => {
    const clock = new ManualClock()
    const cache = new SieveCache<string, number>({ max: 3, perf: clock })
    cache.set('a', 1)
    cache.set('b', 2, { ttl: 5 })
    cache.set('c', 3)
    cache.get('b')
    clock.advance(10)
    cache.set('d', 4) // the hand starts at a: live and unvisited, so a goes
    expect(cache.has('a')).toBe(false)
    cache.get('c')
    cache.get('d')
    cache.set('e', 5) // hand at b: expired → evicted before the live, visited c and d
    expect([...cache.keys()]).toEqual(['e', 'd', 'c'])
    expect(cache.stats().expirations).toBe(1)
  })

  it('TTL arrays grow with the cache', () => {
    const clock = new ManualClock()
    const cache = new SieveCache<number, number>({ max: 5000, perf: clock })
    for (let i = 0; i < 3000; i++) cache.set(i, i, i % 2 ? { ttl: 10 } : undefined)
    clock.advance(11)
    expect(cache.get(2999)).toBeUndefined()
    expect(cache.get(2998)).toBe(2998)
    expect([...cache.keys()].length).toBe(1500)
  })

  it('entries() skips expired entries', () => {
    const clock = new ManualClock()
    const cache = new SieveCache<string, number>({ max: 3, ttl: 5, perf: clock })
    cache.set('a', 1)
    clock.advance(3)
    cache.set('b', 2)
    clock.advance(3)
    expect([...cache]).toEqual([['b', 2]])
    expect(cache.delete('a')).toBe(false)
    expect(cache.size).toBe(1)
  })
})

describe('SieveCache sizes', () => {
  it('evicts until the new entry fits maxSize; refuses entries over maxEntrySize', () => {
    const cache = new SieveCache<string, string>({
      maxSize: 10,
      maxEntrySize: 6,
      sizeCalculation: (v) => v.length,
    })
    cache.set('a', 'aaaa')
    cache.set('b', 'bbbb')
    expect(cache.calculatedSize).toBe(8)
    cache.set('c', 'cccccc') // needs 6: evicts a (4) → 4+6=10
    expect([...cache.keys()]).toEqual(['c', 'b'])
    expect(cache.calculatedSize).toBe(10)
    cache.set('b', 'bbbbbbb') // 7 > maxEntrySize: refused and the old b removed
    expect(cache.has('b')).toBe(false)
    expect(cache.stats().oversize).toBe(1)
    expect(cache.stats().capacity).toBe(Number.POSITIVE_INFINITY)
    expect(cache.calculatedSize).toBe(6)
  })

  it('growing an existing entry evicts others, never the entry itself', () => {
    const cache = new SieveCache<string, string>({ maxSize: 10, sizeCalculation: (v) => v.length })
    cache.set('a', 'aaa')
    cache.set('b', 'bbb')
    cache.set('a', 'aaaaaaaaa')
    expect([...cache.entries()]).toEqual([['a', 'aaaaaaaaa']])
  })

  it('a bad size is a TypeError and leaves the cache unchanged', () => {
    const cache = new SieveCache<string, number>({ maxSize: 10, sizeCalculation: (v) => v })
    cache.set('a', 2)
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => cache.set('b', bad)).toThrow(/sizeCalculation must return a positive integer/)
    }
    expect([...cache.entries()]).toEqual([['a', 2]])
  })
})

describe('SieveCache dispose', () => {
  it('reports every departure with its reason', () => {
    const clock = new ManualClock()
    const log: [unknown, unknown, SieveDisposeReason][] = []
    const cache = new SieveCache<string, number>({
      max: 2,
      perf: clock,
      dispose: (v, k, r) => log.push([v, k, r]),
    })
    cache.set('a', 1)
    cache.set('a', 1) // same value: no dispose
    cache.set('a', 2)
    cache.set('b', 3, { ttl: 1 })
    cache.set('c', 4) // a visited (overwrite) → b evicted
    cache.delete('c')
    cache.set('d', 5, { ttl: 1 })
    clock.advance(2)
    cache.get('d')
    cache.clear()
    expect(log).toEqual([
      [1, 'a', 'set'],
      [3, 'b', 'evict'],
      [4, 'c', 'delete'],
      [5, 'd', 'expire'],
      [2, 'a', 'delete'],
    ])
  })

  it('a throwing dispose does not corrupt the cache; the error reaches the caller after the operation', () => {
    const cache = new SieveCache<number, number>({
      max: 2,
      dispose: () => {
        throw new Error('boom')
      },
    })
    cache.set(1, 1)
    cache.set(2, 2)
    expect(() => cache.set(3, 3)).toThrow('boom') // 1 evicted, 3 stored anyway
    expect(cache.has(1)).toBe(false)
    expect(cache.get(3)).toBe(3)
    expect(cache.size).toBe(2)
    expect(() => cache.delete(2)).toThrow('boom')
    expect(cache.has(2)).toBe(false)
    cache.set(4, 4)
    expect([...cache.keys()]).toEqual([4, 3])
  })
})
