import { setTimeout as sleep } from 'node:timers/promises'
import { CacheError } from '@warp/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisCache } from '../src/index.js'
import { freePort, haveRedisServer, OwnServer } from './own-server.js'

const TIMEOUT = 500
/** Generous: a loaded 2-core CI machine may stall a timer by seconds. */
const MARGIN = 10_000
const skip = !haveRedisServer && 'redis-server is not on PATH'
if (skip && process.env.CI === 'true')
  throw new Error(`${skip} (CI=true: a missing server is a failure)`)

const UNSETTLED = Symbol('unsettled')

/** What `call` settles with, or UNSETTLED if it has not settled when a timer of timeout + margin fires. */
async function outcome(call: Promise<unknown>): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(UNSETTLED), TIMEOUT + MARGIN)
  })
  try {
    return await Promise.race([
      call.then(
        (v) => ({ value: v }),
        (e: unknown) => e,
      ),
      late,
    ])
  } finally {
    clearTimeout(timer)
  }
}

/** Retries `op` every `pauseMs` until it resolves, for at most `ms`. */
async function eventually<T>(op: () => Promise<T>, ms = 30_000, pauseMs = 100): Promise<T> {
  const deadline = performance.now() + ms
  for (;;) {
    try {
      return await op()
    } catch (error) {
      if (performance.now() > deadline) throw error
      await sleep(pauseMs)
    }
  }
}

/** `call`, recording in `settleMs` how many milliseconds after now it settles. */
function timed(settleMs: number[], call: Promise<unknown>): Promise<unknown> {
  const started = performance.now()
  const done = () => settleMs.push(performance.now() - started)
  call.then(done, done)
  return call
}

describe.skipIf(skip)(`a server that dies or stalls${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let server: OwnServer
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => unhandled.push(reason)

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled)
    server = new OwnServer(await freePort())
    await server.start()
  })
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled)
    await server?.kill()
  })

  it('SIGKILL mid-run: pending and later calls settle with a CacheError; after a restart calls succeed', async () => {
    const cache = new RedisCache<string, string>({
      url: server.url,
      prefix: 'kill',
      timeout: TIMEOUT,
    })
    try {
      await cache.set('before', 'v')
      const settleMs: number[] = []
      const pending = Array.from({ length: 200 }, (_, i) =>
        timed(settleMs, i % 2 ? cache.get(`k${i}`) : cache.set(`k${i}`, 'x')),
      )
      await server.kill()
      const later = Array.from({ length: 50 }, (_, i) => timed(settleMs, cache.get(`later${i}`)))
      const outcomes = await Promise.all([...pending, ...later].map(outcome))
      // Reported, not asserted (a loaded machine stalls timers): how long after its call each
      // call settled. The issue's bound is the timeout (500 ms) + 10 ms.
      console.log(
        `[failure] SIGKILL: ${outcomes.length} calls settled at most ${Math.max(...settleMs).toFixed(1)} ms after they were made (timeout ${TIMEOUT} ms)`,
      )
      const failures = outcomes.filter((o) => o instanceof CacheError) as CacheError[]
      expect(outcomes.filter((o) => o === UNSETTLED)).toEqual([])
      // Calls that reached the server before the kill may have succeeded; the rest fail clearly.
      expect(failures.length).toBeGreaterThanOrEqual(later.length)
      for (const o of outcomes) {
        if (!(o instanceof CacheError)) expect(o).toHaveProperty('value')
      }
      for (const f of failures) expect(['E_IO', 'E_TIMEOUT']).toContain(f.code)

      await server.start()
      const restarted = performance.now()
      await eventually(() => cache.set('after', 'back'), 30_000, 10)
      console.log(
        `[failure] SIGKILL: the first call after the restart succeeded ${(performance.now() - restarted).toFixed(0)} ms after the server was up`,
      )
      expect(await cache.get('after')).toBe('back')
      await sleep(50)
      expect(unhandled).toEqual([])
    } finally {
      await cache.close()
    }
  })

  it('SIGSTOP: calls time out with E_TIMEOUT as configured; after SIGCONT they succeed', async () => {
    const cache = new RedisCache<string, string>({
      url: server.url,
      prefix: 'stop',
      timeout: TIMEOUT,
    })
    try {
      await eventually(() => cache.set('k', 'v'))
      server.signal('SIGSTOP')
      try {
        const settleMs: number[] = []
        const calls = [cache.get('k'), cache.set('k2', 'v'), cache.has('k'), cache.clear()]
        const outcomes = await Promise.all(calls.map((c) => outcome(timed(settleMs, c))))
        console.log(
          `[failure] SIGSTOP: timed out after ${Math.min(...settleMs).toFixed(1)}–${Math.max(...settleMs).toFixed(1)} ms (timeout ${TIMEOUT} ms)`,
        )
        for (const o of outcomes) {
          expect(o).toBeInstanceOf(CacheError)
          expect((o as CacheError).code).toBe('E_TIMEOUT')
          expect((o as CacheError).message).toMatch(/within 500 ms/)
        }
      } finally {
        server.signal('SIGCONT')
      }
      expect(await eventually(() => cache.get('k'))).toBe('v')
      expect(unhandled).toEqual([])
    } finally {
      await cache.close()
    }
  })

  it('close() settles pending calls with E_CLOSED and never hangs on a dead server', async () => {
    const cache = new RedisCache<string, string>({
      url: server.url,
      prefix: 'close',
      timeout: TIMEOUT,
    })
    await eventually(() => cache.set('k', 'v'))
    server.signal('SIGSTOP')
    try {
      const pending = cache.get('k')
      const closing = outcome(cache.close())
      const settled = await outcome(pending)
      expect(settled).toBeInstanceOf(CacheError)
      expect((settled as CacheError).code).toBe('E_CLOSED')
      expect(await closing).not.toBe(UNSETTLED)
      await expect(cache.get('k')).rejects.toMatchObject({ code: 'E_CLOSED' })
    } finally {
      server.signal('SIGCONT')
    }
  })
})
