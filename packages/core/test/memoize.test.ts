import { describe, expect, it, vi } from 'vitest'
import { CacheError, InvalidOptionError, memoize } from '../src/index.js'
import { ReferenceBackend } from '../src/testing/index.js'

const backend = <V = unknown>() =>
  new ReferenceBackend<unknown, V, 'sync'>({ mode: 'sync', max: 10_000 })

describe('memoize', () => {
  it('computes each distinct argument once', () => {
    const square = vi.fn((n: number) => n * n)
    const fast = memoize(square, { backend: backend() })
    expect([fast(3), fast(3), fast(4), fast(3)]).toEqual([9, 9, 16, 9])
    expect(square).toHaveBeenCalledTimes(2)
  })

  it('caches undefined and null results: the function runs once', () => {
    const returnsUndefined = vi.fn((_k: string) => undefined)
    const returnsNull = vi.fn((_k: string) => null)
    const u = memoize(returnsUndefined, { backend: backend() })
    const n = memoize(returnsNull, { backend: backend() })
    for (let i = 0; i < 3; i++) {
      expect(u('a')).toBeUndefined()
      expect(n('a')).toBeNull()
    }
    expect(returnsUndefined).toHaveBeenCalledTimes(1)
    expect(returnsNull).toHaveBeenCalledTimes(1)
  })

  it('does not cache a thrown error: it propagates and the next call runs again', () => {
    let calls = 0
    const flaky = memoize(
      (x: number) => {
        calls++
        if (calls === 1) throw new Error('boom')
        return x * 2
      },
      { backend: backend() },
    )
    expect(() => flaky(1)).toThrow('boom')
    expect(flaky(1)).toBe(2)
    expect(flaky(1)).toBe(2)
    expect(calls).toBe(2)
  })

  it('supports recursion: fib(90) is right with 91 calls', () => {
    let calls = 0
    const fib: (n: number) => number = memoize(
      (n: number): number => {
        calls++
        return n < 2 ? n : fib(n - 1) + fib(n - 2)
      },
      { backend: backend() },
    )
    expect(fib(90)).toBe(2880067194370816000)
    expect(calls).toBe(91)
  })

  it('passes `this` through and keeps name and length', () => {
    const obj = {
      factor: 3,
      scale: memoize(
        function scale(this: { factor: number }, a: number, b: number) {
          return (a + b) * this.factor
        },
        { backend: backend() },
      ),
    }
    expect(obj.scale(1, 2)).toBe(9)
    expect(obj.scale.name).toBe('scale')
    expect(obj.scale.length).toBe(2)
  })

  it('carries cache, stats, clear, delete and has', () => {
    const inner = vi.fn((a: string, b: number) => `${a}${b}`)
    const f = memoize(inner, { backend: backend() })
    f('x', 1)
    f('x', 1)
    f('y', 2)
    expect(f.has('x', 1)).toBe(true)
    expect(f.has('x', 2)).toBe(false)
    expect(f.stats()).toMatchObject({ hits: 1, misses: 2, sets: 2, size: 2 })
    expect(f.cache.size).toBe(2)
    expect(f.delete('x', 1)).toBe(true)
    expect(f.delete('x', 1)).toBe(false)
    f('x', 1)
    expect(inner).toHaveBeenCalledTimes(3)
    f.clear()
    expect(f.cache.size).toBe(0)
  })

  it('uses a custom key function, with `this`, instead of the built-in keys', () => {
    const inner = vi.fn((user: { id: number; name: string }) => user.name.toUpperCase())
    const f = memoize(inner, { backend: backend(), key: (user) => user.id })
    expect(f({ id: 1, name: 'ada' })).toBe('ADA')
    expect(f({ id: 1, name: 'someone else' })).toBe('ADA')
    expect(inner).toHaveBeenCalledTimes(1)
    expect(f.has({ id: 1, name: '' })).toBe(true)
    expect(f.cache.has(1)).toBe(true)
  })

  it('handles zero and many arguments', () => {
    const inner = vi.fn((...xs: number[]) => xs.reduce((a, b) => a + b, 0))
    const f = memoize(inner, { backend: backend() })
    expect(f()).toBe(0)
    expect(f()).toBe(0)
    expect(f(1, 2, 3, 4)).toBe(10)
    expect(f(1, 2, 3, 4)).toBe(10)
    expect(inner).toHaveBeenCalledTimes(2)
  })

  it('rejects bad arguments with InvalidOptionErrors that say what is expected', () => {
    expect(() => memoize(42 as never, { backend: backend() })).toThrow(TypeError)
    expect(() => memoize(() => 1, {} as never)).toThrow(/option "backend" is required/)
    const asyncBackend = new ReferenceBackend({ mode: 'async', max: 10 })
    expect(() => memoize(() => 1, { backend: asyncBackend as never })).toThrow(/memoizeAsync/)
    expect(() => memoize(() => 1, { backend: backend(), key: 'id' as never })).toThrow(
      /option "key" must be a function/,
    )
    expect(() => memoize(() => 1, { backend: backend(), kye: () => 1 } as never)).toThrow(
      /unknown option "kye" — did you mean "key"\?/,
    )
    for (const bad of [
      () => memoize(() => 1, {} as never),
      () => memoize(() => 1, { backend: backend(), key: 1 } as never),
    ]) {
      expect(bad).toThrow(InvalidOptionError)
    }
  })

  it('says so when handed a Promise of a backend (a forgotten await)', () => {
    const pending = Promise.resolve(backend())
    expect(() => memoize(() => 1, { backend: pending as never })).toThrow(
      /options.backend is a Promise; await it first/,
    )
  })

  it('never serves a rejected Promise: two failing calls run the function twice', async () => {
    let calls = 0
    const failing = memoize(
      async (id: number) => {
        calls++
        throw new Error(`no ${id}`)
      },
      { backend: backend() },
    )
    await expect(failing(1)).rejects.toThrow('no 1')
    await expect(failing(1)).rejects.toThrow('no 1')
    expect(calls).toBe(2)
    expect(failing.has(1)).toBe(false)
  })

  it('shares a pending Promise between concurrent callers and keeps it once fulfilled', async () => {
    let calls = 0
    const load = memoize(
      async (id: number) => {
        calls++
        await new Promise((resolve) => setImmediate(resolve))
        return id * 10
      },
      { backend: backend() },
    )
    const [a, b] = [load(4), load(4)]
    expect(a).toBe(b)
    expect(await a).toBe(40)
    expect(await load(4)).toBe(40)
    expect(calls).toBe(1)
  })

  it('keeps a newer entry when an older Promise for the same key rejects', async () => {
    let reject: (e: Error) => void = () => {}
    const cache = backend<Promise<number>>()
    const f = memoize(
      (_id: number) =>
        new Promise<number>((_, r) => {
          reject = r
        }),
      {
        backend: cache,
      },
    )
    const first = f(1)
    const newer = Promise.resolve(2)
    cache.set(1, newer)
    reject(new Error('late'))
    await expect(first).rejects.toThrow('late')
    await new Promise((resolve) => setImmediate(resolve))
    expect(cache.get(1)).toBe(newer)
  })

  it('refuses to put a Promise into a byte backend, pointing to memoizeAsync', () => {
    const bytes = backend<number>()
    Object.defineProperty(bytes, 'capabilities', {
      value: { ttl: true, crossProcess: false, bytesOnly: true, exactEviction: true },
    })
    const f = memoize(async () => 1, { backend: bytes as never })
    expect(() => f()).toThrow(
      /returned a Promise, which a byte backend cannot store; use memoizeAsync/,
    )
  })

  it('over a byte backend, an unencodable argument is a CacheError naming the argument', () => {
    const bytes = backend<number>()
    Object.defineProperty(bytes, 'capabilities', {
      value: { ttl: true, crossProcess: false, bytesOnly: true },
    })
    const f = memoize(
      function lookup(_a: string, _b: unknown) {
        return 1
      },
      { backend: bytes },
    )
    let error: unknown
    try {
      f('a', () => 0)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(CacheError)
    expect((error as CacheError).code).toBe('E_ENCODE')
    expect((error as CacheError).message).toMatch(/argument 2 of lookup\(\) is a function/)
  })

  it('reads through lookup() when the backend has it: one atomic step, no race with other writers', () => {
    // Another process writes between get() and has(): a get-then-has reader would
    // see "miss" then "present" and return undefined. lookup() answers in one step.
    class RacedBackend extends ReferenceBackend<unknown, string, 'sync'> {
      override get(key: unknown): string | undefined {
        const value = super.get(key)
        if (value === undefined) super.set(key, 'written by another process')
        return value
      }
    }
    const raced = new RacedBackend({ mode: 'sync', max: 100 })
    const has = vi.spyOn(raced, 'has')
    const f = memoize((k: string) => `computed ${k}`, { backend: raced })
    expect(f('a')).toBe('computed a')
    expect(has).not.toHaveBeenCalled()

    const withoutLookup = new RacedBackend({ mode: 'sync', max: 100 })
    Object.defineProperty(withoutLookup, 'lookup', { value: undefined })
    const g = memoize((k: string) => `computed ${k}`, { backend: withoutLookup })
    expect(g('a')).toBeUndefined() // the race lookup() exists to close
  })
})
