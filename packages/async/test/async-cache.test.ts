import { CacheError, isCacheError } from '@warp/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createAsyncCache, type LoaderContext } from '../src/index.js'
import { backendCases, deferred, flush, ManualClock, track } from './helpers.js'

afterEach(() => {
  vi.useRealTimers()
})

describe.each(backendCases)('createAsyncCache over $name', (backendCase) => {
  const setup = (options: Parameters<typeof createAsyncCache<string, unknown>>[0] = {}) => {
    const clock = new ManualClock()
    const backend = backendCase.create(clock)
    const cache = createAsyncCache<string, unknown>({ backend, clock, ...options })
    return { clock, backend, cache }
  }

  describe('coalescing', () => {
    it('runs the loader once for 100 concurrent callers of a key; all get its value', async () => {
      const { cache } = setup()
      const gate = deferred<string>()
      const loader = vi.fn(() => gate.promise)
      const waiters = Array.from({ length: 100 }, () => cache.getOrLoad('k', loader))
      await flush()
      gate.resolve('value')
      expect(await Promise.all(waiters)).toEqual(Array(100).fill('value'))
      expect(loader).toHaveBeenCalledTimes(1)
      expect(loader).toHaveBeenCalledWith(
        'k',
        expect.objectContaining({ signal: expect.any(AbortSignal) }),
      )
      const stats = await cache.stats()
      expect(stats.loads).toBe(1)
      expect(stats.misses).toBe(100)
      expect(stats.coalesced).toBe(99)
      expect(stats.inFlight).toBe(0)
    })

    it('loads different keys independently', async () => {
      const { cache } = setup()
      const loader = vi.fn(async (key: string) => `v:${key}`)
      const keys = ['a', 'b', 'c', 'a', 'b', 'c', 'a']
      const values = await Promise.all(keys.map((k) => cache.getOrLoad(k, loader)))
      expect(values).toEqual(keys.map((k) => `v:${k}`))
      expect(loader).toHaveBeenCalledTimes(3)
      expect(loader.mock.calls.map((c) => c[0]).sort()).toEqual(['a', 'b', 'c'])
    })

    it('reads the backend once per key for concurrent misses, not once per caller', async () => {
      const { cache, backend } = setup()
      const get = vi.spyOn(backend, 'get')
      const claims = (backend as { claims?: { read(key: unknown): unknown } }).claims
      const read = claims === undefined ? undefined : vi.spyOn(claims, 'read')
      const loader = vi.fn(async (key: string) => key)
      const calls = Array.from({ length: 100 }, (_, i) =>
        cache.getOrLoad(i % 2 ? 'odd' : 'even', loader),
      )
      await Promise.all(calls)
      expect(loader).toHaveBeenCalledTimes(2)
      if (backendCase.mode === 'async') expect(get).toHaveBeenCalledTimes(2)
      // A sync read costs no round trip. With load claims, each load re-reads
      // once after claiming (another process may have just published the key),
      // through claims.read, which never takes a busy table for a miss.
      else expect(get).toHaveBeenCalledTimes(100)
      if (read !== undefined) expect(read).toHaveBeenCalledTimes(2)
    })

    it('a caller arriving while a miss is loading joins the load without another read', async () => {
      const { cache, backend } = setup()
      const get = vi.spyOn(backend, 'get')
      const gate = deferred<string>()
      const loader = vi.fn(() => gate.promise)
      const first = cache.getOrLoad('k', loader)
      await flush()
      const readsSoFar = get.mock.calls.length
      const second = cache.getOrLoad('k', loader)
      await flush()
      if (backendCase.mode === 'async') expect(get).toHaveBeenCalledTimes(readsSoFar)
      gate.resolve('v')
      expect(await Promise.all([first, second])).toEqual(['v', 'v'])
      expect(loader).toHaveBeenCalledTimes(1)
    })

    it('two caches never share a load (the coalescer is per instance)', async () => {
      const a = setup().cache
      const b = setup().cache
      const loader = vi.fn(async () => 1)
      await Promise.all([a.getOrLoad('k', loader), b.getOrLoad('k', loader)])
      expect(loader).toHaveBeenCalledTimes(2)
    })
  })

  describe('hits', () => {
    it('answers a later call from the cache without calling the loader', async () => {
      const { cache } = setup()
      const loader = vi.fn(async () => ({ id: 1 }))
      const first = await cache.getOrLoad('k', loader)
      const second = await cache.getOrLoad('k', loader)
      expect(loader).toHaveBeenCalledTimes(1)
      if (!backendCase.bytes)
        expect(second).toBe(first) // stored by reference
      else expect(second).toEqual(first)
      expect((await cache.stats()).hits).toBe(1)
    })

    it.each([undefined, null])('caches %s as a hit', async (value) => {
      const { cache } = setup()
      const loader = vi.fn(async () => value)
      expect(await cache.getOrLoad('k', loader)).toBe(value)
      expect(await cache.getOrLoad('k', loader)).toBe(value)
      expect(loader).toHaveBeenCalledTimes(1)
      expect(await cache.has('k')).toBe(true)
      expect(await cache.has('other')).toBe(false)
    })

    it('reloads after ttl (no stale window)', async () => {
      const { cache, clock } = setup({ ttl: 1000 })
      let n = 0
      const loader = vi.fn(async () => ++n)
      expect(await cache.getOrLoad('k', loader)).toBe(1)
      clock.advance(999)
      expect(await cache.getOrLoad('k', loader)).toBe(1)
      clock.advance(1)
      expect(await cache.getOrLoad('k', loader)).toBe(2)
      expect(loader).toHaveBeenCalledTimes(2)
    })

    it('a per-call ttl applies to the value that call loads', async () => {
      const { cache, clock } = setup({ ttl: 10_000 })
      let n = 0
      const loader = async () => ++n
      await cache.getOrLoad('k', loader, { ttl: 100 })
      clock.advance(100)
      expect(await cache.getOrLoad('k', loader)).toBe(2)
      clock.advance(9_999)
      expect(await cache.getOrLoad('k', loader)).toBe(2)
    })

    it('get/set/has/delete/clear work on the same entries', async () => {
      const { cache, clock } = setup({ ttl: 1000 })
      await cache.set('a', 'A')
      expect(await cache.get('a')).toBe('A')
      expect(await cache.getOrLoad('a', async () => 'loaded')).toBe('A')
      clock.advance(1000)
      expect(await cache.get('a')).toBeUndefined()
      await cache.set('b', 'B', { ttl: 0 })
      clock.advance(1e9)
      expect(await cache.get('b')).toBe('B')
      expect(await cache.delete('b')).toBe(true)
      expect(await cache.has('b')).toBe(false)
      await cache.set('c', 'C')
      await cache.clear()
      expect(await cache.get('c')).toBeUndefined()
    })

    it('forceRefresh skips a fresh value and loads', async () => {
      const { cache } = setup()
      let n = 0
      const loader = async () => ++n
      await cache.getOrLoad('k', loader)
      expect(await cache.getOrLoad('k', loader, { forceRefresh: true })).toBe(2)
      expect(await cache.getOrLoad('k', loader)).toBe(2)
    })

    it('set() during a load wins: the load result does not overwrite it', async () => {
      const { cache } = setup()
      const gate = deferred<string>()
      const pending = cache.getOrLoad('k', () => gate.promise)
      await flush()
      await cache.set('k', 'explicit')
      gate.resolve('loaded')
      expect(await pending).toBe('loaded')
      expect(await cache.get('k')).toBe('explicit')
    })

    it('delete() during a load keeps the stale result out of the cache', async () => {
      const { cache } = setup()
      const gate = deferred<string>()
      const pending = cache.getOrLoad('k', () => gate.promise)
      await flush()
      await cache.delete('k')
      gate.resolve('old')
      expect(await pending).toBe('old')
      expect(await cache.has('k')).toBe(false)
    })
  })

  describe('errors', () => {
    it('gives a rejection to every waiter of the load and does not cache it', async () => {
      const { cache } = setup()
      const gate = deferred<string>()
      const loader = vi.fn(() => gate.promise)
      const waiters = Array.from({ length: 10 }, () => cache.getOrLoad('k', loader))
      await flush()
      const boom = new Error('db down')
      gate.reject(boom)
      for (const w of waiters) await expect(w).rejects.toBe(boom)
      expect(loader).toHaveBeenCalledTimes(1)
      expect(await cache.getOrLoad('k', async () => 'ok')).toBe('ok')
      expect((await cache.stats()).loadErrors).toBe(1)
    })

    it('a loader that throws synchronously rejects its waiters', async () => {
      const { cache } = setup()
      await expect(
        cache.getOrLoad('k', () => {
          throw new Error('sync')
        }),
      ).rejects.toThrow('sync')
    })

    it('negative caching replays a rejection for negativeTtl, then loads again', async () => {
      const { cache, clock } = setup({ ttl: 60_000, negativeTtl: 5_000 })
      let n = 0
      const loader = vi.fn(async () => {
        n++
        if (n === 1) throw new Error('not found')
        return 'found'
      })
      await expect(cache.getOrLoad('k', loader)).rejects.toThrow('not found')
      clock.advance(4_999)
      await expect(cache.getOrLoad('k', loader)).rejects.toThrow('not found')
      expect(loader).toHaveBeenCalledTimes(1)
      expect((await cache.stats()).negativeHits).toBe(1)
      expect(await cache.get('k')).toBeUndefined()
      clock.advance(1)
      expect(await cache.getOrLoad('k', loader)).toBe('found')
      expect(loader).toHaveBeenCalledTimes(2)
    })

    it('a replayed error keeps its name, message and code', async () => {
      const { cache } = setup({ negativeTtl: 5_000 })
      const original = Object.assign(new TypeError('no such user'), { code: 'E_NOT_FOUND' })
      await expect(cache.getOrLoad('k', () => Promise.reject(original))).rejects.toBe(original)
      const replayed = await cache
        .getOrLoad('k', async () => 'loaded')
        .catch((error: unknown) => error)
      if (backendCase.bytes) {
        expect(replayed).toBeInstanceOf(Error)
        expect(replayed).toMatchObject({
          name: 'TypeError',
          message: 'no such user',
          code: 'E_NOT_FOUND',
        })
      } else {
        expect(replayed).toBe(original)
      }
    })

    it('cacheErrorIf chooses which rejections are cached', async () => {
      const { cache } = setup({
        negativeTtl: 5_000,
        cacheErrorIf: (error) => (error as Error).message === 'permanent',
      })
      const transient = vi.fn(async () => {
        throw new Error('transient')
      })
      await expect(cache.getOrLoad('a', transient)).rejects.toThrow('transient')
      await expect(cache.getOrLoad('a', transient)).rejects.toThrow('transient')
      expect(transient).toHaveBeenCalledTimes(2)
      const permanent = vi.fn(async () => {
        throw new Error('permanent')
      })
      await expect(cache.getOrLoad('b', permanent)).rejects.toThrow('permanent')
      await expect(cache.getOrLoad('b', permanent)).rejects.toThrow('permanent')
      expect(permanent).toHaveBeenCalledTimes(1)
    })
  })

  describe('backend failures', () => {
    const failure = (error: Error) =>
      backendCase.mode === 'sync'
        ? () => {
            throw error
          }
        : () => Promise.reject(error)

    it('a failed read is a miss: the loader runs and onError hears of it', async () => {
      const onError = vi.fn()
      const { cache, backend } = setup({ onError })
      const broken = new Error('read failed')
      vi.spyOn(backend, 'get').mockImplementationOnce(failure(broken) as never)
      expect(await cache.getOrLoad('k', async () => 'loaded')).toBe('loaded')
      expect(onError).toHaveBeenCalledWith(broken, { key: 'k', during: 'read' })
      expect((await cache.stats()).readErrors).toBe(1)
      expect(await cache.get('k')).toBe('loaded')
    })

    it('a failed write still gives every waiter the value', async () => {
      const onError = vi.fn()
      const { cache, backend } = setup({ onError })
      const full = new Error('write failed')
      vi.spyOn(backend, 'set').mockImplementation(failure(full) as never)
      const loader = vi.fn(async () => 'v')
      expect(
        await Promise.all([cache.getOrLoad('k', loader), cache.getOrLoad('k', loader)]),
      ).toEqual(['v', 'v'])
      expect(onError).toHaveBeenCalledWith(full, { key: 'k', during: 'write' })
      expect((await cache.stats()).writeErrors).toBe(1)
      expect(await cache.has('k')).toBe(false)
    })
  })

  describe('stale-while-revalidate', () => {
    it('serves the stale value at once and runs exactly one background refresh', async () => {
      const { cache, clock } = setup({ ttl: 1_000, staleWhileRevalidate: 500 })
      await cache.getOrLoad('k', async () => 'v1')
      clock.advance(1_200)
      const gate = deferred<string>()
      const refresh = vi.fn((_key: string, _ctx: LoaderContext) => gate.promise)
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => cache.getOrLoad('k', refresh)),
      )
      expect(answers).toEqual(Array(20).fill('v1'))
      await flush()
      expect(refresh).toHaveBeenCalledTimes(1)
      expect(refresh.mock.calls[0]![1].signal.aborted).toBe(false)
      gate.resolve('v2')
      await flush()
      const later = vi.fn(async () => 'v3')
      expect(await cache.getOrLoad('k', later)).toBe('v2')
      expect(later).not.toHaveBeenCalled()
      const stats = await cache.stats()
      expect(stats.staleHits).toBe(20)
      expect(stats.refreshes).toBe(1)
    })

    it('keeps the stale value when a refresh fails, until it is fully stale', async () => {
      const onError = vi.fn()
      const { cache, clock } = setup({ ttl: 1_000, staleWhileRevalidate: 500, onError })
      await cache.getOrLoad('k', async () => 'v1')
      clock.advance(1_100)
      const failing = vi.fn(async () => {
        throw new Error('refresh failed')
      })
      expect(await cache.getOrLoad('k', failing)).toBe('v1')
      await flush()
      expect(failing).toHaveBeenCalledTimes(1)
      expect(onError).toHaveBeenCalledWith(expect.any(Error), { key: 'k', during: 'refresh' })
      expect((await cache.stats()).refreshErrors).toBe(1)
      clock.advance(300)
      expect(await cache.getOrLoad('k', failing)).toBe('v1')
      await flush()
      expect(failing).toHaveBeenCalledTimes(2)
      clock.advance(100) // now 1_500 after the load: fully stale
      await expect(cache.getOrLoad('k', failing)).rejects.toThrow('refresh failed')
      expect(await cache.getOrLoad('k', async () => 'v2')).toBe('v2')
    })

    it('a miss arriving while a refresh runs joins it instead of loading again', async () => {
      const { cache, clock } = setup({ ttl: 1_000, staleWhileRevalidate: 500 })
      await cache.getOrLoad('k', async () => 'v1')
      clock.advance(1_100)
      const gate = deferred<string>()
      const loader = vi.fn(() => gate.promise)
      expect(await cache.getOrLoad('k', loader)).toBe('v1')
      await flush()
      clock.advance(500) // fully stale now, refresh still running
      const waiting = track(cache.getOrLoad('k', loader, { forceRefresh: true }))
      await flush()
      expect(waiting.settled).toBe(false)
      gate.resolve('v2')
      await flush()
      expect(waiting.value).toBe('v2')
      expect(loader).toHaveBeenCalledTimes(1)
    })
  })

  describe('timeouts', () => {
    it('a waiter rejects with E_TIMEOUT; the load goes on and its result is cached', async () => {
      vi.useFakeTimers()
      const { cache } = setup({ timeout: 100 })
      const gate = deferred<string>()
      const loader = vi.fn(() => gate.promise)
      const waiter = track(cache.getOrLoad('k', loader))
      const patient = track(cache.getOrLoad('k', loader, { timeout: 0 }))
      await vi.advanceTimersByTimeAsync(99)
      expect(waiter.settled).toBe(false)
      await vi.advanceTimersByTimeAsync(1)
      expect(isCacheError(waiter.error, 'E_TIMEOUT')).toBe(true)
      expect(waiter.error).toBeInstanceOf(CacheError)
      expect(patient.settled).toBe(false)
      gate.resolve('late')
      await vi.advanceTimersByTimeAsync(0)
      expect(patient.value).toBe('late')
      expect(await cache.getOrLoad('k', async () => 'reloaded')).toBe('late')
      expect(loader).toHaveBeenCalledTimes(1)
      expect((await cache.stats()).timeouts).toBe(1)
    })

    it('a waiter that times out gets the stale value it skipped, if there is one', async () => {
      vi.useFakeTimers()
      const { cache } = setup({ timeout: 50 })
      await cache.getOrLoad('k', async () => 'old')
      const gate = deferred<string>()
      const waiter = track(cache.getOrLoad('k', () => gate.promise, { forceRefresh: true }))
      await vi.advanceTimersByTimeAsync(50)
      expect(waiter.value).toBe('old')
      gate.resolve('new')
      await vi.advanceTimersByTimeAsync(0)
      expect(await cache.get('k')).toBe('new')
    })

    it('settling before the timeout clears the timer', async () => {
      vi.useFakeTimers()
      const { cache } = setup({ timeout: 1_000 })
      expect(await cache.getOrLoad('k', async () => 1)).toBe(1)
      expect(vi.getTimerCount()).toBe(0)
    })
  })

  describe('abort', () => {
    it("aborting one waiter rejects only it, with the signal's reason", async () => {
      const { cache } = setup()
      const gate = deferred<string>()
      let loaderSignal: AbortSignal | undefined
      const loader = (_key: string, { signal }: LoaderContext) => {
        loaderSignal = signal
        return gate.promise
      }
      const leaving = new AbortController()
      const staying = new AbortController()
      const a = track(cache.getOrLoad('k', loader, { signal: leaving.signal }))
      const b = track(cache.getOrLoad('k', loader, { signal: staying.signal }))
      const c = track(cache.getOrLoad('k', loader))
      await flush()
      const reason = new Error('user navigated away')
      leaving.abort(reason)
      await flush()
      expect(a.error).toBe(reason)
      expect(b.settled).toBe(false)
      expect(c.settled).toBe(false)
      expect(loaderSignal!.aborted).toBe(false)
      gate.resolve('done')
      await flush()
      expect(b.value).toBe('done')
      expect(c.value).toBe('done')
      expect(await cache.get('k')).toBe('done')
    })

    it("aborts the loader's signal only when every waiter has aborted; nothing is cached", async () => {
      const { cache } = setup()
      const signals: AbortSignal[] = []
      const loader = vi.fn((_key: string, { signal }: LoaderContext) => {
        signals.push(signal)
        return new Promise<string>((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason))
        })
      })
      const controllers = Array.from({ length: 5 }, () => new AbortController())
      const waiters = controllers.map((c) =>
        track(cache.getOrLoad('k', loader, { signal: c.signal })),
      )
      await flush()
      for (const c of controllers.slice(0, 4)) c.abort()
      await flush()
      expect(signals).toHaveLength(1)
      expect(signals[0]!.aborted).toBe(false)
      const last = new Error('last waiter gone')
      controllers[4]!.abort(last)
      await flush()
      expect(signals[0]!.aborted).toBe(true)
      expect(signals[0]!.reason).toBe(last)
      expect(waiters.every((w) => w.settled)).toBe(true)
      expect(waiters[4]!.error).toBe(last)
      expect(await cache.has('k')).toBe(false)
      const next = vi.fn(async () => 'fresh')
      expect(await cache.getOrLoad('k', next)).toBe('fresh')
      expect(next).toHaveBeenCalledTimes(1)
    })

    it('an already-aborted signal rejects at once with its reason', async () => {
      const { cache } = setup()
      const reason = new Error('too late')
      const loader = vi.fn(async () => 1)
      await expect(
        cache.getOrLoad('k', loader, { signal: AbortSignal.abort(reason) }),
      ).rejects.toBe(reason)
      await flush()
      expect(loader).not.toHaveBeenCalled()
    })

    it('a hit ignores the signal: the value is there', async () => {
      const { cache } = setup()
      await cache.set('k', 'cached')
      const controller = new AbortController()
      const p = cache.getOrLoad('k', async () => 'loaded', { signal: controller.signal })
      controller.abort()
      if (backendCase.mode === 'sync') expect(await p).toBe('cached')
      else await expect(p).rejects.toBeDefined()
    })
  })
})
