import type { AsyncBackend, Clock, OptionSpecs, SyncBackend } from '@warp/core'
import type { InvalidationBus } from './bus.js'

/** What L1 does while the invalidation bus is down (see {@link TieredCacheOptions.busDown}). */
export type BusDownMode = 'ttl' | 'bypass'

/** Options of {@link TieredCache}. */
export interface TieredCacheOptions<K = unknown, V = unknown> {
  /**
   * The first tier: any **sync** warp backend, read first and answering without any I/O —
   * a `SieveCache` from `@warp/memory` (one process) or a `SharedCache` from
   * `@warp/shared-native` (every process of a machine). Its TTLs should read the same clock
   * as {@link TieredCacheOptions.clock} (tests pass one `ManualClock` to both). Required.
   */
  l1: SyncBackend<K, V>
  /**
   * The second tier: any **async** warp backend every instance shares — a `RedisCache` from
   * `@warp/redis`. Writes go here first. Required.
   */
  l2: AsyncBackend<K, V>
  /**
   * Where invalidations travel. Default: a {@link RedisBus} over `l2.client` when L2 is a
   * `RedisCache` (a dedicated subscriber connection is opened from it); else none. `false`: no
   * bus — only right for a single instance, since other instances' L1s are never told.
   */
  bus?: InvalidationBus | false
  /**
   * The pub/sub channel of this namespace. Default `warp:tiered:<l2.prefix>` (or
   * `warp:tiered:cache`). Instances that share L2 keys must share the channel.
   */
  channel?: string
  /**
   * Longest life (ms) of an L1 entry while the bus is down: entries filled then get at most
   * this TTL, and L1 is emptied once the bus has been down this long, so an invalidation lost
   * in the outage is served stale for at most `l1MaxTtl`. A positive integer; default `5000`.
   */
  l1MaxTtl?: number
  /**
   * Longest life (ms) of any L1 entry. A value filled from L2 does not know L2's remaining
   * TTL, so it may outlive L2's copy by up to this much (and a write whose invalidation was
   * lost is bounded by it too). `0` or `Infinity`: no bound but the write's own `ttl`.
   * Default `60000`.
   */
  l1Ttl?: number
  /**
   * While the bus is down: `'ttl'` (default) keeps using L1 under {@link l1MaxTtl};
   * `'bypass'` reads and fills no L1 at all until the bus is back (every read goes to L2).
   */
  busDown?: BusDownMode
  /**
   * Longest wait (ms) for one L2 call or one publish; past it the call rejects with
   * `CacheError` `E_TIMEOUT` (counted as an L2 failure by the breaker). Default `1000`.
   */
  timeout?: number
  /** Consecutive L2 failures that open the circuit breaker. A positive integer; default `5`. */
  breakerThreshold?: number
  /**
   * How long (ms) the breaker stays open before it lets one probe call through (half-open).
   * While open, calls that need L2 reject at once with `CacheError` `E_IO`. Default `5000`.
   */
  breakerCooldown?: number
  /**
   * Time source (`now()` in ms) for the breaker and the bus-down bookkeeping. Default
   * `performance`. Tests pass a `ManualClock` from `@warp/core` (and the same one to L1).
   */
  clock?: Clock
  /**
   * Delay (ms) before each reconnect attempt of the {@link RedisBus} subscriber made by
   * default. Default `200`.
   */
  busReconnectDelay?: number
  /**
   * `close()` also closes `l1` and `l2` (default `true`; the `createCache` route always owns
   * the tiers it made). `false` leaves them open for their owner.
   */
  closeTiers?: boolean
}

/**
 * Defaults of {@link TieredCacheOptions}: what an option left out means. (`bus`, `channel`,
 * `clock` and `closeTiers` default to values that depend on the tiers; see each option.)
 */
export const TIERED_DEFAULTS = {
  /** {@link TieredCacheOptions.l1MaxTtl}: 5 s, in ms. */
  l1MaxTtl: 5000,
  /** {@link TieredCacheOptions.l1Ttl}: 60 s, in ms. */
  l1Ttl: 60_000,
  /** {@link TieredCacheOptions.busDown}: keep L1 under `l1MaxTtl` while the bus is down. */
  busDown: 'ttl',
  /** {@link TieredCacheOptions.timeout}: 1 s per L2 call or publish, in ms. */
  timeout: 1000,
  /** {@link TieredCacheOptions.breakerThreshold}: consecutive L2 failures. */
  breakerThreshold: 5,
  /** {@link TieredCacheOptions.breakerCooldown}: 5 s, in ms. */
  breakerCooldown: 5000,
  /** {@link TieredCacheOptions.busReconnectDelay}: 200 ms. */
  busReconnectDelay: 200,
} as const

const MAX_MS = 2 ** 31 - 1

/**
 * The validation spec of {@link TieredCacheOptions} (core's `OptionSpecs`: type, range and a
 * one-line description per option). Both the {@link TieredCache} constructor and
 * {@link backendProvider} check options with it, so unknown names are refused with the closest
 * valid one (`InvalidOptionError`, code `E_INVALID_OPTION`).
 */
export const tieredCacheOptionSpecs: OptionSpecs = {
  l1: {
    type: 'any',
    required: true,
    description: 'the sync first tier: a backend, or a createCache config / URL (provider only)',
  },
  l2: {
    type: 'any',
    required: true,
    description: 'the async second tier: a backend, or a createCache config / URL (provider only)',
  },
  bus: { type: 'any', description: 'an InvalidationBus, or false for none' },
  channel: { type: 'string', description: 'pub/sub channel (default warp:tiered:<l2 prefix>)' },
  l1MaxTtl: {
    type: 'integer',
    min: 1,
    max: MAX_MS,
    description: 'max L1 entry life in ms while the bus is down (default 5000)',
  },
  l1Ttl: {
    type: 'number',
    min: 0,
    allowInfinity: true,
    description: 'max L1 entry life in ms; 0 or Infinity: unbounded (default 60000)',
  },
  busDown: { type: 'string', oneOf: ['ttl', 'bypass'], description: "'ttl' (default) or 'bypass'" },
  timeout: {
    type: 'integer',
    min: 1,
    max: MAX_MS,
    description: 'longest wait per L2 call in ms (default 1000)',
  },
  breakerThreshold: {
    type: 'integer',
    min: 1,
    max: 1_000_000,
    description: 'consecutive L2 failures that open the breaker (default 5)',
  },
  breakerCooldown: {
    type: 'integer',
    min: 1,
    max: MAX_MS,
    description: 'ms the breaker stays open before a probe (default 5000)',
  },
  clock: { type: 'object', description: 'time source with now() in ms (default performance)' },
  busReconnectDelay: {
    type: 'integer',
    min: 1,
    max: MAX_MS,
    description: 'ms before each reconnect of the default bus subscriber (default 200)',
  },
  closeTiers: { type: 'boolean', description: 'close() closes l1 and l2 too (default true)' },
}
