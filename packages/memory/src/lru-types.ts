// biome-ignore-all lint/suspicious/noConfusingVoidType: lru-cache's public signatures use `void` for "no context"
// The option, status and callback types of LRUCache. They keep the names and shapes of
// lru-cache v11 so code typed against `LRUCache.Options<K, V, FC>` and friends compiles
// unchanged; `lru-cache.ts` re-exports them inside the `LRUCache` namespace.

import type { LRUCache } from './lru-cache.js'
import type { Perf } from './options.js'

/** A size in the unit of `maxSize` (a positive integer). */
export type Size = number
/** A duration in milliseconds. */
export type Milliseconds = number
/** A number of entries. */
export type Count = number

/**
 * Why an entry left the cache: `'evict'` (SIEVE made room), `'set'` (overwritten),
 * `'delete'` (`delete`/`clear`), `'expire'` (TTL passed), `'fetch'` (a fetch resolved
 * to `undefined` or was rejected/aborted and the entry was dropped).
 */
export type DisposeReason = 'evict' | 'set' | 'delete' | 'expire' | 'fetch'
/** Called when an entry leaves the cache. */
export type Disposer<K, V> = (value: V, key: K, reason: DisposeReason) => void
/** `'add'` a new key, `'update'` the same value again, `'replace'` a different value. */
export type InsertReason = 'add' | 'update' | 'replace'
/** Called when a value is stored. */
export type Inserter<K, V> = (value: V, key: K, reason: InsertReason) => void
/** Computes an entry's size (a positive integer). */
export type SizeCalculator<K, V> = (value: V, key: K) => Size

/** The third argument of a `fetchMethod`. */
export interface FetcherOptions<K, V, FC = unknown> {
  /** Aborted when the fetch is no longer wanted (the entry was deleted, evicted or replaced). */
  signal: AbortSignal
  /** The fetch options in force; the method may change `ttl`, `size`, etc. of the result. */
  options: FetcherFetchOptions<K, V, FC>
  /** The `context` passed to `fetch()`. */
  context: FC
}

/**
 * Pass a `status` object to `get`, `set`, `has`, `peek`, `fetch` or `memo` and it is
 * filled in with what happened; for debugging and metrics.
 */
export interface Status<K, V, FC = unknown> {
  /** The operation. */
  op?: 'get' | 'set' | 'memo' | 'fetch' | 'delete' | 'has' | 'peek'
  /** What `set` did. `'miss'` means the entry was too large; `'deleted'` that the value was `undefined`. */
  set?: 'add' | 'update' | 'replace' | 'miss' | 'deleted'
  /** Why an entry was deleted. */
  delete?: DisposeReason
  /** Result of `peek`. */
  peek?: 'hit' | 'miss' | 'stale'
  /** Result of `memo`. */
  memo?: 'hit' | 'miss'
  /** The `context` option of `fetch`/`memo`. */
  context?: unknown
  /** The entry's TTL in ms. */
  ttl?: Milliseconds
  /** When the entry's TTL started (`perf.now()` units). */
  start?: Milliseconds
  /** `perf.now()` when the status was recorded. */
  now?: Milliseconds
  /** TTL left in ms. */
  remainingTTL?: Milliseconds
  /** The size of the stored entry. */
  entrySize?: Size
  /** `calculatedSize` after the operation. */
  totalCalculatedSize?: Size
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
export interface FetcherFetchOptions<K, V, FC = unknown>
  extends Pick<
    OptionsBase<K, V, FC>,
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
  status?: Status<K, V, FC>
  /** Size of the fetched entry, instead of `sizeCalculation`. */
  size?: Size
}

/** Options of `fetch()` and `forceFetch()`. */
export interface FetchOptions<K, V, FC> extends FetcherFetchOptions<K, V, FC> {
  /** Call `fetchMethod` even when a fresh value is cached. */
  forceRefresh?: boolean
  /** Passed to `fetchMethod` as `options.context`. */
  context?: FC
  /** Aborts this fetch (and the shared background fetch). */
  signal?: AbortSignal
  status?: Status<K, V, FC>
}
/** `fetch` options when the cache has a required context type. */
export interface FetchOptionsWithContext<K, V, FC> extends FetchOptions<K, V, FC> {
  context: FC
}
/** `fetch` options when the context type is `undefined`/`void`. */
export interface FetchOptionsNoContext<K, V, FC extends undefined | void = undefined>
  extends FetchOptions<K, V, FC> {
  context?: FC
}

