import type { AnyFunction } from '@warp/core'
import { ArgumentKeys, checkOptions } from '@warp/core'
import { encodeKeyString } from '@warp/core/codec'
import { AsyncCache, lookup } from './async-cache.js'
import { MEMOIZE_ASYNC_OPTIONS } from './option-specs.js'
import type { AsyncCacheOptions, GetOrLoadOptions } from './options.js'
import type { AsyncCacheStats } from './stats.js'

/** The resolved result type of `F`. */
export type AsyncResult<F extends AnyFunction> = Awaited<ReturnType<F>>

/** `F` with its result made a Promise (kept as is when `F` already returns one). */
export type AsyncVersion<F extends AnyFunction> =
  ReturnType<F> extends Promise<unknown>
    ? F
    : (this: ThisParameterType<F>, ...args: Parameters<F>) => Promise<AsyncResult<F>>

/** Options of {@link memoizeAsync}: those of {@link createAsyncCache} plus `key`. */
export interface MemoizeAsyncOptions<F extends AnyFunction, K = unknown>
  extends AsyncCacheOptions<K, AsyncResult<F>> {
  /**
   * Maps the arguments to the cache key, replacing the built-in collision-free
   * keys (core's `ArgumentKeys`: one primitive argument is the key itself,
   * several become one string that encodes type and length of each). Called
   * with the same `this` as the function. Must capture everything the result
   * depends on.
   */
  key?: (this: ThisParameterType<F>, ...args: Parameters<F>) => K
}

/** What {@link memoizeAsync} adds to the function it returns. */
export interface MemoizedAsyncExtras<F extends AnyFunction, K = unknown> {
  /** The cache the results live in. */
  readonly cache: AsyncCache<K, AsyncResult<F>>
  /** The cache's counters (loads, hits, coalesced calls, the backend's own…). */
  stats(): Promise<AsyncCacheStats>
  /** Forgets every result. */
  clear(): Promise<void>
  /** Forgets the result for these arguments; true when there was one. */
  delete(...args: Parameters<F>): Promise<boolean>
  /** True when a fresh or stale result for these arguments is cached. */
  has(...args: Parameters<F>): Promise<boolean>
  /**
   * The memoized function with per-call options: `signal` (this caller stops
   * waiting; the shared call goes on for the others), `timeout`, `ttl`,
   * `forceRefresh`.
   *
   * @example
   * ```ts
   * const user = await getUser.with({ signal: AbortSignal.timeout(500) })(id)
   * ```
   */
  with(
    options: GetOrLoadOptions,
  ): (this: ThisParameterType<F>, ...args: Parameters<F>) => Promise<AsyncResult<F>>
}

/** A function made by {@link memoizeAsync}: `F`'s parameters and `this`, a Promise of its result, plus {@link MemoizedAsyncExtras}. */
export type MemoizedAsync<F extends AnyFunction, K = unknown> = AsyncVersion<F> &
  MemoizedAsyncExtras<F, K>

/**
 * Wraps a function (async or not) so each distinct argument list runs it once:
 * concurrent calls share one run, later calls resolve from the cache without
 * calling it. Works over any backend, sync or async (`options.backend`,
 * default a `SieveCache` of `options.max` entries).
 *
 * - A result of `undefined` or `null` is cached like any other.
 * - A rejection reaches every concurrent caller and is not cached (unless `negativeTtl`).
 * - `this` is passed through to `fn` (and to `options.key`).
 * - TTL, stale-while-revalidate, timeouts and negative caching as in {@link createAsyncCache}.
 * - Per-call `signal`/`timeout`/`forceRefresh` through {@link MemoizedAsyncExtras.with}.
 *
 * @example
 * ```ts
 * const getUser = memoizeAsync(async (id: string) => db.user(id), { ttl: 60_000, max: 10_000 })
 * await getUser('42') // loads
 * await getUser('42') // from the cache
 * ```
 * @throws TypeError when `fn` is not a function; `InvalidOptionError` (`E_INVALID_OPTION`) for a
 *   bad or unknown option.
 */
export function memoizeAsync<F extends AnyFunction, K = unknown>(
  fn: F,
  options: MemoizeAsyncOptions<F, K> = {},
): MemoizedAsync<F, K> {
  if (typeof fn !== 'function') {
    throw new TypeError(`memoizeAsync: fn must be a function, got ${typeof fn}`)
  }
  checkOptions('memoizeAsync', MEMOIZE_ASYNC_OPTIONS, options)
  const { key: customKey, ...cacheOptions } = options
  const cache = new AsyncCache<K, AsyncResult<F>>(cacheOptions)
  const keys = new ArgumentKeys({
    bytes: cache.backend.capabilities?.bytesOnly === true,
    encodeObject: encodeKeyString,
    label: fn.name ? `${fn.name}()` : undefined,
  })
  const keyFor = (self: unknown, args: unknown[]): K =>
    customKey === undefined
      ? (keys.many(args) as K)
      : customKey.apply(self as ThisParameterType<F>, args as Parameters<F>)

  const call = (self: unknown, args: unknown[], callOptions: GetOrLoadOptions | undefined) => {
    let key: K
    try {
      key = keyFor(self, args)
    } catch (error) {
      return Promise.reject(error)
    }
    return cache[lookup](key, fn, self, args, callOptions)
  }

  function memoized(this: unknown, ...args: unknown[]): Promise<AsyncResult<F>> {
    return call(this, args, undefined)
  }

  const extras: MemoizedAsyncExtras<F, K> = {
    cache,
    stats: () => cache.stats(),
    clear: () => cache.clear(),
    delete: (...args) => {
      try {
        return cache.delete(keyFor(undefined, args))
      } catch (error) {
        return Promise.reject(error)
      }
    },
    has: (...args) => {
      try {
        return cache.has(keyFor(undefined, args))
      } catch (error) {
        return Promise.reject(error)
      }
    },
    with(callOptions) {
      if (typeof callOptions !== 'object' || callOptions === null) {
        throw new TypeError('memoizeAsync: with(options) needs an options object')
      }
      return function (this: unknown, ...args: unknown[]) {
        return call(this, args, callOptions)
      } as ReturnType<MemoizedAsyncExtras<F, K>['with']>
    },
  }
  Object.defineProperties(memoized, {
    name: { value: fn.name, configurable: true },
    length: { value: fn.length, configurable: true },
  })
  return Object.assign(memoized, extras) as unknown as MemoizedAsync<F, K>
}
