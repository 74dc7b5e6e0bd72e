import { InvalidOptionError } from '@warp/core'
import { SieveCache } from '@warp/memory'
import { describe, expect, it, vi } from 'vitest'
import { memoizeAsync } from '../src/index.js'
import { backendCases, deferred, flush, ManualClock, track } from './helpers.js'

describe.each(backendCases)('memoizeAsync over $name', (backendCase) => {
  const over = () => {
    const clock = new ManualClock()
    return { clock, backend: backendCase.create(clock) }
  }

  it('a hit resolves without calling fn; undefined and null results are hits', async () => {
    const fn = vi.fn(async (x: number) => (x === 0 ? undefined : x === 1 ? null : x * 2))
    const memo = memoizeAsync(fn, over())
    for (const x of [0, 1, 2]) {
      const first = await memo(x)
      expect(await memo(x)).toBe(first)
    }
    expect(fn).toHaveBeenCalledTimes(3)
    expect((await memo.stats()).hits).toBe(3)
    expect((await memo.stats()).loads).toBe(3)
  })

  it('concurrent calls with the same arguments share one call of fn', async () => {
    const gate = deferred<string>()
    const fn = vi.fn((_id: string) => gate.promise)
    const memo = memoizeAsync(fn, over())
    const calls = Array.from({ length: 100 }, () => memo('42'))
    await flush()
    gate.resolve('user 42')
    expect(new Set(await Promise.all(calls))).toEqual(new Set(['user 42']))
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('a rejection reaches every concurrent caller and is not cached', async () => {
    let n = 0
    const fn = vi.fn(async () => {
      if (++n === 1) throw new Error('first call fails')
      return 'ok'
    })
    const memo = memoizeAsync(fn, over())
    const both = [memo(), memo()]
    for (const p of both) await expect(p).rejects.toThrow('first call fails')
    expect(await memo()).toBe('ok')
    expect(fn).toHaveBeenCalledTimes(2)
  })

  it('passes `this` through to fn and to options.key', async () => {
    const keys: unknown[] = []
    class Repo {
      constructor(readonly prefix: string) {}
      find = memoizeAsync(
        async function (this: Repo, id: number) {
          return `${this.prefix}:${id}`
        },
        {
          ...over(),
          key(this: Repo, id: number) {
            keys.push(this)
            return `${this.prefix}/${id}`
          },
        },
      )
    }
    const a = new Repo('a')
    const b = new Repo('b')
    expect(await a.find(1)).toBe('a:1')
    expect(await b.find(1)).toBe('b:1')
    expect(keys).toEqual([a, b])
  })

  it('keys are collision-free across types, arity and separators', async () => {
    const fn = vi.fn(async (...args: unknown[]) => JSON.stringify(args.map((a) => typeof a)))
    const memo = memoizeAsync(fn, over())
    const calls: unknown[][] = [
      [1],
      ['1'],
      ['a,b'],
      ['a', 'b'],
      [],
      [undefined],
      [0],
      [-0],
      ['a', undefined],
    ]
    for (const args of calls) await memo(...args)
    expect(fn).toHaveBeenCalledTimes(calls.length)
    for (const args of calls) await memo(...args)
    expect(fn).toHaveBeenCalledTimes(calls.length)
  })

  it(`object arguments are keyed by ${backendCase.bytes ? 'content' : 'identity'}`, async () => {
    const fn = vi.fn(async (o: { id: number }) => o.id)
    const memo = memoizeAsync(fn, over())
    const o = { id: 1 }
    await memo(o)
    await memo(o)
    await memo({ id: 1 })
    await memo({ id: 2 })
    expect(fn).toHaveBeenCalledTimes(backendCase.bytes ? 2 : 3)
  })

  it('.delete(...args), .has(...args) and .clear() act on the right entries', async () => {
    const fn = vi.fn(async (a: string, b: number) => `${a}${b}`)
    const memo = memoizeAsync(fn, over())
    await memo('x', 1)
    await memo('y', 2)
    expect(await memo.has('x', 1)).toBe(true)
    expect(await memo.delete('x', 1)).toBe(true)
    expect(await memo.delete('x', 1)).toBe(false)
    expect(await memo.has('x', 1)).toBe(false)
    expect(await memo.has('y', 2)).toBe(true)
    await memo('x', 1)
    expect(fn).toHaveBeenCalledTimes(3)
    await memo.clear()
    expect(await memo.has('y', 2)).toBe(false)
    await memo('y', 2)
    expect(fn).toHaveBeenCalledTimes(4)
  })

  it('ttl and staleWhileRevalidate follow the injected clock', async () => {
    const { clock, backend } = over()
    let version = 0
    const fn = vi.fn(async (_id: string) => ++version)
    const memo = memoizeAsync(fn, { backend, clock, ttl: 1_000, staleWhileRevalidate: 1_000 })
    expect(await memo('a')).toBe(1)
    clock.advance(1_500)
    expect(await memo('a')).toBe(1) // stale, refresh starts
    await flush()
    expect(await memo('a')).toBe(2)
    clock.advance(2_000) // fully stale
    expect(await memo('a')).toBe(3)
    expect(fn).toHaveBeenCalledTimes(3)
  })

  it('.with({ signal }) lets one caller give up without cancelling the call for others', async () => {
    const gate = deferred<number>()
    const fn = vi.fn((_x: number) => gate.promise)
    const memo = memoizeAsync(fn, over())
    const controller = new AbortController()
    const leaving = track(memo.with({ signal: controller.signal })(1))
    const staying = track(memo(1))
    await flush()
    const reason = new Error('bye')
    controller.abort(reason)
    await flush()
    expect(leaving.error).toBe(reason)
    gate.resolve(10)
    await flush()
    expect(staying.value).toBe(10)
    expect(fn).toHaveBeenCalledTimes(1)
    expect(await memo(1)).toBe(10)
  })

  it('wraps a synchronous fn too, turning its result and throws into Promises', async () => {
    const memo = memoizeAsync((x: number) => {
      if (x < 0) throw new RangeError('negative')
      return x + 1
    }, over())
    expect(await memo(1)).toBe(2)
    await expect(memo(-1)).rejects.toThrow(RangeError)
  })

  it('keeps the name and length of fn', () => {
    async function loadUser(_id: string, _opts?: object) {
      return 1
    }
    const memo = memoizeAsync(loadUser, over())
    expect(memo.name).toBe('loadUser')
    expect(memo.length).toBe(2)
  })
})

describe('memoizeAsync input checks', () => {
  it('throws TypeError for a non-function fn or key', () => {
    expect(() => memoizeAsync(42 as never)).toThrow(TypeError)
    expect(() => memoizeAsync(async () => 1, { key: 'x' as never })).toThrow(TypeError)
  })

  it('throws InvalidOptionError E_INVALID_OPTION for a bad or misspelled option', () => {
    const bad = [
      { ttl: -1 },
      { max: 0 },
      { timeout: 2 ** 31 },
      { staleWhileRevalidate: Number.NaN },
      { kye: () => 1 },
    ]
    for (const options of bad) {
      expect(() => memoizeAsync(async () => 1, options)).toThrow(
        expect.objectContaining({ code: 'E_INVALID_OPTION' }),
      )
    }
    expect(() => memoizeAsync(async () => 1, { ttl: -1 })).toThrow(InvalidOptionError)
    expect(() => memoizeAsync(async () => 1, { kye: () => 1 } as never)).toThrow(
      /unknown option "kye" — did you mean "key"\?/,
    )
  })

  it('uses a SieveCache of options.max entries by default', async () => {
    const memo = memoizeAsync(async (x: number) => x, { max: 2 })
    await memo(1)
    await memo(2)
    await memo(3)
    expect(memo.cache.backend).toBeInstanceOf(SieveCache)
    expect((await memo.stats()).backend.capacity).toBe(2)
    expect((await memo.stats()).backend.size).toBe(2)
  })
})
