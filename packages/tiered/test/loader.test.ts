import { createAsyncCache } from '@warp/async'
import { SieveCache } from '@warp/memory'
import { RedisCache } from '@warp/redis'
import { describe, expect, it } from 'vitest'
import { TieredCache } from '../src/index.js'
import { redisServer, uniquePrefix } from './servers.js'
import { subscribed } from './waits.js'

const server = redisServer()

describe.skipIf(server.skip)(
  `loading through @warp/async over a tiered cache${server.skip ? ` — skipped: ${server.skip}` : ''}`,
  () => {
    it('100 concurrent getOrLoad calls run the loader once; the value then comes from L1, and another instance reads it from L2', async () => {
      const prefix = uniquePrefix('loader')
      const open = () =>
        new TieredCache<string, unknown>({
          l1: new SieveCache({ max: 100 }),
          l2: new RedisCache({ url: server.url, prefix }),
        })
      const first = open()
      const second = open()
      try {
        await subscribed(first, second)
        const users = createAsyncCache<string, { name: string }>({ backend: first, ttl: 60_000 })
        let loads = 0
        const load = async (id: string) => {
          loads++
          await new Promise((r) => setTimeout(r, 20))
          return { name: `user ${id}` }
        }
        const all = await Promise.all(
          Array.from({ length: 100 }, () => users.getOrLoad('u1', load)),
        )
        expect(loads).toBe(1)
        for (const u of all) expect(u).toEqual({ name: 'user u1' })

        const l1Before = (await first.stats()).l1Hits
        expect(await users.getOrLoad('u1', load)).toEqual({ name: 'user u1' })
        expect((await first.stats()).l1Hits).toBe(l1Before + 1)
        expect(loads).toBe(1)

        const elsewhere = createAsyncCache<string, { name: string }>({
          backend: second,
          ttl: 60_000,
        })
        expect(await elsewhere.getOrLoad('u1', load)).toEqual({ name: 'user u1' })
        expect(loads).toBe(1)
        expect((await second.stats()).l2Hits).toBe(1)
      } finally {
        await first.close()
        await second.close()
      }
    })
  },
)
