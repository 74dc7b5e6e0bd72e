import { ManualClock } from '@warp/core'
import { describe, expect, it } from 'vitest'
import { memoize, SieveCache } from '../src/index.js'

describe('memoize from @warp/memory', () => {
  it('caches per argument list in a SieveCache of the given max', () => {
    let calls = 0
    const square = memoize(
      (n: number) => {
        calls++
        return n * n
      },
      { max: 2 },
    )
    expect(square(3)).toBe(9)
    expect(square(3)).toBe(9)
    expect(calls).toBe(1)
    expect(square.cache).toBeInstanceOf(SieveCache)
    square(4)
    square(5)
    expect(square.cache.size).toBe(2)
    expect(square.stats().hits).toBe(1)
  })

  it('caches undefined results and keeps 1 and "1" apart', () => {
    let calls = 0
    const f = memoize((x: unknown) => {
      calls++
      return typeof x === 'number' ? undefined : x
    })
    f(1)
    f(1)
    f('1')
    expect(calls).toBe(2)
  })

  it('ttl with an injected clock, and a custom key', () => {
    const clock = new ManualClock()
    let calls = 0
    const f = memoize(
      (a: { id: number }) => {
        calls++
        return a.id
      },
      { ttl: 50, perf: clock, key: (a) => a.id },
    )
    f({ id: 1 })
    f({ id: 1 })
    expect(calls).toBe(1)
    clock.advance(51)
    f({ id: 1 })
    expect(calls).toBe(2)
  })

  it('validates max', () => {
    expect(() => memoize((x: number) => x, { max: 0 })).toThrow(TypeError)
    expect(() => memoize((x: number) => x, { max: 0 })).toThrow(/`max`/)
  })
})
