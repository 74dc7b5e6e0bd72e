import { SieveCache } from '@warp/memory'
import { RedisCache } from '@warp/redis'
import { describe, expect, it } from 'vitest'
import { TieredCache } from '../src/index.js'
import { uniquePrefix } from './servers.js'
import { subscribed, until } from './waits.js'

// A Cluster takes three servers and a `redis-cli --cluster create`: the test runs against one
// started by scripts/redis-servers.sh (CI exports WARP_REDIS_CLUSTER), and says so when skipped.
const nodes = process.env.WARP_REDIS_CLUSTER?.split(',').map((node) => {
  const [host, port] = node.split(':')
  return { host: host as string, port: Number(port) }
})
const skip = !nodes && 'WARP_REDIS_CLUSTER is not set (scripts/redis-servers.sh run -- …)'
if (skip && process.env.CI === 'true') {
  throw new Error(`${skip} (CI=true: a missing cluster is a failure)`)
}

describe.skipIf(skip)(`over a 3-master Cluster${skip ? ` — skipped: ${skip}` : ''}`, () => {
  it('invalidations reach the other instance through regular PUBLISH/SUBSCRIBE', async () => {
    const prefix = uniquePrefix('cluster')
    const open = () =>
      new TieredCache<string, string>({
        l1: new SieveCache({ max: 100 }),
        l2: new RedisCache({ cluster: { nodes: nodes ?? [] }, prefix }),
      })
    const writer = open()
    const reader = open()
    try {
      await subscribed(writer, reader)
      // Keys on different masters.
      const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`)
      for (const k of keys) await writer.set(k, 'old')
      await until(async () => (await reader.stats()).invalidationsReceived === keys.length)
      for (const k of keys) expect(await reader.get(k)).toBe('old')
      for (const k of keys) expect(reader.l1.has(k)).toBe(true)
      for (const k of keys) await writer.set(k, 'new')
      await until(async () => (await reader.stats()).invalidationsReceived === 2 * keys.length)
      for (const k of keys) expect(await reader.get(k)).toBe('new')
      await writer.clear()
      await until(() => reader.l1.size === 0)
    } finally {
      await writer.close()
      await reader.close()
    }
  })
})
