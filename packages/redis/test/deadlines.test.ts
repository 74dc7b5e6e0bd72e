import { CacheError } from '@warp/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Deadlines } from '../src/deadlines.js'

/** A promise and the functions that settle it, for work that answers when the test says. */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

const asIs = (error: unknown) => error

describe('Deadlines (fake timers and performance.now)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('keeps only calls in flight: settled calls leave at once', async () => {
    const deadlines = new Deadlines(1000, 'Test')
    for (let i = 0; i < 100; i++) {
      expect(await deadlines.track(Promise.resolve(i), 'GET', asIs)).toBe(i)
    }
    expect(deadlines.size).toBe(0)
    const open = [deferred<number>(), deferred<number>(), deferred<number>()]
    const calls = open.map((d) => deadlines.track(d.promise, 'GET', asIs))
    expect(deadlines.size).toBe(3)
    open[1]?.resolve(1) // the middle one settles first
    await expect(calls[1]).resolves.toBe(1)
    expect(deadlines.size).toBe(2)
    open[0]?.resolve(0)
    open[2]?.reject(new Error('boom'))
    await expect(calls[0]).resolves.toBe(0)
    await expect(calls[2]).rejects.toThrow('boom')
    expect(deadlines.size).toBe(0)
  })

  it('rejects a call with E_TIMEOUT once its timeout has passed, not before; a late answer is ignored', async () => {
    const deadlines = new Deadlines(1000, 'Test')
    const first = deferred<string>()
    const late = deadlines.track(first.promise, 'GET', asIs)
    const outcome = late.then(
      () => 'resolved',
      (error: unknown) => error,
    )
    await vi.advanceTimersByTimeAsync(600)
    const second = deferred<string>()
    const later = deadlines.track(second.promise, 'SET', asIs)
    await vi.advanceTimersByTimeAsync(399)
    expect(deadlines.size).toBe(2)
    await vi.advanceTimersByTimeAsync(2)
    const error = await outcome
    expect(error).toBeInstanceOf(CacheError)
    expect((error as CacheError).code).toBe('E_TIMEOUT')
    expect((error as CacheError).message).toMatch(/GET got no answer within 1000 ms/)
    expect(deadlines.size).toBe(1)
    first.resolve('too late')
    second.resolve('in time')
    await expect(later).resolves.toBe('in time')
    expect(deadlines.size).toBe(0)
  })

  it('maps answers and errors; an error thrown while mapping rejects the call', async () => {
    const deadlines = new Deadlines(1000, 'Test')
    await expect(deadlines.track(Promise.resolve(2), 'GET', asIs, (n) => n * 10)).resolves.toBe(20)
    await expect(
      deadlines.track(
        Promise.reject(new Error('io')),
        'GET',
        (e) => new Error(`mapped ${String(e)}`),
      ),
    ).rejects.toThrow('mapped Error: io')
    await expect(
      deadlines.track(Promise.resolve(1), 'GET', asIs, () => {
        throw new Error('decode')
      }),
    ).rejects.toThrow('decode')
    expect(deadlines.size).toBe(0)
  })

  it('rejectAll settles every call in flight; their answers arriving later change nothing', async () => {
    const deadlines = new Deadlines(1000, 'Test')
    const open = [deferred<number>(), deferred<number>()]
    const calls = open.map((d) => deadlines.track(d.promise, 'GET', asIs))
    deadlines.rejectAll(new Error('closed'))
    for (const d of open) d.resolve(1)
    for (const call of calls) await expect(call).rejects.toThrow('closed')
    expect(deadlines.size).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
    // Still usable after.
    await expect(deadlines.track(Promise.resolve(5), 'GET', asIs)).resolves.toBe(5)
  })
})
