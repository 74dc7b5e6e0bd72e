/**
 * Every code a {@link CacheError} can carry. Codes are stable across releases:
 * match on `error.code`, never on the message.
 *
 * - `E_INVALID_OPTION` — an option has the wrong type or is out of range.
 * - `E_UNKNOWN_BACKEND` — `createCache` was given a backend name it does not know.
 * - `E_BACKEND_NOT_INSTALLED` — the package that provides a backend is not installed.
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

/**
 * The one error class warp throws on purpose (besides the `TypeError`/`RangeError`
 * an API documents). The message starts with `[warp]` and says what to do; `code`
 * is for programs, `cause` keeps the underlying error.
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

  constructor(code: CacheErrorCode, message: string, options?: ErrorOptions) {
    super(`[warp] ${message}`, options)
    this.name = 'CacheError'
    this.code = code
  }
}

/** True when `error` is a {@link CacheError}, optionally with the given `code`. */
export function isCacheError(error: unknown, code?: CacheErrorCode): error is CacheError {
  return error instanceof CacheError && (code === undefined || error.code === code)
}
