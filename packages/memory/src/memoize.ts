import { type AnyFunction, type Clock, memoize as coreMemoize, type Memoized } from '@warp/core'
import { describe, isPositiveInteger } from './describe.js'
import { SieveCache } from './sieve-cache.js'
import type { PolicyName } from './sieve-options.js'

/** Options of {@link memoize}. */
export interface MemoizeOptions<F extends AnyFunction, K = unknown> {
  /** Most results kept (SIEVE evicts beyond it). A positive integer ≤ 2^30; default 1000. */
  max?: number
  /** Time to live of each result in milliseconds; `0` (default) means results never expire. */
  ttl?: number
  /**
   * Maps the arguments to the cache key, replacing the built-in collision-free keys
   * (one primitive argument is its own key; several become one string; objects by identity).
   */
  key?: (this: ThisParameterType<F>, ...args: Parameters<F>) => K
  /** The clock for `ttl` (anything with `now()` in ms); defaults to `performance`. */
  perf?: Clock
  /** The cache's eviction policy (see `SieveCacheOptions.policy`); default `'sieve'`. */
  policy?: PolicyName
}

/**
 * Wraps a synchronous function so each distinct argument list is computed once and
 * later calls are answered from a {@link SieveCache} made for it: `@warp/core`'s
 * `memoize` with the cache included.
 *
 * A result of `undefined` or `null` is cached; a thrown error is not. The returned
 * function has `.cache`, `.stats()`, `.clear()`, `.delete(...args)` and `.has(...args)`.
 *
 * @example
 * ```ts
 * import { memoize } from '@warp/memory'
 * const slowSquare = (n: number) => n * n
 * const square = memoize(slowSquare, { max: 500, ttl: 60_000 })
 * square(4) // computed
 * square(4) // cached
 * ```
 */
export function memoize<F extends AnyFunction, K = unknown>(
  fn: F,
  options: MemoizeOptions<F, K> = {},
): Memoized<F, K> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`memoize: options must be an object, got ${describe(options)}`)
  }
  const { max = 1000, ttl, key, perf, policy } = options
  if (!isPositiveInteger(max)) {
    throw new TypeError(`memoize: option \`max\` must be a positive integer, got ${describe(max)}`)
  }
  const backend = new SieveCache<K, ReturnType<F>>({ max, ttl, perf, policy })
  return coreMemoize<F, K>(fn, key === undefined ? { backend } : { backend, key })
}
