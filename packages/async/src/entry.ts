/**
 * What `@warp/async` stores in a backend for each key: the value plus the times
 * it stops being fresh and stops being servable at all. A plain object of
 * numbers and the value, so byte backends can encode it with core's codec.
 *
 * Times are readings of the cache's `clock` (default `Date.now`, which every
 * process on a machine shares, so entries in a cross-process backend age alike).
 */
export interface CacheEntry<V> {
  /** The value, or for a cached error ({@link CacheEntry.e}) the error. */
  readonly v: V
  /** Fresh until this clock reading (ms); `0` means fresh forever. */
  readonly f: number
  /** Servable as a stale value until this clock reading (ms); equals `f` without stale-while-revalidate. */
  readonly s: number
  /** `1` when this entry is a cached loader rejection (negative caching). */
  readonly e?: 1
}

/** How an entry reads at one moment: {@link FRESH}, {@link STALE} or {@link EXPIRED}. */
export type Freshness = 0 | 1 | 2
/** Within its TTL: served as is. */
export const FRESH = 0
/** Past its TTL but within the stale-while-revalidate window: served while one refresh runs. */
export const STALE = 1
/** Past both: a miss. */
export const EXPIRED = 2

/** Reads `entry` at `now`. */
export function freshness(entry: CacheEntry<unknown>, now: number): Freshness {
  const f = entry.f
  if (f === 0 || now < f) return FRESH
  return now < entry.s ? STALE : EXPIRED
}

/** True when `value` has the shape of a {@link CacheEntry} (values from a shared backend are untrusted). */
export function isEntry(value: unknown): value is CacheEntry<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { f?: unknown }).f === 'number'
  )
}

/**
 * Builds the entry for a value loaded at `now`. `ttl` 0 means fresh forever
 * (and then `staleWindow` does not matter).
 */
export function valueEntry<V>(
  value: V,
  now: number,
  ttl: number,
  staleWindow: number,
): CacheEntry<V> {
  if (ttl === 0) return { v: value, f: 0, s: 0 }
  const f = now + ttl
  return { v: value, f, s: f + staleWindow }
}

/** What a cached error looks like in a byte backend, where an `Error` cannot be stored as is. */
export interface StoredError {
  /** The original error's `name` (`'Error'`, `'TypeError'`, `'CacheError'`, …). */
  name: string
  /** The original error's `message`. */
  message: string
  /** The original error's `code`, when it had one (`'E_TIMEOUT'`, `'ECONNRESET'`, …). */
  code?: string | number
}

/**
 * Builds the entry for a rejection cached for `ttl` ms. Byte backends get a
 * plain {@link StoredError}; in-process backends keep the reason itself.
 */
export function errorEntry(
  reason: unknown,
  now: number,
  ttl: number,
  bytes: boolean,
): CacheEntry<unknown> {
  const f = now + ttl
  return { v: bytes ? toStoredError(reason) : reason, f, s: f, e: 1 }
}

/** The rejection a cached error entry replays. */
export function replayError(entry: CacheEntry<unknown>, bytes: boolean): unknown {
  if (!bytes) return entry.v
  const stored = entry.v as Partial<StoredError> | null
  const error = new Error(typeof stored?.message === 'string' ? stored.message : 'cached error')
  if (typeof stored?.name === 'string') error.name = stored.name
  if (stored?.code !== undefined) (error as Error & { code?: unknown }).code = stored.code
  return error
}

function toStoredError(reason: unknown): StoredError {
  if (reason instanceof Error) {
    const code = (reason as Error & { code?: unknown }).code
    const stored: StoredError = { name: reason.name, message: reason.message }
    if (typeof code === 'string' || typeof code === 'number') stored.code = code
    return stored
  }
  return { name: 'Error', message: String(reason) }
}
