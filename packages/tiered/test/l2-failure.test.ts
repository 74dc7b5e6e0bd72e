import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { CacheError, ManualClock } from '@warp/core'
import { SieveCache } from '@warp/memory'
import { RedisCache } from '@warp/redis'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { freePort, haveRedisServer, OwnServer } from '../../redis/test/own-server.js'
import { TieredCache } from '../src/index.js'
import { settle, subscribed, until } from './waits.js'

const TIMEOUT = 500
const COOLDOWN = 5000
/** Generous: a loaded 2-core CI machine may stall a timer by seconds. */
const MARGIN = 10_000
const skip = !haveRedisServer && 'redis-server is not on PATH'
if (skip && process.env.CI === 'true') {
  throw new Error(`${skip} (CI=true: a missing server is a failure)`)
}

/** What `call` settles with within its timeout plus a generous margin. */
const outcome = (call: Promise<unknown>) => settle(call, TIMEOUT + MARGIN)

/** Retries `op` until it resolves (the client reconnects on its own schedule). */
async function eventually(op: () => Promise<unknown>): Promise<void> {
  await until(() => op().then(() => true))
}

describe.skipIf(skip)(`L2 dies or stalls${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let server: OwnServer
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => unhandled.push(reason)
  const breakerStates: string[] = []
  const onBreaker = (m: unknown) => breakerStates.push((m as { state: string }).state)

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled)
    subscribe('warp:tiered:breaker', onBreaker)
    server = new OwnServer(await freePort())
    await server.start()
  })
  afterAll(async () => {
    unsubscribe('warp:tiered:breaker', onBreaker)
    process.off('unhandledRejection', onUnhandled)
    await server?.kill()
  })

  beforeEach(async () => {
    // A test that failed half-way may have left the server killed or stopped.
    server.signal('SIGCONT')
    const child = server.process
    if (!child || child.exitCode !== null || child.signalCode !== null) await server.start()
  })

  /** A tiered cache over the private server, once its bus is subscribed (so L1 is in use). */
  async function open(prefix: string, clock: ManualClock) {
    const cache = new TieredCache<string, string>({
      l1: new SieveCache({ max: 100, perf: clock }),
      l2: new RedisCache({ url: server.url, prefix, timeout: TIMEOUT }),
      clock,
      timeout: TIMEOUT,
      breakerThreshold: 3,
      breakerCooldown: COOLDOWN,
    })
    await subscribed(cache)
    return cache
  }

  it('SIGKILL: L1 still serves, the breaker opens and half-opens, calls settle, recovery after restart', async () => {
    const clock = new ManualClock()
    const cache = await open('kill', clock)
    breakerStates.length = 0
    try {
      await eventually(() => cache.set('hot', 'h'))
      await server.kill()

      // L1 hits need nothing remote.
      expect(await outcome(cache.get('hot'))).toEqual({ value: 'h' })
      // L1 misses go to L2 and fail clearly, each within its timeout.
      const misses = await Promise.all(
        Array.from({ length: 5 }, (_, i) => outcome(cache.get(`cold${i}`))),
      )
      for (const o of misses) {
        const { error } = o as { error: CacheError }
        expect(error).toBeInstanceOf(CacheError)
        expect(['E_IO', 'E_TIMEOUT']).toContain(error.code)
      }
      expect(cache.breakerState).toBe('open')
      // Open: refused at once without touching L2, still served from L1.
      const refused = await outcome(cache.set('x', 'y'))
      expect(refused).toMatchObject({
        error: { code: 'E_IO', message: expect.stringMatching(/breaker is open/) },
      })
      expect(await outcome(cache.get('hot'))).toEqual({ value: 'h' })

      // After the cooldown one probe goes through; it fails, so the breaker opens again.
      clock.advance(COOLDOWN)
      expect(cache.breakerState).toBe('half-open')
      expect(await outcome(cache.get('cold0'))).toMatchObject({ error: expect.any(CacheError) })
      expect(cache.breakerState).toBe('open')

      await server.start()
      clock.advance(COOLDOWN)
      // The probe succeeds once the client has reconnected; then the breaker is closed.
      await eventually(async () => {
        clock.advance(COOLDOWN)
        await cache.set('after', 'back')
      })
      expect(cache.breakerState).toBe('closed')
      expect(await cache.get('after')).toBe('back')
      expect(breakerStates).toEqual(expect.arrayContaining(['open', 'half-open', 'closed']))
      await new Promise((r) => setTimeout(r, 50))
      expect(unhandled).toEqual([])
    } finally {
      await cache.close()
    }
  })

  it('SIGSTOP: L1 still serves, L2 calls time out with E_TIMEOUT, and work again after SIGCONT', async () => {
    const clock = new ManualClock()
    const cache = await open('stop', clock)
    try {
      await eventually(() => cache.set('hot', 'h'))
      server.signal('SIGSTOP')
      try {
        expect(await outcome(cache.get('hot'))).toEqual({ value: 'h' })
        const outcomes = await Promise.all(
          [cache.get('cold'), cache.set('k', 'v'), cache.delete('hot'), cache.has('cold')].map(
            outcome,
          ),
        )
        for (const o of outcomes) {
          const { error } = o as { error: CacheError }
          expect(error).toBeInstanceOf(CacheError)
          expect(error.code).toBe('E_TIMEOUT')
        }
      } finally {
        server.signal('SIGCONT')
      }
      await eventually(async () => {
        clock.advance(COOLDOWN)
        await cache.set('k', 'v2')
      })
      expect(await cache.get('k')).toBe('v2')
      expect(unhandled).toEqual([])
    } finally {
      await cache.close()
    }
  })
})
