// biome-ignore-all lint/suspicious/noConfusingVoidType: lru-cache's public signatures use `void` for "no context"
// The option, status and callback types of LRUCache. They keep the names and shapes of
// lru-cache v11 so code typed against `LRUCache.Options<K, V, FC>` and friends compiles
// unchanged; `lru-cache.ts` re-exports them inside the `LRUCache` namespace.

import type { Clock } from '@warp/core'
import type { LRUCache } from './lru-cache.js'

/**
 * A source of time in milliseconds: `@warp/core`'s `Clock` under the name lru-cache uses
 * for its `perf` option.
 * @deprecated Use `Clock` from `@warp/core`; kept for code that imported it.
 */
export type Perf = Clock

/** A size in the unit of `maxSize` (a positive integer). */
export type LruSize = number
/** A duration in milliseconds. */
export type LruMilliseconds = number
/** A number of entries. */
export type LruCount = number

/**
 * Why an entry left the cache: `'evict'` (SIEVE made room), `'set'` (overwritten),
 * `'delete'` (`delete`/`clear`), `'expire'` (TTL passed), `'fetch'` (a fetch resolved
 * to `undefined` or was rejected/aborted and the entry was dropped).
 */
export type LruDisposeReason = 'evict' | 'set' | 'delete' | 'expire' | 'fetch'
/** Called when an entry leaves the cache. */
export type LruDisposer<K, V> = (value: V, key: K, reason: LruDisposeReason) => void
/** `'add'` a new key, `'update'` the same value again, `'replace'` a different value. */
export type LruInsertReason = 'add' | 'update' | 'replace'
/** Called when a value is stored. */
export type LruInserter<K, V> = (value: V, key: K, reason: LruInsertReason) => void
/** Computes an entry's size (a positive integer). */
export type LruSizeCalculator<K, V> = (value: V, key: K) => LruSize

/** The third argument of a `fetchMethod`. */
export interface LruFetcherOptions<K, V, FC = unknown> {
  /** Aborted when the fetch is no longer wanted (the entry was deleted, evicted or replaced). */
  signal: AbortSignal
  /** The fetch options in force; the method may change `ttl`, `size`, etc. of the result. */
  options: LruFetcherFetchOptions<K, V, FC>
  /** The `context` passed to `fetch()`. */
  context: FC
}

/**
 * Pass a `status` object to `get`, `set`, `has`, `peek`, `fetch` or `memo` and it is
 * filled in with what happened; for debugging and metrics.
 */
export interface LruStatus<K, V, FC = unknown> {
  /** The operation. */
  op?: 'get' | 'set' | 'memo' | 'fetch' | 'delete' | 'has' | 'peek'
  /** What `set` did. `'miss'` means the entry was too large; `'deleted'` that the value was `undefined`. */
  set?: 'add' | 'update' | 'replace' | 'miss' | 'deleted'
  /** Why an entry was deleted. */
  delete?: LruDisposeReason
  /** Result of `peek`. */
  peek?: 'hit' | 'miss' | 'stale'
  /** Result of `memo`. */
  memo?: 'hit' | 'miss'
  /** The `context` option of `fetch`/`memo`. */
  context?: unknown
  /** The entry's TTL in ms. */
  ttl?: LruMilliseconds
  /** When the entry's TTL started (`perf.now()` units). */
  start?: LruMilliseconds
  /** `perf.now()` when the status was recorded. */
  now?: LruMilliseconds
  /** TTL left in ms. */
  remainingTTL?: LruMilliseconds
  /** The size of the stored entry. */
  entrySize?: LruSize
  /** `calculatedSize` after the operation. */
  totalCalculatedSize?: LruSize
  /** Set when the entry exceeded `maxEntrySize` and was not stored. */
  maxEntrySizeExceeded?: true
  /** The key. */
  key?: K
  /** The value stored or returned. */
  value?: V
  /** The value a `set` replaced. */
  oldValue?: V
  /** Result of `has`. */
  has?: 'hit' | 'stale' | 'miss'
  /** Result of `fetch`. */
  fetch?: 'get' | 'inflight' | 'miss' | 'hit' | 'stale' | 'refresh'
  /** `fetch`/`memo` was called with `forceRefresh`. */
  forceRefresh?: boolean
  /** The `fetchMethod` was called. */
  fetchDispatched?: true
  /** The fetched value was stored. */
  fetchUpdated?: true
  /** The error a fetch failed or was aborted with. */
  fetchError?: Error
  /** The fetch was aborted. */
  fetchAborted?: true
  /** The abort was ignored (`ignoreFetchAbort`). */
  fetchAbortIgnored?: true
  /** The `fetchMethod` resolved. */
  fetchResolved?: true
  /** The `fetchMethod` rejected. */
  fetchRejected?: true
  /** Result of `get`. */
  get?: 'stale' | 'hit' | 'miss' | 'fetching' | 'stale-fetching'
  /** A stale value was returned. */
  returnedStale?: true
  /** Kept for type compatibility with lru-cache; warp never sets it (no tracing channel). */
  trace?: boolean
  /** The cache the status belongs to. */
  cache?: LRUCache<K & {}, V & {}, FC>
}

