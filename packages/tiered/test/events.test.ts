import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { ReferenceBackend } from '@warp/core/testing'
import { SieveCache } from '@warp/memory'
import { afterEach, describe, expect, it } from 'vitest'
import { LocalBus, TieredCache } from '../src/index.js'
import { subscribed, until } from './waits.js'

describe('events and per-tier stats', () => {
  const listeners: Array<[string, (m: unknown) => void]> = []
  afterEach(() => {
    for (const [name, fn] of listeners.splice(0)) unsubscribe(name, fn)
  })
  function record(name: string, into: unknown[]) {
    const fn = (m: unknown) => into.push(m)
    subscribe(name, fn)
    listeners.push([name, fn])
  }

  it('reports L1 and L2 hits, misses and invalidations on their channels, and counts them per tier', async () => {
    const l2 = new ReferenceBackend({ mode: 'async', max: 100 })
    const bus = new LocalBus()
    const a = new TieredCache({ l1: new SieveCache({ max: 100 }), l2, bus, closeTiers: false })
    const b = new TieredCache({ l1: new SieveCache({ max: 100 }), l2, bus, closeTiers: false })
    const hits: Array<{ cache: unknown; tier: string; key: unknown }> = []
    const misses: Array<{ cache: unknown; key: unknown }> = []
    const invalidations: Array<{ cache: unknown; keys: unknown; latency: number }> = []
    record('warp:tiered:hit', hits)
    record('warp:tiered:miss', misses)
    record('warp:tiered:invalidation', invalidations)
    try {
      await subscribed(a, b)
      expect(await b.get('k')).toBe(undefined)
      await a.set('k', 'v')
      await until(() => invalidations.length === 1)
      expect(await b.get('k')).toBe('v') // L2
      expect(await b.get('k')).toBe('v') // L1
      expect(misses).toEqual([{ cache: b, key: 'k' }])
      expect(hits).toEqual([
        { cache: b, tier: 'l2', key: 'k' },
        { cache: b, tier: 'l1', key: 'k' },
      ])
      expect(invalidations[0]).toMatchObject({ cache: b, keys: ['k'], origin: a.id })
      expect(invalidations[0]?.latency).toBeGreaterThanOrEqual(0)
      const stats = await b.stats()
      expect(stats).toMatchObject({
        hits: 2,
        l1Hits: 1,
        l2Hits: 1,
        misses: 1,
        invalidationsReceived: 1,
        bus: 'connected',
        breaker: 'closed',
      })
      expect(stats.tiers.l1.size).toBe(1)
      expect(stats.tiers.l2).toMatchObject({ size: 1 })
      expect((await a.stats()).invalidationsSent).toBe(1)
    } finally {
      await a.close()
      await b.close()
    }
  })
})
