import { requireWarp } from '../warp.js'

/** One client of the redis suite, set up against one server. */
export interface RedisOps {
  get(key: string): Promise<unknown>
  set(key: string, value: string): Promise<unknown>
  /** Reads 100 keys in one batch (MGET or the subject's own batch call); absent when it has none. */
  getMany?(keys: string[]): Promise<unknown[]>
  close(): Promise<unknown>
}

/** A subject of the redis suite. */
export interface RedisSubject {
  warp?: { pkg: string; name: string }
  notes?: string[]
  /** Connects to `url` with keys under `namespace`. */
  load(url: string, namespace: string): Promise<RedisOps>
}

/** Baseline of the redis suite: the client every other subject sits on (or an equivalent). */
export const REDIS_BASELINE = 'iovalkey (raw client)'

/** Every subject of the redis suite, in table order. */
export const redisSubjects: Record<string, RedisSubject> = {
  'warp RedisCache': {
    warp: { pkg: '@warp/redis', name: 'RedisCache' },
    load: async (url, namespace) => {
      const RedisCache = await requireWarp('@warp/redis', 'RedisCache')
      const cache = new RedisCache({ url, prefix: namespace, timeout: 10_000 })
      return {
        get: (k) => cache.get(k),
        set: (k, v) => cache.set(k, v),
        getMany: (keys) => cache.getMany(keys),
        close: () => cache.close(),
      }
    },
  },
  [REDIS_BASELINE]: {
    notes: ['GET/SET/MGET of string keys and values, nothing encoded'],
    load: async (url, namespace) => {
      const { Redis } = await import('iovalkey')
      const client = new Redis(url)
      const p = `${namespace}:`
      return {
        get: (k) => client.get(p + k),
        set: (k, v) => client.set(p + k, v),
        getMany: (keys) => client.mget(keys.map((k) => p + k)),
        close: () => client.quit(),
      }
    },
  },
  'keyv + @keyv/redis': {
    notes: ['@keyv/redis runs on node-redis (@redis/client); values JSON-serialized by keyv'],
    load: async (url, namespace) => {
      const keyv = await keyvOnRedis(url, namespace)
      return {
        get: (k) => keyv.get(k),
        set: (k, v) => keyv.set(k, v),
        getMany: (keys) => keyv.getMany(keys),
        close: () => keyv.disconnect(),
      }
    },
  },
  'cache-manager + @keyv/redis': {
    notes: ['cache-manager v7 over a keyv store on @keyv/redis'],
    load: async (url, namespace) => {
      const { createCache } = await import('cache-manager')
      const cache = createCache({ stores: [await keyvOnRedis(url, namespace)] })
      return {
        get: (k) => cache.get(k),
        set: (k, v) => cache.set(k, v),
        getMany: (keys) => cache.mget(keys),
        close: () => cache.disconnect(),
      }
    },
  },
  'bentocache (L2 only)': {
    notes: ['bentocache with only its redis driver (ioredis), no L1; no batch read'],
    load: async (url, namespace) => {
      const { BentoCache, bentostore } = await import('bentocache')
      const { redisDriver } = await import('bentocache/drivers/redis')
      const bento = new BentoCache({
        default: 'l2',
        prefix: namespace,
        stores: { l2: bentostore().useL2Layer(redisDriver({ connection: url as never })) },
      })
      return {
        get: (k) => bento.get({ key: k }),
        set: (k, v) => bento.set({ key: k, value: v }),
        close: () => bento.disconnectAll(),
      }
    },
  },
}

/** A keyv instance on @keyv/redis (shared by the keyv and cache-manager subjects). */
async function keyvOnRedis(url: string, namespace: string) {
  const { Keyv } = await import('keyv')
  const { default: KeyvRedis } = await import('@keyv/redis')
  return new Keyv({ store: new KeyvRedis(url), namespace })
}
