import { CacheError, createCache, InvalidOptionError } from '@warp/core'
import { ReferenceBackend } from '@warp/core/testing'
import { SieveCache } from '@warp/memory'
import { describe, expect, it } from 'vitest'
import { backendProvider, TieredCache } from '../src/index.js'
import { redisServer, uniquePrefix } from './servers.js'
import { subscribed } from './waits.js'

const server = redisServer()
const l1 = () => new SieveCache({ max: 10 })
const l2 = () => new ReferenceBackend({ mode: 'async', max: 10 })

describe('options', () => {
  it('refuses an unknown option with the closest name', () => {
    expect(() => new TieredCache({ l1: l1(), l2: l2(), l1MaxTl: 5 } as never)).toThrow(
      /unknown option "l1MaxTl" — did you mean "l1MaxTtl"/,
    )
  })

  it('refuses an async L1 and a sync L2, naming the option', () => {
    const error = (() => {
      try {
        new TieredCache({ l1: l2() as never, l2: l2(), bus: false })
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect(error).toMatchObject({ option: 'l1', code: 'E_INVALID_OPTION' })
    expect(() => new TieredCache({ l1: l1(), l2: l1() as never, bus: false })).toThrow(
      expect.objectContaining({ option: 'l2' }),
    )
  })

  it('refuses out-of-range numbers and a bad busDown', () => {
    for (const bad of [{ l1MaxTtl: 0 }, { timeout: -1 }, { busDown: 'never' }, { l1Ttl: -5 }]) {
      expect(() => new TieredCache({ l1: l1(), l2: l2(), ...bad } as never)).toThrow(
        InvalidOptionError,
      )
    }
  })

  it('a negative ttl on set is refused and stores nothing', async () => {
    const cache = new TieredCache({ l1: l1(), l2: l2(), bus: false })
    await expect(cache.set('k', 1, { ttl: -1 })).rejects.toBeInstanceOf(InvalidOptionError)
    expect(await cache.has('k')).toBe(false)
    await cache.close()
  })

  it('close() closes both tiers; later calls reject with E_CLOSED; twice is a no-op', async () => {
    const first = l1()
    const second = l2()
    const cache = new TieredCache({ l1: first, l2: second, bus: false })
    await cache.set('k', 1)
    await cache.close()
    await cache.close()
    expect(() => first.get('k')).toThrow(expect.objectContaining({ code: 'E_CLOSED' }))
    await expect(second.get('k')).rejects.toMatchObject({ code: 'E_CLOSED' })
    await expect(cache.get('k')).rejects.toBeInstanceOf(CacheError)
    await expect(cache.set('k', 2)).rejects.toMatchObject({ code: 'E_CLOSED' })
  })

  it('closeTiers: false leaves the tiers open', async () => {
    const first = l1()
    const cache = new TieredCache({ l1: first, l2: l2(), bus: false, closeTiers: false })
    await cache.close()
    first.set('still', 'open')
    expect(first.get('still')).toBe('open')
  })
})

describe.skipIf(server.skip)(
  `createCache({ backend: 'tiered' })${server.skip ? ` — skipped: ${server.skip}` : ''}`,
  () => {
    it('resolves l1 and l2 configs through createCache and builds a working tiered cache', async () => {
      const prefix = uniquePrefix('provider')
      const cache = await createCache({
        backend: 'tiered',
        l1: { backend: 'memory', max: 100 },
        l2: `${server.url}?prefix=${prefix}`,
      })
      expect(cache).toBeInstanceOf(TieredCache)
      const tiered = cache as TieredCache<string, string>
      expect(tiered.l1).toBeInstanceOf(SieveCache)
      expect(tiered.channel).toBe(`warp:tiered:${prefix}`)
      await subscribed(tiered)
      await tiered.set('k', 'v')
      expect(tiered.l1.get('k')).toBe('v')
      expect(await tiered.l2.get('k')).toBe('v')
      await tiered.close()
      await expect(tiered.l2.get('k')).rejects.toMatchObject({ code: 'E_CLOSED' })
    })

    it('refuses unknown options and a misplaced tier before building anything', async () => {
      await expect(
        createCache({
          backend: 'tiered',
          l1: { backend: 'memory', max: 10 },
          l2: server.url,
          tiemout: 5,
        }),
      ).rejects.toThrow(/did you mean "timeout"/)
      await expect(
        createCache({ backend: backendProvider, l1: server.url, l2: server.url }),
      ).rejects.toMatchObject({ option: 'l1', code: 'E_INVALID_OPTION' })
    })
  },
)
