import { requireWarp } from '../warp.js'

/** One two-tier cache instance of the tiered suite (L1 in this process, L2 on the server). */
export interface TieredOps {
  get(key: string): Promise<unknown>
  set(key: string, value: string): Promise<unknown>
  close(): Promise<unknown>
}

/** A subject of the tiered suite. */
export interface TieredSubject {
  warp?: { pkg: string; name: string }
  notes?: string[]
  /** One instance over `url` with keys under `namespace`; resolves once its bus is subscribed. */
  load(url: string, namespace: string): Promise<TieredOps>
}

/** Baseline of the tiered suite. */
export const TIERED_BASELINE = 'bentocache (L1 + L2 + bus)'

const L1_MAX = 20_000

/** Every subject of the tiered suite, in table order. */
export const tieredSubjects: Record<string, TieredSubject> = {
  'warp TieredCache': {
    warp: { pkg: '@warp/tiered', name: 'TieredCache' },
    notes: ['SieveCache L1 over RedisCache (iovalkey); invalidation on Redis pub/sub'],
    load: async (url, namespace) => {
      const TieredCache = await requireWarp('@warp/tiered', 'TieredCache')
      const SieveCache = await requireWarp('@warp/memory', 'SieveCache')
      const RedisCache = await requireWarp('@warp/redis', 'RedisCache')
      const cache = new TieredCache({
        l1: new SieveCache({ max: L1_MAX }),
        l2: new RedisCache({ url, prefix: namespace, timeout: 10_000 }),
        timeout: 10_000,
      })
      while (!cache.busConnected) await new Promise((r) => setTimeout(r, 5))
      return {
        get: (k) => cache.get(k),
        set: (k, v) => cache.set(k, v),
        close: () => cache.close(),
      }
    },
  },
  [TIERED_BASELINE]: {
    notes: ['memory L1 + redis L2 (ioredis) + redis bus; its default options otherwise'],
    load: async (url, namespace) => {
      const { BentoCache, bentostore } = await import('bentocache')
      const { memoryDriver } = await import('bentocache/drivers/memory')
      const { redisDriver, redisBusDriver } = await import('bentocache/drivers/redis')
      const { hostname, port } = new URL(url)
      const bus = { host: hostname, port: Number(port || 6379) }
      // bentocache subscribes its bus when a store is first used, without awaiting it (and
      // without a catch: closing before the SUBSCRIBE is answered is an unhandled rejection). Its
      // channel is `bentocache.notifications:<store name>`; naming the store after the
      // namespace gives it a channel of its own, watched here until the subscription shows.
      const channel = `bentocache.notifications:${namespace}`
      const subscribers = await subscriberCounter(url, channel)
      const before = await subscribers.count()
      const bento = new BentoCache({
        default: namespace,
        prefix: namespace,
        stores: {
          [namespace]: bentostore()
            .useL1Layer(memoryDriver({ maxItems: L1_MAX }))
            .useL2Layer(redisDriver({ connection: url as never }))
            .useBus(redisBusDriver({ connection: bus })),
        },
      })
      // The store (and its bus) is created on first use: one read of a key outside the suite's.
      await bento.get({ key: 'warp-bench-probe' })
      await subscribers.waitAbove(before)
      return {
        get: (k) => bento.get({ key: k }),
        set: (k, v) => bento.set({ key: k, value: v }),
        close: () => bento.disconnectAll(),
      }
    },
  },
  'cacheable (primary + secondary + sync)': {
    notes: [
      'primary: in-memory (lruSize 20,000) + secondary: @keyv/redis; sync: qified + @qified/redis pub/sub, which ' +
        'sends the new value itself, so the other instance overwrites its primary copy instead of dropping it',
    ],
    load: async (url, namespace) => {
      const { Cacheable, createKeyv } = await import('cacheable')
      const { default: KeyvRedis } = await import('@keyv/redis')
      const { Qified } = await import('qified')
      const { RedisMessageProvider } = await import('@qified/redis')
      const qified = new Qified({ messageProviders: [new RedisMessageProvider({ uri: url })] })
      const cache = new Cacheable({
        namespace,
        primary: createKeyv({ lruSize: L1_MAX }),
        secondary: new KeyvRedis(url),
        sync: { qified },
      })
      // The constructor subscribes to the set and delete topics without awaiting it. A topic
      // subscribed after them, awaited, goes out on the same connection behind them, so once it
      // is acknowledged theirs are too.
      await qified.subscribe(`${namespace}::bench-ready`, { handler: async () => {} })
      return {
        get: (k) => cache.get(k),
        set: (k, v) => cache.set(k, v),
        close: () => cache.disconnect(),
      }
    },
  },
}

/** Counts the subscribers of `channel` (`PUBSUB NUMSUB`) on its own short-lived connection. */
async function subscriberCounter(
  url: string,
  channel: string,
): Promise<{ count(): Promise<number>; waitAbove(n: number): Promise<void> }> {
  const { Redis } = await import('iovalkey')
  const count = async (client: InstanceType<typeof Redis>) => {
    const reply = (await client.pubsub('NUMSUB', channel)) as [string, number | string]
    return Number(reply[1])
  }
  return {
    count: async () => {
      const client = new Redis(url, { maxRetriesPerRequest: 1 })
      try {
        return await count(client)
      } finally {
        client.disconnect()
      }
    },
    waitAbove: async (n) => {
      const client = new Redis(url, { maxRetriesPerRequest: 1 })
      try {
        // Generous: a loaded machine may take a while; the subscription is what matters.
        const deadline = Date.now() + 30_000
        while ((await count(client)) <= n) {
          if (Date.now() > deadline) throw new Error(`no subscriber on ${channel} after 30 s`)
          await new Promise((r) => setTimeout(r, 2))
        }
      } finally {
        client.disconnect()
      }
    },
  }
}
