import type { AnyBackend, Clock } from '@warp/core'
import type { CacheEntry } from './entry.js'

/** What a loader gets besides the key. */
export interface LoaderContext {
  /**
   * Aborts when every caller waiting for this load has aborted its own signal
   * (never for a background refresh). Pass it to `fetch`, drivers and the like.
   */
  signal: AbortSignal
}

/** Produces the value for a key on a miss; may return the value or a Promise of it. */
export type Loader<K, V> = (key: K, context: LoaderContext) => V | PromiseLike<V>

/** Where an error reported to {@link AsyncCacheOptions.onError} happened. */
export interface ErrorEvent<K> {
  /** The key being loaded or written. */
  key: K
  /**
   * `'refresh'`: a background stale-while-revalidate refresh rejected (the stale
   * value stays until it is fully stale). `'read'`: the backend failed to read
   * (the call went on as a miss and loaded). `'write'`: the backend refused to
   * store a loaded value or a cached error (the waiters still got the value).
   */
  during: 'refresh' | 'read' | 'write'
}

/** Options of {@link createAsyncCache}. */
export interface AsyncCacheOptions<K, V> {
  /**
   * Where entries live: any warp backend, `sync` (in-process, shared memory) or
   * `async` (networked). It stores one {@link CacheEntry} envelope per key (the
   * value plus its freshness times), so give the cache a backend of its own.
   * Byte backends work too: the envelope is a plain object core's codec encodes.
   *
   * Default: a `SieveCache` from `@warp/memory` with {@link AsyncCacheOptions.max} entries.
   */
  backend?: AnyBackend<K, CacheEntry<V>> | AnyBackend<K, unknown>
  /**
   * Most entries of the default backend; ignored when `backend` is given.
   * A positive integer; default `1000`.
   */
  max?: number
  /**
   * How long a loaded value stays fresh, in ms. `0` or `Infinity` (the default)
   * means forever. Overridable per call ({@link GetOrLoadOptions.ttl}).
   * When a `backend` you pass supports TTLs, entries are also given a backend
   * TTL of `ttl + staleWhileRevalidate`, so the store drops them once they can
   * no longer be served (the default backend is bounded by `max` instead).
   */
  ttl?: number
  /**
   * After `ttl`, how long (ms) a value is still served as stale while one
   * background refresh runs. Default `0`: no stale serving; an expired entry is
   * a miss. Needs a finite `ttl`. If the refresh fails, the stale value is
   * served until this window ends too. `Infinity` serves stale values forever.
   */
  staleWhileRevalidate?: number
  /**
   * How long (ms) one caller waits for a load before giving up: it then gets
   * the value it found in the cache if that was still servable (with
   * `forceRefresh`), or else rejects with `CacheError` `E_TIMEOUT`. The load
   * itself goes on and fills the cache. Default `0`: wait as long as it takes.
   * At most 2^31 − 1; overridable per call.
   */
  timeout?: number
  /**
   * Hard life limit of one load, in ms: a load (loader call plus its write)
   * that has not settled this long after it started is given up. Its
   * `signal` aborts with `CacheError` `E_TIMEOUT`, every caller still waiting
   * for it rejects with that error, and the next call for the key starts a new
   * load, so a loader that never settles cannot block its key forever.
   * Default: 10 × `timeout` when the cache has a `timeout`, else 300000
   * (5 minutes). A number from 1 to 2^31 − 1 (not `0` or `Infinity`: every load has a limit).
   */
  loadLimit?: number
  /**
   * Negative caching: how long (ms) a loader rejection is remembered and
   * replayed to callers without running the loader. Default `0`: rejections are
   * never cached, and the next call loads again. In a byte backend the error is
   * stored as `{ name, message, code }` and replayed as an `Error` with those.
   */
  negativeTtl?: number
  /**
   * With {@link AsyncCacheOptions.negativeTtl}, decides which rejections are
   * cached; default: all of them.
   */
  cacheErrorIf?: (error: unknown, key: K) => boolean
  /**
   * Time source for freshness, in ms. Default `Date` (wall-clock time, which
   * every process on a machine shares, so a cross-process backend ages entries
   * alike). Tests pass a `ManualClock` from `@warp/core`. The default backend
   * reads the same clock.
   */
  clock?: Clock
  /**
   * Called with errors nobody awaits: failed background refreshes, and backend
   * reads and writes that failed (see {@link ErrorEvent}); a cache that cannot
   * be read or written degrades to calling the loader, it does not fail callers. Both are also counted in
   * {@link AsyncCacheStats}. Default: none.
   */
  onError?: (error: unknown, event: ErrorEvent<K>) => void
}

/** Per-call options of {@link AsyncCache.getOrLoad}. */
export interface GetOrLoadOptions {
  /**
   * Lets this caller stop waiting: when it aborts, this call rejects with
   * `signal.reason`. Other callers waiting for the same load are not affected;
   * the loader's own signal aborts only when all of them have aborted.
   */
  signal?: AbortSignal
  /** TTL (ms) for the value this call's load writes; default: the cache's `ttl`. */
  ttl?: number
  /**
   * Skip the cached value and wait for a load (a load already running for the
   * key is joined rather than duplicated). With a `timeout`, the skipped value
   * is the fallback when the load is slow.
   */
  forceRefresh?: boolean
  /** This call's timeout (ms); default: the cache's `timeout`. */
  timeout?: number
}

/** Per-call options of {@link AsyncCache.set}. */
export interface AsyncSetOptions {
  /** TTL (ms) of this value; default: the cache's `ttl`. */
  ttl?: number
}
