import { ArgumentKeys } from './argument-keys.js'
import type { CacheStats, SyncBackend } from './backend.js'
import { encodeKeyString } from './codec/index.js'
import { CacheError, InvalidOptionError } from './errors.js'
import { checkOptions } from './options/check-options.js'
import type { OptionSpecs } from './options/option-spec.js'

/** What `read` returns for a miss; never a value a function can return. */
const MISS: unique symbol = Symbol('warp.miss')

/** Any function `memoize` can wrap. */
export type AnyFunction = (this: any, ...args: any[]) => any

/** Options of {@link memoize}. */
export interface MemoizeOptions<F extends AnyFunction, K = unknown> {
  /**
   * Where results are kept: any **sync** backend (an async backend is a type error;
   * use `memoizeAsync` from `@warp/async` for those). Its `capabilities.bytesOnly`
   * decides how object arguments become keys: by identity in-process, by content
   * (through the codec) for byte backends.
   */
  backend: SyncBackend<K, ReturnType<F>>
  /**
   * Maps the arguments to the cache key, replacing the built-in collision-free
   * keys. Called with the same `this` as the function. Two calls with equal keys
   * share one entry, so the key must capture everything the result depends on.
   */
  key?: (this: ThisParameterType<F>, ...args: Parameters<F>) => K
}

const MEMOIZE_OPTIONS: OptionSpecs = {
  backend: {
    type: 'object',
    required: true,
    description: 'a sync warp Backend (get/set/has/delete)',
  },
  key: { type: 'function', description: '(...args) => key, replacing the built-in argument keys' },
}

/** What {@link memoize} adds to the function it returns. */
export interface MemoizedExtras<F extends AnyFunction, K = unknown> {
  /** The backend the results live in. */
  readonly cache: SyncBackend<K, ReturnType<F>>
  /** The backend's counters. */
  stats(): CacheStats
  /** Forgets every result. */
  clear(): void
  /** Forgets the result for these arguments; true when there was one. */
  delete(...args: Parameters<F>): boolean
  /** True when a result for these arguments is cached. */
  has(...args: Parameters<F>): boolean
}

/** A memoized function: `F` itself (same parameters, return type, `name` and `length`) plus {@link MemoizedExtras}. */
export type Memoized<F extends AnyFunction, K = unknown> = F & MemoizedExtras<F, K>

/**
 * Wraps a synchronous function so each distinct argument list is computed once
 * and later calls are answered from `options.backend`.
 *
 * - A result of `undefined` or `null` is cached like any other.
 * - A thrown error is not cached; it reaches the caller and the next call runs `fn` again.
 * - A returned Promise is cached while it is pending or fulfilled, so concurrent callers
 *   share it; when it rejects, its entry is dropped, so a rejection is never served from the
 *   cache and the next call runs `fn` again. (Byte backends cannot store Promises: use
 *   `memoizeAsync` from `@warp/async`, which caches the resolved value.)
 * - `this` is passed through; recursion through the memoized function works.
 * - One primitive argument is the key itself (no allocation on a hit); several
 *   arguments become one collision-free string key (see {@link ArgumentKeys}).
 *
 * @example
 * ```ts
 * const fib = memoize((n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2)), {
 *   backend: new SieveCache({ max: 1000 }),
 * })
 * fib(90) // 2880067194370816000, with 91 calls of the inner function
 * ```
 */
export function memoize<F extends AnyFunction, K = unknown>(
  fn: F,
  options: MemoizeOptions<F, K>,
): Memoized<F, K> {
  if (typeof fn !== 'function') {
    throw new TypeError(`memoize: fn must be a function, got ${typeof fn}`)
  }
  checkOptions('memoize', MEMOIZE_OPTIONS, options)
  const backend = options.backend
  if (typeof (backend as { then?: unknown }).then === 'function') {
    throw new InvalidOptionError(
      'backend',
      'memoize: options.backend is a Promise; await it first (did you forget `await createCache(…)`?)',
    )
  }
  if (typeof backend.get !== 'function' || typeof backend.set !== 'function') {
    throw new InvalidOptionError(
      'backend',
      'memoize: options.backend must be a warp Backend (get/set/has/delete)',
    )
  }
  if ((backend.mode as string) !== 'sync') {
    throw new InvalidOptionError(
      'backend',
      'memoize: options.backend is an async backend; use memoizeAsync from @warp/async',
    )
  }
  const customKey = options.key
  const keys = new ArgumentKeys({
    bytes: backend.capabilities.bytesOnly,
    encodeObject: encodeKeyString,
    label: fn.name ? `${fn.name}()` : undefined,
  })

  // A miss must not be confused with a cached `undefined`. `lookup` answers both in one
  // atomic step; without it, `get` then `has` (safe for in-process backends).
  const read: (key: K) => unknown =
    typeof backend.lookup === 'function'
      ? (key) => (backend.lookup as (key: K, miss: unknown) => unknown)(key, MISS)
      : (key) => {
          const value = backend.get(key)
          return value !== undefined || backend.has(key) ? value : MISS
        }

  const keyFor = customKey
    ? (self: unknown, args: ArrayLike<unknown>) =>
        customKey.apply(self as ThisParameterType<F>, args as unknown as Parameters<F>)
    : (_self: unknown, args: ArrayLike<unknown>) => keys.many(args) as K

  // Hot path: one primitive argument is read without building anything; two
  // arguments build one key string. Other arities go through `fallback`.
  function memoized(this: unknown, a?: unknown, b?: unknown): unknown {
    const n = arguments.length
    if (customKey !== undefined || (n !== 1 && n !== 2)) {
      return fallback.apply(this, arguments as unknown as unknown[])
    }
    const key = (n === 1 ? keys.one(a) : keys.two(a, b)) as K
    const hit = read(key)
    if (hit !== MISS) return hit
    const value = n === 1 ? fn.call(this, a) : fn.call(this, a, b)
    store(key, value)
    return value
  }

  function fallback(this: unknown, ...args: unknown[]): unknown {
    const key = keyFor(this, args)
    const hit = read(key)
    if (hit !== MISS) return hit
    const value = fn.apply(this, args)
    store(key, value)
    return value
  }

  function store(key: K, value: unknown): void {
    if (isThenable(value)) {
      if (backend.capabilities.bytesOnly) {
        throw new CacheError(
          'E_ENCODE',
          `memoize: ${fn.name || 'the function'} returned a Promise, which a byte backend cannot store; use memoizeAsync from @warp/async`,
        )
      }
      // A rejected Promise must not be served later: drop the entry when it rejects, but
      // only if it still holds this Promise (a later call may have replaced it).
      value.then(undefined, () => {
        try {
          if (read(key) === value) backend.delete(key)
        } catch {
          // The backend was closed meanwhile: there is no entry left to drop.
        }
      })
    }
    backend.set(key, value as ReturnType<F>)
  }

  const extras: MemoizedExtras<F, K> = {
    cache: backend,
    stats: () => backend.stats(),
    clear: () => backend.clear(),
    delete: (...args) => backend.delete(keyFor(undefined, args)),
    has: (...args) => backend.has(keyFor(undefined, args)),
  }
  Object.defineProperties(memoized, {
    name: { value: fn.name, configurable: true },
    length: { value: fn.length, configurable: true },
  })
  return Object.assign(memoized, extras) as unknown as Memoized<F, K>
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}