/** The options a `fetchMethod` sees and may change. */
export interface LruFetcherFetchOptions<K, V, FC = unknown>
  extends Pick<
    LruOptionsBase<K, V, FC>,
    | 'allowStale'
    | 'updateAgeOnGet'
    | 'noDeleteOnStaleGet'
    | 'sizeCalculation'
    | 'ttl'
    | 'noDisposeOnSet'
    | 'noUpdateTTL'
    | 'noDeleteOnFetchRejection'
    | 'allowStaleOnFetchRejection'
    | 'ignoreFetchAbort'
    | 'allowStaleOnFetchAbort'
  > {
  status?: LruStatus<K, V, FC>
  /** LruSize of the fetched entry, instead of `sizeCalculation`. */
  size?: LruSize
}

/** LruOptions of `fetch()` and `forceFetch()`. */
export interface LruFetchOptions<K, V, FC> extends LruFetcherFetchOptions<K, V, FC> {
  /** Call `fetchMethod` even when a fresh value is cached. */
  forceRefresh?: boolean
  /** Passed to `fetchMethod` as `options.context`. */
  context?: FC
  /**
   * Aborts this fetch (and the shared background fetch): `fetchMethod`'s own signal aborts,
   * and the promise settles as `allowStaleOnFetchAbort` and `ignoreFetchAbort` say. A signal
   * that is already aborted aborts the fetch at once. The cache stops listening to it when
   * the fetch settles, so one long-lived signal can serve many fetches.
   */
  signal?: AbortSignal
  status?: LruStatus<K, V, FC>
}
/** `fetch` options when the cache has a required context type. */
export interface LruFetchOptionsWithContext<K, V, FC> extends LruFetchOptions<K, V, FC> {
  context: FC
}
/** `fetch` options when the context type is `undefined`/`void`. */
export interface LruFetchOptionsNoContext<K, V, FC extends undefined | void = undefined>
  extends LruFetchOptions<K, V, FC> {
  context?: FC
}

/** LruOptions of `memo()`. */
export interface LruMemoOptions<K, V, FC = unknown>
  extends Pick<
    LruOptionsBase<K, V, FC>,
    | 'allowStale'
    | 'updateAgeOnGet'
    | 'noDeleteOnStaleGet'
    | 'sizeCalculation'
    | 'ttl'
    | 'noDisposeOnSet'
    | 'noUpdateTTL'
    | 'noDeleteOnFetchRejection'
    | 'allowStaleOnFetchRejection'
    | 'ignoreFetchAbort'
    | 'allowStaleOnFetchAbort'
  > {
  /** Call `memoMethod` even when a value is cached. */
  forceRefresh?: boolean
  /** Passed to `memoMethod` as `options.context`. */
  context?: FC
  status?: LruStatus<K, V, FC>
}
/** `memo` options when the cache has a required context type. */
export interface LruMemoOptionsWithContext<K, V, FC> extends LruMemoOptions<K, V, FC> {
  context: FC
}
/** `memo` options when the context type is `undefined`/`void`. */
export interface LruMemoOptionsNoContext<K, V, FC extends undefined | void = undefined>
  extends LruMemoOptions<K, V, FC> {
  context?: FC
}
/** The third argument of a `memoMethod`. */
export interface LruMemoizerOptions<K, V, FC = unknown> {
  options: LruMemoizerMemoOptions<K, V, FC>
  context: FC
}
/** The options a `memoMethod` sees. */
export interface LruMemoizerMemoOptions<K, V, FC = unknown>
  extends Pick<
    LruOptionsBase<K, V, FC>,
    | 'allowStale'
    | 'updateAgeOnGet'
    | 'noDeleteOnStaleGet'
    | 'sizeCalculation'
    | 'ttl'
    | 'noDisposeOnSet'
    | 'noUpdateTTL'
  > {
  status?: LruStatus<K, V, FC>
  size?: LruSize
  start?: LruMilliseconds
}
/** LruOptions of `has()`. */
export interface LruHasOptions<K, V, FC> extends Pick<LruOptionsBase<K, V, FC>, 'updateAgeOnHas'> {
  status?: LruStatus<K, V, FC>
}
/** LruOptions of `get()`. */
export interface LruGetOptions<K, V, FC>
  extends Pick<LruOptionsBase<K, V, FC>, 'allowStale' | 'updateAgeOnGet' | 'noDeleteOnStaleGet'> {
  status?: LruStatus<K, V, FC>
}
/** LruOptions of `peek()`. */
export interface LruPeekOptions<K, V, FC> extends Pick<LruOptionsBase<K, V, FC>, 'allowStale'> {
  status?: LruStatus<K, V, FC>
}
/** LruOptions of `set()`. */
export interface LruSetOptions<K, V, FC>
  extends Pick<
    LruOptionsBase<K, V, FC>,
    'sizeCalculation' | 'ttl' | 'noDisposeOnSet' | 'noUpdateTTL'
  > {
  /** The entry's size, instead of `sizeCalculation`. */
  size?: LruSize
  /** When the TTL starts, in `perf.now()` units (default: now). */
  start?: LruMilliseconds
  status?: LruStatus<K, V, FC>
}

