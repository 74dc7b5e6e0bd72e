import type { OptionSpecs } from '@warp/core'

/**
 * The smallest surface of an ioredis-compatible client that {@link RedisCache} uses: an
 * `iovalkey` or `ioredis` `Redis` or `Cluster` instance fits.
 */
export interface RedisClientLike {
  /** `'ready'` when commands can be sent; `'reconnecting'`, `'end'`, … otherwise. */
  readonly status: string
  /** True on a `Cluster` instance. */
  readonly isCluster?: boolean
  [command: string]: any
}

/** Options of {@link RedisCache} and of the `redis` backend of `createCache`. */
export interface RedisCacheOptions {
  /**
   * A `redis://[user:pass@]host[:port][/db]` or `rediss://…` (TLS) URL of a single server.
   * Default `redis://127.0.0.1:6379` when neither `client`, `cluster` nor `sentinel` is given.
   */
  url?: string
  /**
   * An existing `iovalkey` or `ioredis` client (`Redis` or `Cluster`). The cache uses it as is
   * and never closes it: `close()` only stops this cache. Excludes `url`, `cluster`, `sentinel`.
   */
  client?: RedisClientLike
  /**
   * A Redis Cluster: `{ nodes: [{ host, port }, …], options?: ClusterOptions }` (iovalkey's
   * `Cluster` constructor arguments). Batches are grouped by hash slot.
   */
  cluster?: {
    /** The nodes to start from (any of the cluster's; the rest are discovered): `{ host, port }` or a `'host:port'` string. */
    nodes: ReadonlyArray<
      | {
          /** Host name or IP address of the node. */
          host: string
          /** TCP port of the node. */
          port: number
        }
      | string
    >
    /** iovalkey `ClusterOptions` (`redisOptions`, `scaleReads`, …). */
    options?: object
  }
  /**
   * Sentinel: `{ sentinels: [{ host, port }, …], name: 'mymaster', …RedisOptions }`, passed to
   * iovalkey's `Redis` constructor.
   */
  sentinel?: {
    /** The Sentinel servers to ask for the current master. */
    sentinels: ReadonlyArray<{
      /** Host name or IP address of the Sentinel. */
      host: string
      /** TCP port of the Sentinel (Sentinel's default is 26379). */
      port: number
    }>
    /** The master group name the Sentinels monitor, e.g. `'mymaster'`. */
    name: string
  }
  /** More iovalkey `RedisOptions` for the client the cache creates (`tls`, `username`, …). */
  connection?: object
  /**
   * The namespace: every key is stored as `warp:<prefix>:<encoded key>`, and `clear` and `size`
   * touch only keys that start with `warp:<prefix>:`. 1–100 characters from `A–Z a–z 0–9 _ . -`
   * (no `:`, so one namespace is never a prefix of another). Default `'cache'`.
   */
  prefix?: string
  /**
   * Default time to live of an entry in milliseconds, sent as `PX` (rounded up to a whole ms).
   * `0` (default) or `Infinity`: entries never expire. `set(k, v, { ttl })` overrides it.
   */
  ttl?: number
  /**
   * Longest wait for one call in milliseconds, from the call until its answer; past it the call
   * rejects with `CacheError` `E_TIMEOUT` (the command may still run on the server). `clear` and
   * `size` apply it to each SCAN/UNLINK batch. An integer from 1 to 2^31 − 1; default `1000`.
   */
  timeout?: number
  /**
   * Keys asked per `SCAN` step and removed per `UNLINK` by `clear`, and counted per step by
   * `size`. Larger batches finish sooner; smaller ones keep each server step short. Default 1000.
   */
  scanCount?: number
}

/** Defaults of {@link RedisCacheOptions}. */
export const REDIS_DEFAULTS = {
  /** Default {@link RedisCacheOptions.prefix}: `'cache'`. */
  prefix: 'cache',
  /** Default {@link RedisCacheOptions.ttl}: `0`, entries never expire. */
  ttl: 0,
  /** Default {@link RedisCacheOptions.timeout}: 1000 ms. */
  timeout: 1000,
  /** Default {@link RedisCacheOptions.scanCount}: 1000 keys per step. */
  scanCount: 1000,
} as const

/** The safe alphabet of a prefix; `:` excluded so namespaces never nest, glob characters excluded for `SCAN MATCH`. */
export const PREFIX_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/

/** The one spec both {@link RedisCache} and `backendProvider` check options with. */
export const redisCacheOptionSpecs: OptionSpecs = {
  url: { type: 'string', description: 'redis:// or rediss:// URL of one server' },
  client: { type: 'object', description: 'an existing iovalkey/ioredis Redis or Cluster client' },
  cluster: { type: 'object', description: '{ nodes: [{ host, port }], options? } for a Cluster' },
  sentinel: { type: 'object', description: '{ sentinels: [{ host, port }], name } for Sentinel' },
  connection: { type: 'object', description: 'more iovalkey RedisOptions (tls, username, …)' },
  prefix: {
    type: 'string',
    description: "namespace, 1–100 of A–Z a–z 0–9 _ . - (default 'cache')",
  },
  ttl: {
    type: 'number',
    min: 0,
    allowInfinity: true,
    description: 'default time to live in ms; 0 (default) or Infinity never expire',
  },
  timeout: {
    type: 'integer',
    min: 1,
    max: 2 ** 31 - 1,
    description: 'longest wait per call in ms (default 1000)',
  },
  scanCount: {
    type: 'integer',
    min: 1,
    max: 100_000,
    description: 'keys per SCAN/UNLINK batch of clear and size (default 1000)',
  },
}
