import { describe, expect, it } from 'vitest'
import { LRUCache } from '../src/index.js'

// Behaviour that is warp's own (SIEVE order) or that lru-cache does not define
// (a throwing dispose); everything shared with lru-cache is in lru-differential.

describe('LRUCache uses SIEVE order where lru-cache uses recency', () => {
  it('reads do not reorder; iteration is newest-inserted first, r* oldest first', () => {
    const cache = new LRUCache<string, number>({ max: 10 })
    cache.set('a', 1).set('b', 2).set('c', 3)
    cache.get('a')
    expect([...cache.keys()]).toEqual(['c', 'b', 'a'])
    expect([...cache.rkeys()]).toEqual(['a', 'b', 'c'])
    expect(cache.dump().map(([k]) => k)).toEqual(['a', 'b', 'c'])
  })

  it('evicts the first unvisited entry from the oldest end, and pop() takes the same one', () => {
    const cache = new LRUCache<string, number>({ max: 3 })
    cache.set('a', 1).set('b', 2).set('c', 3)
    cache.get('a')
    cache.set('d', 4) // a visited → spared; b evicted
    expect(cache.has('b')).toBe(false)
    expect(cache.pop()).toBe(3) // hand at c, unvisited
    expect(cache.pop()).toBe(4) // a's bit was cleared, but the hand is at d (newer than c)
    expect(cache.pop()).toBe(1)
    expect(cache.pop()).toBeUndefined()
  })

  it('set on an existing key keeps its place and counts as a visit', () => {
    const cache = new LRUCache<string, number>({ max: 2 })
    cache.set('a', 1).set('b', 2).set('a', 3).set('c', 4)
    expect([...cache.entries()]).toEqual([
      ['c', 4],
      ['a', 3],
    ])
  })

  it('size eviction never takes the entry being stored', () => {
    const cache = new LRUCache<string, string>({ maxSize: 10, sizeCalculation: (v) => v.length })
    cache.set('a', 'aaa').set('b', 'bbb')
    cache.get('a')
    cache.set('a', 'aaaaaaaaa')
    expect([...cache.entries()]).toEqual([['a', 'aaaaaaaaa']])
    expect(cache.calculatedSize).toBe(9)
  })

  it('grows past 1024 slots and works unbounded by count (maxSize only)', () => {
    const cache = new LRUCache<number, number>({ maxSize: 5000, sizeCalculation: () => 1 })
    for (let i = 0; i < 6000; i++) cache.set(i, i)
    expect(cache.size).toBe(5000)
    expect(cache.max).toBe(0)
    let found = 0
    for (let i = 0; i < 6000; i++) if (cache.get(i) === i) found++
    expect(found).toBe(5000)
  })
})

describe('a throwing dispose does not corrupt the cache', () => {
  const boom = () => {
    throw new Error('boom')
  }

  it('eviction: the entry is gone, the new one stored, then the error is thrown', () => {
    const cache = new LRUCache<number, number>({ max: 2, dispose: boom })
    cache.set(1, 1).set(2, 2)
    expect(() => cache.set(3, 3)).toThrow('boom')
    expect(cache.size).toBe(2)
    expect(cache.has(1)).toBe(false)
    expect(cache.get(3)).toBe(3)
    cache.set(3, 3) // same value: no dispose
    expect([...cache.keys()]).toEqual([3, 2])
  })

  it('replace, delete and clear complete before the error surfaces', () => {
    const cache = new LRUCache<string, number>({ max: 5, dispose: boom, disposeAfter: boom })
    cache.set('a', 1)
    expect(() => cache.set('a', 2)).toThrow('boom')
    expect(cache.get('a')).toBe(2)
    cache.set('b', 3)
    expect(() => cache.delete('a')).toThrow('boom')
    expect([...cache.keys()]).toEqual(['b'])
    cache.set('c', 4)
    expect(() => cache.clear()).toThrow('boom')
    expect(cache.size).toBe(0)
    cache.set('d', 5)
    expect(cache.get('d')).toBe(5)
  })
})

describe('shape', () => {
  it('toStringTag and instance checks', () => {
    const cache = new LRUCache({ max: 1 })
    expect(Object.prototype.toString.call(cache)).toBe('[object LRUCache]')
    expect(cache[Symbol.toStringTag]).toBe('LRUCache')
  })
})
