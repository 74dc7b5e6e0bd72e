import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { ManualClock } from '@warp/core'
import { SieveCache } from '@warp/memory'
import { RedisCache } from '@warp/redis'
import { Redis } from 'iovalkey'
import { afterEach, describe, expect, it } from 'vitest'
import { TieredCache } from '../src/index.js'
import { redisServer, uniquePrefix } from './servers.js'
import { subscribed, until } from './waits.js'

const server = redisServer()
const L1_MAX_TTL = 1000
/** Long enough that the outage outlasts the steps the test takes inside it, even on a slow box. */
const RECONNECT_DELAY = 3000

/** Waits until `cache` has applied `count` invalidations from other instances. */
async function received(cache: TieredCache, count: number): Promise<void> {
  await until(async () => (await cache.stats()).invalidationsReceived >= count)
  expect((await cache.stats()).invalidationsReceived).toBe(count)
}

/** Kills the subscriber connection of `cache` on the server (CLIENT KILL ID). */
async function killSubscriber(admin: Redis, cache: TieredCache): Promise<void> {
  const list = (await admin.client('LIST')) as string
  const line = list.split('\n').find((l) => l.includes(` name=warp-tiered-${cache.id} `))
  const id = line?.match(/^id=(\d+)/)?.[1]
  expect(id, 'the subscriber connection is in CLIENT LIST').toBeDefined()
  await admin.client('KILL', 'ID', id as string)
}

describe.skipIf(server.skip)(
  `the invalidation bus goes down${server.skip ? ` — skipped: ${server.skip}` : ''}`,
  () => {
    const opened: Array<{ close(): Promise<void> | void }> = []
    afterEach(async () => {
      for (const c of opened.splice(0).reverse()) await c.close()
    })

    function pair(busDown: 'ttl' | 'bypass') {
      const prefix = uniquePrefix('bus')
      const clock = new ManualClock()
      const victim = new TieredCache<string, string>({
        l1: new SieveCache({ max: 100, perf: clock }),
        l2: new RedisCache({ url: server.url, prefix }),
        clock,
        l1MaxTtl: L1_MAX_TTL,
        busDown,
        busReconnectDelay: RECONNECT_DELAY,
      })
      const writer = new TieredCache<string, string>({
        l1: new SieveCache({ max: 100 }),
        l2: new RedisCache({ url: server.url, prefix }),
      })
      const admin = new Redis(server.url as string)
      opened.push(victim, writer, { close: () => void admin.disconnect() })
      return { victim, writer, admin, clock }
    }

    it('CLIENT KILL of the subscriber: staleness bounded by l1MaxTtl, L1 cleared on reconnect', async () => {
      const { victim, writer, admin, clock } = pair('ttl')
      const states: string[] = []
      const onBus = (m: unknown) => {
        const { cache, state } = m as { cache: unknown; state: string }
        if (cache === victim) states.push(state)
      }
      subscribe('warp:tiered:bus', onBus)
      try {
        await subscribed(victim, writer)
        await writer.set('k', 'v1')
        await received(victim, 1) // else its invalidation may arrive during the read below
        expect(await victim.get('k')).toBe('v1')
        expect(victim.l1.has('k')).toBe(true)

        await killSubscriber(admin, victim)
        await until(() => !victim.busConnected)
        await writer.set('k', 'v2') // its invalidation is lost: the victim is not subscribed
        expect(victim.busConnected, 'the outage outlasted the write').toBe(false)

        // Within l1MaxTtl of the outage the old value may still be served (eventual consistency)…
        clock.advance(L1_MAX_TTL - 1)
        expect(await victim.get('k')).toBe('v1')
        // …but not after it: L1 is emptied and the value comes from L2.
        clock.advance(1)
        expect(await victim.get('k')).toBe('v2')
        // Fills during the outage live at most l1MaxTtl.
        await writer.set('other', 'o1')
        expect(await victim.get('other')).toBe('o1')
        expect(victim.l1.has('other')).toBe(true)
        clock.advance(L1_MAX_TTL + 1) // SieveCache serves an entry through exactly its ttl
        expect(victim.l1.has('other')).toBe(false)

        expect(await victim.get('k')).toBe('v2')
        expect(victim.l1.has('k')).toBe(true)
        await until(() => victim.busConnected)
        expect(victim.l1.size, 'L1 is cleared when the bus is back').toBe(0)
        expect(states).toEqual(['connected', 'disconnected', 'connected'])

        // And invalidations flow again.
        expect(await victim.get('k')).toBe('v2')
        const count = (await victim.stats()).invalidationsReceived
        await writer.set('k', 'v3')
        await received(victim, count + 1)
        expect(victim.l1.has('k')).toBe(false)
        expect(await victim.get('k')).toBe('v3')
      } finally {
        unsubscribe('warp:tiered:bus', onBus)
      }
    })

    it("busDown: 'bypass' reads L2 while the bus is down", async () => {
      const { victim, writer, admin } = pair('bypass')
      await subscribed(victim, writer)
      await writer.set('k', 'v1')
      await received(victim, 1)
      expect(await victim.get('k')).toBe('v1')
      await killSubscriber(admin, victim)
      await until(() => !victim.busConnected)
      await writer.set('k', 'v2')
      expect(victim.busConnected, 'the outage outlasted the write').toBe(false)
      expect(await victim.get('k')).toBe('v2')
      const stats = await victim.stats()
      expect(stats.bus).toBe('disconnected')
      expect(stats.l2Hits).toBe(2)
      expect(stats.l1Hits).toBe(0)
    })
  },
)
