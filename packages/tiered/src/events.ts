import { channel } from 'node:diagnostics_channel'
import type { BreakerState } from './breaker.js'

/**
 * The `node:diagnostics_channel` channels a {@link TieredCache} reports on. Each message has
 * `cache` (the instance) and the fields listed; the `Tiered*Event` interfaces give their types.
 * Publishing is skipped when a channel has no subscribers, so the events cost one property
 * read when nobody listens.
 *
 * | channel | message |
 * |---|---|
 * | `warp:tiered:hit` | {@link TieredHitEvent}: `tier: 'l1' \| 'l2'`, `key` |
 * | `warp:tiered:miss` | {@link TieredMissEvent}: `key` (missed in both tiers) |
 * | `warp:tiered:bus` | {@link TieredBusEvent}: `state: 'connected' \| 'disconnected'`, `reason?` |
 * | `warp:tiered:invalidation` | {@link TieredInvalidationEvent}: `origin`, `keys` (decoded; `null` = all), `latency` (ms since sent) |
 * | `warp:tiered:l2-error` | {@link TieredL2ErrorEvent}: `operation`, `error` |
 * | `warp:tiered:breaker` | {@link TieredBreakerEvent}: `state: 'closed' \| 'open' \| 'half-open'` |
 *
 * @example
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel'
 * subscribe('warp:tiered:invalidation', (m) => {
 *   const { keys, latency } = m as TieredInvalidationEvent
 *   console.log(`dropped ${keys?.length ?? 'all'} key(s), ${latency.toFixed(2)} ms after the write`)
 * })
 * ```
 */
export const tieredChannels = {
  /** `warp:tiered:hit`: a read answered by L1 or L2 ({@link TieredHitEvent}). */
  hit: channel('warp:tiered:hit'),
  /** `warp:tiered:miss`: a read that missed both tiers ({@link TieredMissEvent}). */
  miss: channel('warp:tiered:miss'),
  /** `warp:tiered:bus`: the invalidation subscription came up or went down ({@link TieredBusEvent}). */
  bus: channel('warp:tiered:bus'),
  /** `warp:tiered:invalidation`: another instance's invalidation was applied ({@link TieredInvalidationEvent}). */
  invalidation: channel('warp:tiered:invalidation'),
  /** `warp:tiered:l2-error`: an L2 call or a publish failed or timed out ({@link TieredL2ErrorEvent}). */
  l2Error: channel('warp:tiered:l2-error'),
  /** `warp:tiered:breaker`: the L2 circuit breaker changed state ({@link TieredBreakerEvent}). */
  breaker: channel('warp:tiered:breaker'),
} as const

/** What every message on the {@link tieredChannels} carries. */
export interface TieredEvent {
  /** The {@link TieredCache} instance that reports (compare by identity to filter one cache). */
  cache: unknown
}

/** A message on `warp:tiered:hit`. */
export interface TieredHitEvent extends TieredEvent {
  /** Which tier answered: `'l1'` (no I/O) or `'l2'` (the value was then copied into L1). */
  tier: 'l1' | 'l2'
  /** The key read, as the caller passed it. */
  key: unknown
}

/** A message on `warp:tiered:miss`: the key was in neither tier. */
export interface TieredMissEvent extends TieredEvent {
  /** The key read, as the caller passed it. */
  key: unknown
}

/** A message on `warp:tiered:bus`. */
export interface TieredBusEvent extends TieredEvent {
  /**
   * `'connected'`: the subscription is live (first time, or after a reconnect — L1 was then
   * emptied if it may have missed invalidations). `'disconnected'`: invalidations published
   * from now until the next `'connected'` are lost; L1 is bounded by `l1MaxTtl` meanwhile.
   */
  state: 'connected' | 'disconnected'
  /** Why the subscriber went down (an `Error` from the bus); only with `'disconnected'`. */
  reason?: unknown
}

/** A message on `warp:tiered:invalidation`: another instance's write, applied to this L1. */
export interface TieredInvalidationEvent extends TieredEvent {
  /** The id ({@link TieredCache.id}) of the instance that wrote. */
  origin: string
  /** The keys dropped from this L1, decoded; `null` when the writer called `clear()` (all keys). */
  keys: unknown[] | null
  /**
   * Milliseconds from the writer's publish to this instance applying it. Between processes of
   * one Linux machine: exact (fractional), by the machine's monotonic clock. Otherwise (another
   * machine, or a writer on another OS or an older version): by the two wall clocks, in whole
   * ms and off by their clock offset, so it can even be negative.
   */
  latency: number
}

/** A message on `warp:tiered:l2-error`. */
export interface TieredL2ErrorEvent extends TieredEvent {
  /**
   * The call that failed: an L2 operation (`'get'`, `'set'`, `'has'`, `'delete'`, `'clear'`,
   * `'size'`, `'stats'`) or `'publish'` (an invalidation that could not be sent; the write
   * itself had succeeded).
   */
  operation: string
  /** The failure: L2's error, or a `CacheError` `E_TIMEOUT` past the `timeout` option. */
  error: unknown
}

/** A message on `warp:tiered:breaker`: the L2 circuit breaker moved to `state`. */
export interface TieredBreakerEvent extends TieredEvent {
  /** The new state (see {@link CircuitBreaker}). */
  state: BreakerState
}
