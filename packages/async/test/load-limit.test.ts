import { CacheError } from '@warp/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { waiterListWork } from '../src/coalescer.js'
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
  // Work is counted, not timed: `waiterListWork.steps` counts the list nodes that
  // removals and the final settlement visit or unlink, so the assertion holds on
  // any machine, however loaded, and an O(n) removal (a scan or an array splice per
  // abort) would count about n/4 steps per abort here instead of one.
  it('100,000 waiters, half aborted: each abort unlinks one node, the settlement visits each remaining waiter once; values and AbortErrors as before', async () => {
    const n = 100_000
    const coalescer = new Coalescer<string, number>()
    let release!: (value: number) => void
    const gate = new Promise<number>((resolve) => {
      release = resolve
    })
    const controllers: AbortController[] = []
    const waiters: Promise<number | unknown>[] = []
    for (let i = 0; i < n; i++) {
      const controller = new AbortController()
      controllers.push(controller)
      waiters.push(
        coalescer.run('k', () => gate, { signal: controller.signal }).catch((e: unknown) => e),
      )
    }
    const beforeAborts = waiterListWork.steps
    for (let i = 0; i < n; i += 2) controllers[i]!.abort()
    const abortSteps = waiterListWork.steps - beforeAborts
    release(1)
    const results = await Promise.all(waiters)
    const settleSteps = waiterListWork.steps - beforeAborts - abortSteps
    console.log(
      `abort half of ${n}: ${abortSteps} steps for ${n / 2} aborts, settle ${settleSteps}`,
    )
    expect(abortSteps).toBeLessThanOrEqual(n / 2)
    expect(settleSteps).toBeLessThanOrEqual(n / 2)
    const isAbort = (r: unknown): boolean => r instanceof DOMException && r.name === 'AbortError'
    expect(results.filter((r, i) => (i % 2 === 0 ? !isAbort(r) : r !== 1))).toEqual([])
    expect(coalescer.size).toBe(0)
  }, 120_000)
})