/** Options of `memo()`. */
export interface MemoOptions<K, V, FC = unknown>
  extends Pick<
    OptionsBase<K, V, FC>,
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
  status?: Status<K, V, FC>
}
/** `memo` options when the cache has a required context type. */
export interface MemoOptionsWithContext<K, V, FC> extends MemoOptions<K, V, FC> {
  context: FC
}
/** `memo` options when the context type is `undefined`/`void`. */
export interface MemoOptionsNoContext<K, V, FC extends undefined | void = undefined>
  extends MemoOptions<K, V, FC> {
  context?: FC
}
/** The third argument of a `memoMethod`. */
export interface MemoizerOptions<K, V, FC = unknown> {
  options: MemoizerMemoOptions<K, V, FC>
  context: FC
}
/** The options a `memoMethod` sees. */
export interface MemoizerMemoOptions<K, V, FC = unknown>
  extends Pick<
    OptionsBase<K, V, FC>,
    | 'allowStale'
    | 'updateAgeOnGet'
    | 'noDeleteOnStaleGet'
    | 'sizeCalculation'
    | 'ttl'
    | 'noDisposeOnSet'
    | 'noUpdateTTL'
  > {
  status?: Status<K, V, FC>
  size?: Size
  start?: Milliseconds
}
/** Options of `has()`. */
export interface HasOptions<K, V, FC> extends Pick<OptionsBase<K, V, FC>, 'updateAgeOnHas'> {
  status?: Status<K, V, FC>
}
/** Options of `get()`. */
export interface GetOptions<K, V, FC>
  extends Pick<OptionsBase<K, V, FC>, 'allowStale' | 'updateAgeOnGet' | 'noDeleteOnStaleGet'> {
  status?: Status<K, V, FC>
}
/** Options of `peek()`. */
export interface PeekOptions<K, V, FC> extends Pick<OptionsBase<K, V, FC>, 'allowStale'> {
  status?: Status<K, V, FC>
}
/** Options of `set()`. */
export interface SetOptions<K, V, FC>
  extends Pick<
    OptionsBase<K, V, FC>,
    'sizeCalculation' | 'ttl' | 'noDisposeOnSet' | 'noUpdateTTL'
  > {
  /** The entry's size, instead of `sizeCalculation`. */
  size?: Size
  /** When the TTL starts, in `perf.now()` units (default: now). */
  start?: Milliseconds
  status?: Status<K, V, FC>
}

/** The `fetchMethod`: loads a value for `fetch()`; `undefined` means "nothing to store". */
export type Fetcher<K, V, FC = unknown> = (
  key: K,
  staleValue: V | undefined,
  options: FetcherOptions<K, V, FC>,
) => Promise<V | undefined | void> | V | undefined | void
/** The `memoMethod`: computes a value for `memo()` synchronously. */
export type Memoizer<K, V, FC = unknown> = (
  key: K,
  staleValue: V | undefined,
  options: MemoizerOptions<K, V, FC>,
) => V

/** Every constructor option. At least one of `max`, `maxSize` or `ttl` is required. */
export interface OptionsBase<K, V, FC> {
  /**
   * Most entries kept; when full, SIEVE evicts. A positive integer, or 0/unset when
   * `maxSize` or `ttl` bounds the cache. Internal arrays grow on demand up to it.
   */
  max?: Count
  /**
   * Default time to live in ms (a positive integer); 0/unset = no TTL. Stale entries
   * are not returned (unless `allowStale`) and are deleted when read.
   */
  ttl?: Milliseconds
  /** Reuse one `perf.now()` reading for this many ms (default 1); 0 reads the clock every time. */
  ttlResolution?: Milliseconds
  /** Delete entries with a timer when their TTL passes (one timer per entry). Default false. */
  ttlAutopurge?: boolean
  /** `get` restarts the entry's TTL. Default false. */
  updateAgeOnGet?: boolean
  /** `has` restarts the entry's TTL. Default false. */
  updateAgeOnHas?: boolean
  /** Return a stale value (once, before deleting it) instead of `undefined`. Default false. */
  allowStale?: boolean
  /** Called when an entry leaves the cache (before the removal completes for `'set'`). */
  dispose?: Disposer<K, V>
  /** Called whenever a value is stored. */
  onInsert?: Inserter<K, V>
  /** Like `dispose`, but called after the operation has finished changing the cache. */
  disposeAfter?: Disposer<K, V>
  /** Do not call `dispose`/`disposeAfter` when `set` replaces a value. Default false. */
  noDisposeOnSet?: boolean
  /** `set` on an existing key keeps its TTL. Default false. */
  noUpdateTTL?: boolean
  /** Upper bound of the sum of entry sizes (a positive integer); needs sizes. */
  maxSize?: Size
  /** Size counted for an in-flight fetch without a stale value. Default 1. */
  backgroundFetchSize?: number
  /** Largest size of one entry; bigger ones are not stored. Defaults to `maxSize`. */
  maxEntrySize?: Size
  /** Computes sizes; needs `maxSize` or `maxEntrySize`. */
  sizeCalculation?: SizeCalculator<K, V>
  /** Loads values for `fetch()`. */
  fetchMethod?: Fetcher<K, V, FC>
  /** Computes values for `memo()`. */
  memoMethod?: Memoizer<K, V, FC>
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
  perf?: Perf
}
/** Options with a `max`. */
export interface OptionsMaxLimit<K, V, FC> extends OptionsBase<K, V, FC> {
  max: Count
}
/** Options bounded by TTL only. */
export interface OptionsTTLLimit<K, V, FC> extends OptionsBase<K, V, FC> {
  ttl: Milliseconds
  ttlAutopurge: boolean
}
/** Options bounded by size. */
export interface OptionsSizeLimit<K, V, FC> extends OptionsBase<K, V, FC> {
  maxSize: Size
}
/** The constructor options: bounded by `max`, `maxSize` or `ttl`. */
export type Options<K, V, FC> =
  | OptionsMaxLimit<K, V, FC>
  | OptionsSizeLimit<K, V, FC>
  | OptionsTTLLimit<K, V, FC>

/** One entry of `dump()` / `info()`; `start` is a `Date.now()` time so dumps survive restarts. */
export interface Entry<V> {
  value: V
  ttl?: Milliseconds
  size?: Size
  start?: Milliseconds
}

/** An in-flight `fetchMethod` call stored in place of a value. */
export type BackgroundFetch<V> = Promise<V | undefined> & {
  __returned: BackgroundFetch<V> | undefined
  __abortController: AbortController
  __staleWhileFetching: V | undefined
}

/** A queued `disposeAfter` call. */
export type DisposeTask<K, V> = [value: V, key: K, reason: DisposeReason]
