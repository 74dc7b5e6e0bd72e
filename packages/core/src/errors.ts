/**
 * Every code a {@link CacheError} can carry. Codes are stable across releases:
 * match on `error.code`, never on the message.
 *
 * - `E_INVALID_OPTION` — an option is unknown, missing, of the wrong type or out of range.
 *   Thrown as an {@link InvalidOptionError} (a `TypeError`), never as a `CacheError`.
 * - `E_UNKNOWN_BACKEND` — `createCache` was given a backend name or URL scheme it does not know.
 * - `E_BACKEND_NOT_INSTALLED` — the package that provides a backend is not installed.
 * - `E_BACKEND_LOAD_FAILED` — the backend's package is installed but threw while loading
 *   (the `cause` carries its error).
 * - `E_ENCODE` — a key or value cannot be encoded for a byte backend.
 * - `E_DECODE` — stored bytes are corrupt or were written by something else.
 * - `E_OVERSIZE` — an encoded entry is larger than the backend accepts.
 * - `E_CONFIG_MISMATCH` — an existing shared cache was created with another configuration.
 * - `E_NO_SPACE` — the file system has no room for a shared cache.
 * - `E_PERMISSION` — a cache file or directory is not private to this user.
 * - `E_CORRUPT` — a shared cache file is damaged or foreign.
 * - `E_CLOSED` — the cache was used after `close()`.
 * - `E_TIMEOUT` — a waiter gave up after its `timeout`.
 * - `E_NATIVE_MISSING` — the native addon is not built.
 * - `E_IO` — any other operating-system error (the `cause` carries `errno`).
 */
export type CacheErrorCode =
  | 'E_INVALID_OPTION'
  | 'E_UNKNOWN_BACKEND'
  | 'E_BACKEND_NOT_INSTALLED'
  | 'E_BACKEND_LOAD_FAILED'
  | 'E_ENCODE'
  | 'E_DECODE'
  | 'E_OVERSIZE'
  | 'E_CONFIG_MISMATCH'
  | 'E_NO_SPACE'
  | 'E_PERMISSION'
  | 'E_CORRUPT'
  | 'E_CLOSED'
  | 'E_TIMEOUT'
  | 'E_NATIVE_MISSING'
  | 'E_IO'

const CACHE_ERROR = Symbol.for('@warp/core.CacheError')
const INVALID_OPTION_ERROR = Symbol.for('@warp/core.InvalidOptionError')

/** `instanceof` by brand for the base class itself, by prototype chain for subclasses. */
function branded(target: unknown, base: unknown, brand: symbol, value: unknown): boolean {
  if (target !== base) return Function.prototype[Symbol.hasInstance].call(target, value)
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[brand] === true
  )
}

/**
 * The error class for runtime failures (a closed cache, a corrupt file, a lost
 * connection, …). Invalid options are an {@link InvalidOptionError} instead.
 * The message starts with `[warp]` and says what to do; `code` is for programs,
 * `cause` keeps the underlying error.
 *
 * @example
 * ```ts
 * try { await createCache('redis://') } catch (e) {
 *   if (e instanceof CacheError && e.code === 'E_UNKNOWN_BACKEND') …
 * }
 * ```
 */
export class CacheError extends Error {
  /** A stable, machine-readable code; see {@link CacheErrorCode}. */
  readonly code: CacheErrorCode

  /**
   * `instanceof CacheError` holds for a CacheError from any copy of this module: the ESM and
   * CommonJS builds, each entry point's bundle, or two installed versions in one process.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class asked, maybe a subclass
    return branded(this, CacheError, CACHE_ERROR, value)
  }

  constructor(code: CacheErrorCode, message: string, options?: ErrorOptions) {
    super(`[warp] ${message}`, options)
    this.name = 'CacheError'
    this.code = code
    Object.defineProperty(this, CACHE_ERROR, { value: true })
  }
}

/** True when `error` is a {@link CacheError}, optionally with the given `code`. */
export function isCacheError(error: unknown, code?: CacheErrorCode): error is CacheError {
  return error instanceof CacheError && (code === undefined || error.code === code)
}

/**
 * The one error every warp package throws for invalid options: an unknown option name
 * (the message suggests the closest valid one), a missing required option, or a value of
 * the wrong type or out of range. It is a `TypeError` — a mistake in the calling code,
 * as Node.js's own `ERR_INVALID_ARG_*` errors are — so `LRUCache` can throw it where
 * lru-cache throws `TypeError`s. Match on `error.code === 'E_INVALID_OPTION'`.
 *
 * @example
 * ```ts
 * try { new SieveCache({ max: 10, tll: 5 }) } catch (e) {
 *   e instanceof InvalidOptionError // true; e.option === 'tll'
 *   e.message // '[warp] SieveCache: unknown option "tll" — did you mean "ttl"? …'
 * }
 * ```
 */
export class InvalidOptionError extends TypeError {
  /** Always `'E_INVALID_OPTION'`, the code {@link CacheErrorCode} lists for invalid options. */
  readonly code = 'E_INVALID_OPTION' as const
  /** The option at fault (`''` when the options as a whole are wrong, e.g. not an object). */
  readonly option: string

  /** As for {@link CacheError}: holds across copies of this module. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class asked, maybe a subclass
    return branded(this, InvalidOptionError, INVALID_OPTION_ERROR, value)
  }

  /**
   * @param option - the option's name, or `''` for the options as a whole.
   * @param message - what is wrong and what is accepted; `[warp] ` is prepended unless
   *   `options.verbatim` is set (LRUCache keeps lru-cache's exact texts).
   */
  constructor(option: string, message: string, options?: ErrorOptions & { verbatim?: boolean }) {
    super(options?.verbatim ? message : `[warp] ${message}`, options)
    this.name = 'InvalidOptionError'
    this.option = option
    Object.defineProperty(this, INVALID_OPTION_ERROR, { value: true })
  }
}
