import { CacheError } from '@warp/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Coalescer, createAsyncCache } from '../src/index.js'
import { flush } from './helpers.js'

// The limit runs on setTimeout; fake timers move it without sleeping.
afterEach(() => {
  vi.useRealTimers()
})

const never = <T>(): Promise<T> => new Promise<T>(() => {})

describe('load life limit', () => {
  it('aborts a never-settling load after loadLimit, rejects its waiters and frees the key', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const coalescer = new Coalescer<string, number>({ loadLimit: 1_000 })
    const signals: AbortSignal[] = []
    const first = coalescer.run('k', ({ signal }) => {
      signals.push(signal)
      return never<number>()
    })
    const outcome = first.then(
      () => 'resolved',
      (error: unknown) => error,
    )
    await flush()
    vi.advanceTimersByTime(999)
    expect(coalescer.has('k')).toBe(true)
    expect(signals[0]?.aborted).toBe(false)
    vi.advanceTimersByTime(1)
    const error = await outcome
    expect(error).toBeInstanceOf(CacheError)
    expect((error as CacheError).code).toBe('E_TIMEOUT')
    expect(signals[0]?.aborted).toBe(true)
    expect(signals[0]?.reason).toBe(error)
    expect(coalescer.has('k')).toBe(false)
    // The key loads again, with a fresh signal.
    const second = coalescer.run('k', ({ signal }) => {
      signals.push(signal)
      return 2
    })
    expect(await second).toBe(2)
    expect(signals).toHaveLength(2)
    expect(signals[1]?.aborted).toBe(false)
  })

  it('a load that settles in time is not aborted later', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const coalescer = new Coalescer<string, number>({ loadLimit: 100 })
    let seen: AbortSignal | undefined
    expect(
      await coalescer.run('k', ({ signal }) => {
        seen = signal
        return 1
      }),
    ).toBe(1)
    vi.advanceTimersByTime(1_000)
    expect(seen?.aborted).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('getOrLoad with timeout: past the derived limit (10 × timeout) the key loads again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const cache = createAsyncCache<string, number>({ timeout: 100 })
    const signals: AbortSignal[] = []
    let calls = 0
    const hung = cache
      .getOrLoad('k', (_key, { signal }) => {
        calls++
        signals.push(signal)
        return never<number>()
      })
      .catch((error: unknown) => error)
    await flush()
    vi.advanceTimersByTime(100)
    expect(((await hung) as CacheError).code).toBe('E_TIMEOUT')
    // Within the limit a new caller joins the hung load rather than starting one.
    const joined = cache.getOrLoad('k', () => 5).catch((error: unknown) => error)
    await flush()
    expect(calls).toBe(1)
    vi.advanceTimersByTime(900)
    await joined
    expect(signals[0]?.aborted).toBe(true)
    expect(await cache.getOrLoad('k', () => 5)).toBe(5)
    expect(await cache.get('k')).toBe(5)
  })

  it('refuses a bad loadLimit with the option name', () => {
    expect(() => createAsyncCache({ loadLimit: 0 })).toThrow(/loadLimit/)
    expect(() => createAsyncCache({ loadLimit: -1 })).toThrow(/loadLimit/)
    expect(() => new Coalescer({ loadLimit: -5 })).toThrow(/loadLimit/)
  })
})

describe('aborting waiters', () => {
  /** Aborts every other one of `n` waiters on one key; returns the ms the aborts took. */
  async function abortHalf(n: number): Promise<{ ms: number; values: number }> {
    const coalescer = new Coalescer<string, number>()
    let release!: (value: number) => void
    const gate = new Promise<number>((resolve) => {
      release = resolve
    })
    const controllers: AbortController[] = []
    const waiters: Promise<number>[] = []
    const reason = new Error('gone')
    for (let i = 0; i < n; i++) {
      const controller = new AbortController()
      controllers.push(controller)
      waiters.push(coalescer.run('k', () => gate, { signal: controller.signal }).catch(() => -1))
    }
    const start = performance.now()
    for (let i = 0; i < n; i += 2) controllers[i]!.abort(reason)
    const ms = performance.now() - start
    release(1)
    const results = await Promise.all(waiters)
    for (let i = 0; i < n; i++) expect(results[i]).toBe(i % 2 === 0 ? -1 : 1)
    return { ms, values: results.filter((v) => v === 1).length }
  }

  it.skip('100,000 waiters, half aborted: total abort time grows linearly — skipped: a timing ratio that a loaded CI machine fails; O(1) abort is the linked-list unlink in coalescer.ts', async () => {
    await abortHalf(10_000) // warm-up
    const small = await abortHalf(10_000)
    const large = await abortHalf(100_000)
    expect(small.values).toBe(5_000)
    expect(large.values).toBe(50_000)
    const ratio = large.ms / Math.max(small.ms, 1)
    console.log(
      `abort half: 10k ${small.ms.toFixed(1)} ms, 100k ${large.ms.toFixed(1)} ms, ratio ${ratio.toFixed(1)}`,
    )
    // Linear is ~10; a scan per abort would be ~100. Generous for a loaded box and GC.
    expect(ratio).toBeLessThan(40)
  }, 120_000)
})