/** The `fetchMethod`: loads a value for `fetch()`; `undefined` means "nothing to store". */
export type LruFetcher<K, V, FC = unknown> = (
  key: K,
  staleValue: V | undefined,
  options: LruFetcherOptions<K, V, FC>,
) => Promise<V | undefined | void> | V | undefined | void
/** The `memoMethod`: computes a value for `memo()` synchronously. */
export type LruMemoizer<K, V, FC = unknown> = (
  key: K,
  staleValue: V | undefined,
  options: LruMemoizerOptions<K, V, FC>,
) => V

/** Every constructor option. At least one of `max`, `maxSize` or `ttl` is required. */
export interface LruOptionsBase<K, V, FC> {
  /**
   * Most entries kept; when full, SIEVE evicts. A positive integer, or 0/unset when
   * `maxSize` or `ttl` bounds the cache. Internal arrays grow on demand up to it.
   */
  max?: LruCount
  /**
   * Default time to live in ms (a positive integer); 0/unset = no TTL. Stale entries
   * are not returned (unless `allowStale`) and are deleted when read.
   */
  ttl?: LruMilliseconds
  /** Reuse one `perf.now()` reading for this many ms (default 1); 0 reads the clock every time. */
  ttlResolution?: LruMilliseconds
  /** Delete entries with a timer when their TTL passes (one timer per entry). Default false. */
  ttlAutopurge?: boolean
  /** `get` restarts the entry's TTL. Default false. */
  updateAgeOnGet?: boolean
  /** `has` restarts the entry's TTL. Default false. */
  updateAgeOnHas?: boolean
  /** Return a stale value (once, before deleting it) instead of `undefined`. Default false. */
  allowStale?: boolean
  /** Called when an entry leaves the cache (before the removal completes for `'set'`). */
  dispose?: LruDisposer<K, V>
  /** Called whenever a value is stored. */
  onInsert?: LruInserter<K, V>
  /** Like `dispose`, but called after the operation has finished changing the cache. */
  disposeAfter?: LruDisposer<K, V>
  /** Do not call `dispose`/`disposeAfter` when `set` replaces a value. Default false. */
  noDisposeOnSet?: boolean
  /** `set` on an existing key keeps its TTL. Default false. */
  noUpdateTTL?: boolean
  /** Upper bound of the sum of entry sizes (a positive integer); needs sizes. */
  maxSize?: LruSize
  /**
   * Size counted for an in-flight fetch without a stale value: a nonnegative integer
   * (a `TypeError` otherwise). Default 1.
   */
  backgroundFetchSize?: number
  /** Largest size of one entry; bigger ones are not stored. Defaults to `maxSize`. */
  maxEntrySize?: LruSize
  /** Computes sizes; needs `maxSize` or `maxEntrySize`. */
  sizeCalculation?: LruSizeCalculator<K, V>
  /** Loads values for `fetch()`. */
  fetchMethod?: LruFetcher<K, V, FC>
  /** Computes values for `memo()`. */
  memoMethod?: LruMemoizer<K, V, FC>
  /** A rejected fetch leaves the stale value in place. Default false. */
  noDeleteOnFetchRejection?: boolean
  /** Reading a stale entry does not delete it. Default false. */
  noDeleteOnStaleGet?: boolean
  /** A rejected fetch resolves to the stale value. Default false. */
  allowStaleOnFetchRejection?: boolean
  /** An aborted fetch resolves to the stale value (the fetch still completes). Default false. */
  allowStaleOnFetchAbort?: boolean
  /** Keep a fetch's result even when its signal was aborted. Default false. */
  ignoreFetchAbort?: boolean
  /** The clock (`now()` in ms) for TTLs; default `performance`, looked up at construction. */
  perf?: Clock
  /**
   * The eviction policy (warp's addition; lru-cache has only LRU). Default `'sieve'`.
   * - `'sieve'`: SIEVE (NSDI '24), exact. A read marks the entry visited instead of moving
   *   it, so hits are cheapest; iteration (`keys()`, `entries()`, `forEach`, …) runs from
   *   the newest-inserted entry, the `r*` methods and `dump()` from the oldest, and `pop()`
   *   removes what SIEVE would evict next.
   * - `'lru'`: exact least-recently-used, as lru-cache: eviction, iteration (most recently
   *   used first; `r*` least first), `dispose` order, `pop()` and `dump()` are identical to
   *   lru-cache's for the same calls.
   * - `'tinylfu'`: W-TinyLFU with an adaptive window (an LRU window, a segmented main space,
   *   a 4-bit count-min sketch with aging, an admission bias and window learned from the
   *   contests' close calls), sized by `max`
   *   (bounded only by `maxSize` or `ttl`, it behaves as LRU). Best hit ratio on mixed and
   *   scan/loop workloads. It may refuse a new entry: when the cache is full, a recent entry
   *   that loses the admission contest is evicted (disposed with reason `'evict'`), so a
   *   `get` right after `set` may miss. Iteration: window, then probation, then protected,
   *   most recent first within each.
   *
   * Anything else throws an `InvalidOptionError` (a `TypeError`) naming the option.
   */
  policy?: 'sieve' | 'lru' | 'tinylfu'
  /**
   * Seed of the key hashes (the key index's, which the `'tinylfu'` sketch counts by too) and
   * of tinylfu's admission coin, a uint32. Default: random per instance, which keeps attackers
   * from aiming keys at one probe run of the index or at the sketch's counters; set it only
   * for reproducible tests.
   */
  seed?: number
}
/** LruOptions with a `max`. */
export interface LruOptionsMaxLimit<K, V, FC> extends LruOptionsBase<K, V, FC> {
  max: LruCount
}
/** LruOptions bounded by TTL only. */
export interface LruOptionsTTLLimit<K, V, FC> extends LruOptionsBase<K, V, FC> {
  ttl: LruMilliseconds
  ttlAutopurge: boolean
}
/** LruOptions bounded by size. */
export interface LruOptionsSizeLimit<K, V, FC> extends LruOptionsBase<K, V, FC> {
  maxSize: LruSize
}
/** The constructor options: bounded by `max`, `maxSize` or `ttl`. */
export type LruOptions<K, V, FC> =
  | LruOptionsMaxLimit<K, V, FC>
  | LruOptionsSizeLimit<K, V, FC>
  | LruOptionsTTLLimit<K, V, FC>

/** One entry of `dump()` / `info()`; `start` is a `Date.now()` time so dumps survive restarts. */
export interface LruEntry<V> {
  value: V
  ttl?: LruMilliseconds
  size?: LruSize
  start?: LruMilliseconds
}

/** An in-flight `fetchMethod` call stored in place of a value. */
export type BackgroundFetch<V> = Promise<V | undefined> & {
  /**
   * The promise itself once it has been handed to a caller (by `fetch()`), so a failed
   * fetch rejects for that caller instead of being swallowed; `undefined` until then.
   */
  __returned: BackgroundFetch<V> | undefined
  /**
   * Aborts the `fetchMethod`'s `signal` when the fetch is no longer wanted: the entry was
   * deleted, replaced, evicted or cleared, or the caller's own `signal` aborted.
   */
  __abortController: AbortController
  /**
   * The stale value that was cached when this fetch started, served meanwhile to callers
   * that allow stale values; `undefined` when there was none.
   */
  __staleWhileFetching: V | undefined
}

/** A queued `disposeAfter` call. */
export type DisposeTask<K, V> = [value: V, key: K, reason: LruDisposeReason]
