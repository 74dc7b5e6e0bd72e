import type { CacheStats } from '@warp/core'

/** Counters of an {@link AsyncCache} (and of a function made by `memoizeAsync`) since it was created. */
export interface AsyncCacheStats {
  /** Calls answered with a fresh cached value. */
  hits: number
  /** Calls answered with a stale value: within `staleWhileRevalidate`, or after a `timeout`. */
  staleHits: number
  /** Calls answered by replaying a cached rejection (negative caching). */
  negativeHits: number
  /** Calls that found no usable entry (or asked for `forceRefresh`) and so waited for a load. */
  misses: number
  /** Of the misses, those that joined a load another call had already started. */
  coalesced: number
  /** Loader calls, including background refreshes. */
  loads: number
  /**
   * Over a backend with load claims: misses answered by a load another process
   * ran (this process waited for its claim and read the value it published).
   */
  remoteLoads: number
  /** Over a backend with load claims: loads this process took over from a dead or late holder. */
  takeovers: number
  /** Loader calls that rejected (or threw). */
  loadErrors: number
  /** Background refreshes started for stale entries. */
  refreshes: number
  /** Background refreshes whose loader rejected; the stale value stayed. */
  refreshErrors: number
  /** Waiters that gave up after their `timeout`. */
  timeouts: number
  /** Backend reads that failed (each was treated as a miss). */
  readErrors: number
  /** Results that could not be written to the backend (the waiters still got them). */
  writeErrors: number
  /** Loads running now. */
  inFlight: number
  /** The backend's own counters (its hits and misses count entries, stale ones included). */
  backend: CacheStats
}

/** The counters an {@link AsyncCache} keeps itself (everything but `inFlight` and `backend`). */
export type OwnCounters = Omit<AsyncCacheStats, 'inFlight' | 'backend'>

/** A zeroed set of {@link OwnCounters}. */
export function emptyCounters(): OwnCounters {
  return {
    hits: 0,
    staleHits: 0,
    negativeHits: 0,
    misses: 0,
    coalesced: 0,
    loads: 0,
    remoteLoads: 0,
    takeovers: 0,
    loadErrors: 0,
    refreshes: 0,
    refreshErrors: 0,
    timeouts: 0,
    readErrors: 0,
    writeErrors: 0,
  }
}
