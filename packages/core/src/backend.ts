/**
 * The execution mode of a backend, fixed when it is constructed.
 * `sync` backends (in-process, shared memory) answer directly, so a hit never
 * pays for a Promise; `async` backends (networked stores) answer with Promises.
 */
export type Mode = 'sync' | 'async'

/** `T` for a sync backend, `Promise<T>` for an async one. */
export type Result<T, M extends Mode> = M extends 'sync' ? T : Promise<T>

/** What a backend can do; lets callers and the contract suite adapt without ad-hoc checks. */
export interface Capabilities {
  /** Entries can expire (`set(k, v, { ttl })`, and a default `ttl` option). */
  readonly ttl: boolean
  /** Other processes on the same machine see the same entries. */
  readonly crossProcess: boolean
  /**
   * Keys and values are stored as bytes through core's codec: values are copies,
   * objects are compared by content, and only encodable values can be stored.
   * When false, values are stored by reference and object keys compare by identity.
   */
  readonly bytesOnly: boolean
  /**
   * `size` never exceeds `stats().capacity`, and every entry that leaves to make room is
   * counted in `stats().evictions` (in-process and shared-memory caches). False for stores
   * that evict on their own terms (a Redis server under `maxmemory`, a tiered cache).
   */
  readonly exactEviction: boolean
  /**
   * Optional: the backend offers load claims (one process on the machine loads
   * a missing key while the others wait for it), as `@warp/shared-native`'s
   * `SharedCache.claims`. `@warp/async` then loads each key once per machine.
   */
  readonly loadClaims?: boolean
}

/** Per-call options of {@link Backend.set}. */
export interface SetOptions {
  /**
   * Time to live of this entry in milliseconds; overrides the backend's default.
   * `0` means the entry never expires. Ignored by backends without TTL support.
   */
  ttl?: number
}

/** Counters a backend keeps since it was created (or since the shared region was created). */
export interface CacheStats {
  /** Lookups (`get`) that found a live entry. */
  hits: number
  /** Lookups (`get`) that found nothing, or only an expired entry. */
  misses: number
  /** Entries written by `set`, new or overwritten. */
  sets: number
  /** Entries removed by `delete` (only those that existed). */
  deletes: number
  /** Live entries removed to make room for new ones. */
  evictions: number
  /** Entries removed because their TTL had passed. */
  expirations: number
  /** Entries refused because their encoded key or value exceeded a limit. */
  oversize: number
  /** Entries stored now. */
  size: number
  /** The most entries the backend holds (`Infinity` when only a byte budget bounds it). */
  capacity: number
}

/**
 * The contract every warp backend fulfils. `M` is fixed per backend:
 * a `Backend<K, V, 'sync'>` returns plain values, a `Backend<K, V, 'async'>` returns Promises.
 *
 * A miss is `undefined` from `get`; a cached `undefined` is told apart by `has`.
 */
export interface Backend<K, V, M extends Mode = 'sync'> {
  /** `'sync'` or `'async'`; see {@link Mode}. */
  readonly mode: M
  /** What this backend can do. */
  readonly capabilities: Capabilities
  /** The live value of `key`, or `undefined` when there is none. */
  get(key: K): Result<V | undefined, M>
  /** Stores `value` under `key`, replacing any earlier value. */
  set(key: K, value: V, options?: SetOptions): Result<void, M>
  /**
   * Optional atomic read: the live value of `key`, or `miss` when there is none,
   * counted as a hit or a miss like `get`. It tells a cached `undefined` from a
   * miss in one step, where `get` followed by `has` could be raced by another
   * process writing in between; `memoize` uses it when a backend offers it.
   * Backends shared between processes should offer it.
   */
  lookup?<T>(key: K, miss: T): Result<V | T, M>
  /** True when `key` has a live entry (a cached `undefined` counts). Does not count as a hit. */
  has(key: K): Result<boolean, M>
  /** Removes `key`; true when it was present. */
  delete(key: K): Result<boolean, M>
  /** Removes every entry. */
  clear(): Result<void, M>
  /**
   * Entries stored now (expired entries not yet collected may be included). A number on a
   * sync backend; on an async backend each read asks the store and answers with a Promise
   * (it may cost a scan of the store: see the backend's docs).
   */
  readonly size: Result<number, M>
  /**
   * A snapshot of the counters: a plain object on a sync backend, a Promise on an async one.
   * Counters of a networked store are this client's; `size` is the store's.
   */
  stats(): Result<CacheStats, M>
  /**
   * Releases resources (files, mappings, sockets, timers). Every later call except `close`
   * throws (or rejects with) `CacheError` `E_CLOSED`; a second `close()` does nothing.
   * In-process backends drop their entries and mark themselves closed.
   */
  close(): Result<void, M>
}

/** A backend whose calls return plain values. */
export type SyncBackend<K, V> = Backend<K, V, 'sync'>
/** A backend whose calls return Promises. */
export type AsyncBackend<K, V> = Backend<K, V, 'async'>
/** Either kind of backend. */
export type AnyBackend<K, V> = Backend<K, V, 'sync'> | Backend<K, V, 'async'>

/** A fresh, zeroed {@link CacheStats} with the given capacity. */
export function emptyStats(capacity: number): CacheStats {
  return {
    hits: 0,
    misses: 0,
    sets: 0,
    deletes: 0,
    evictions: 0,
    expirations: 0,
    oversize: 0,
    size: 0,
    capacity,
  }
}
