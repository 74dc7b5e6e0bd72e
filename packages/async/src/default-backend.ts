import type { Clock, SyncBackend } from '@warp/core'
import { SieveCache } from '@warp/memory'

/**
 * The backend an async cache uses when none is given: a `SieveCache` of `max`
 * entries reading the cache's own clock, so physical expiry and entry
 * freshness agree.
 */
export function defaultBackend<K, V>(max: number, clock: Clock): SyncBackend<K, V> {
  return new SieveCache<K, V>({ max, perf: clock })
}
