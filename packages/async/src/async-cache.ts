import type { AnyBackend, AsyncBackend, Clock, SyncBackend } from '@warp/core'
import { CacheError, checkOptions, InvalidOptionError } from '@warp/core'
import { type ClaimsApi, claimChanged, claimsOf } from './claimed-load.js'
import { Coalescer, type LoadContext } from './coalescer.js'
import { defaultBackend } from './default-backend.js'
import {
  type CacheEntry,
  EXPIRED,
  errorEntry,
  FRESH,
  freshness,
  isEntry,
  replayError,
  STALE,
  valueEntry,
} from './entry.js'
import { ASYNC_CACHE_OPTIONS } from './option-specs.js'
import type {
  AsyncCacheOptions,
  AsyncSetOptions,
  ErrorEvent,
  GetOrLoadOptions,
  Loader,
} from './options.js'
import { type AsyncCacheStats, emptyCounters } from './stats.js'
import { duration, MAX_TIMEOUT, optionalFunction, positiveInteger } from './validate.js'
import { waitFor } from './wait.js'

const OWNER = 'createAsyncCache'

/** {@link AsyncCacheOptions.loadLimit} without a `timeout`: 5 minutes. */
const DEFAULT_LOAD_LIMIT = 300_000

// Loaders of any shape are called through one path.
type AnyCallable = (this: unknown, ...args: any[]) => unknown

/**
 * Package-internal entry point shared with `memoizeAsync`: like `getOrLoad`,
 * but `fn` is called as `fn.apply(self, args)` (when `args` is given) so a
 * memoized call allocates no loader closure on a hit.
 * @internal
 */
export const lookup: unique symbol = Symbol('warp.async.lookup')

/**
 * A cache that loads missing values itself, once per key however many callers
 * ask at the same time, over any warp backend. Create one with
 * {@link createAsyncCache}. Every method returns a Promise, whatever the backend's mode.
 */
export class AsyncCache<K, V> {
  /** The backend the entries live in (it holds {@link CacheEntry} envelopes). */
  readonly backend: AnyBackend<K, CacheEntry<V>>
  readonly #sync: SyncBackend<K, CacheEntry<V>> | undefined
  readonly #async: AsyncBackend<K, CacheEntry<V>> | undefined
  readonly #bytes: boolean
  readonly #physicalTtl: boolean
  readonly #clock: Clock
  readonly #ttl: number
  readonly #stale: number
  readonly #timeout: number
  readonly #negativeTtl: number
  readonly #cacheErrorIf: ((error: unknown, key: K) => boolean) | undefined
  readonly #onError: ((error: unknown, event: ErrorEvent<K>) => void) | undefined
  readonly #loads: Coalescer<K, V>
  readonly #loadLimit: number
  // Set when a sync backend offers load claims: each key then loads once per machine.
  readonly #claims: ClaimsApi<K> | undefined
  readonly #reads = new Coalescer<K, CacheEntry<V> | undefined>()
  readonly #counters = emptyCounters()

  constructor(options: AsyncCacheOptions<K, V> = {}) {
    checkOptions(OWNER, ASYNC_CACHE_OPTIONS, options)
    if (typeof (options.backend as { then?: unknown } | undefined)?.then === 'function') {
      throw new InvalidOptionError(
        'backend',
        `${OWNER}: option \`backend\` is a Promise; await it first (did you forget \`await createCache(…)\`?)`,
      )
    }
    const ttl = duration(OWNER, 'ttl', options.ttl, 0)
    this.#ttl = ttl === Number.POSITIVE_INFINITY ? 0 : ttl
    this.#stale = duration(OWNER, 'staleWhileRevalidate', options.staleWhileRevalidate, 0)
    const timeout = duration(OWNER, 'timeout', options.timeout, 0, MAX_TIMEOUT)
    this.#timeout = timeout === Number.POSITIVE_INFINITY ? 0 : timeout
    const loadLimit =
      options.loadLimit ?? (this.#timeout > 0 ? this.#timeout * 10 : DEFAULT_LOAD_LIMIT)
    this.#loadLimit = Math.min(loadLimit, MAX_TIMEOUT)
    this.#loads = new Coalescer<K, V>({ loadLimit: this.#loadLimit })
    this.#negativeTtl = duration(OWNER, 'negativeTtl', options.negativeTtl, 0)
    this.#cacheErrorIf = optionalFunction(OWNER, 'cacheErrorIf', options.cacheErrorIf)
    this.#onError = optionalFunction(OWNER, 'onError', options.onError)
    const clock = options.clock ?? Date
    if (typeof clock?.now !== 'function') {
      throw new InvalidOptionError('clock', `${OWNER}: option \`clock\` must have a now() method`)
    }
    this.#clock = clock
    const backend = (options.backend ??
      defaultBackend<K, CacheEntry<V>>(
        positiveInteger(OWNER, 'max', options.max, 1000),
        clock,
      )) as AnyBackend<K, CacheEntry<V>>
    // The default backend is bounded by `max`, so expired entries need no
    // backend TTL to go away; without one, a hit reads the clock once, not twice.
    const ownBackend = options.backend === undefined
    if (
      typeof backend !== 'object' ||
      typeof backend.get !== 'function' ||
      typeof backend.set !== 'function' ||
      typeof backend.delete !== 'function'
    ) {
      throw new InvalidOptionError('backend', `${OWNER}: option \`backend\` must be a warp Backend`)
    }
    this.backend = backend
    if (backend.mode === 'sync') {
      this.#sync = backend
      this.#claims = claimsOf<K>(backend)
    } else if (backend.mode === 'async') this.#async = backend
    else {
      throw new InvalidOptionError(
        'backend',
        `${OWNER}: option \`backend\` has mode ${String((backend as { mode: unknown }).mode)}; expected 'sync' or 'async'`,
      )
    }
    this.#bytes = backend.capabilities?.bytesOnly === true
    this.#physicalTtl = !ownBackend && backend.capabilities?.ttl === true
  }

  /**
   * The value for `key`: from the cache when it is fresh, else from `loader`,
   * which runs once for all concurrent callers of the key and whose result is
   * cached (a rejection is not, unless `negativeTtl` is set).
   *
   * - Within `staleWhileRevalidate` after `ttl`, resolves at once with the stale
   *   value and starts one background refresh (if none is running).
   * - `options.signal`: this caller alone stops waiting (rejects with the
   *   signal's reason); the loader's `signal` aborts only when every waiter of
   *   that load has aborted.
   * - `options.timeout` / the cache's `timeout`: after that many ms this caller
   *   gets the value it skipped with `forceRefresh`, if any, or rejects with
   *   `CacheError` `E_TIMEOUT`; the load still completes and is cached.
   *
   * @throws TypeError (synchronously) when `loader` is not a function.
   */
  getOrLoad(key: K, loader: Loader<K, V>, options?: GetOrLoadOptions): Promise<V> {
    if (typeof loader !== 'function') {
      throw new TypeError(`getOrLoad: loader must be a function, got ${typeof loader}`)
    }
    return this[lookup](key, loader as AnyCallable, undefined, undefined, options)
  }

  /** @internal See {@link lookup}. */
  [lookup](
    key: K,
    fn: AnyCallable,
    self: unknown,
    args: unknown[] | undefined,
    options: GetOrLoadOptions | undefined,
  ): Promise<V> {
    const sync = this.#sync
    if (sync === undefined) return this.#viaAsync(key, fn, self, args, options)
    let entry: CacheEntry<V> | undefined
    try {
      entry = sync.get(key)
    } catch (error) {
      // A cache that cannot be read must not take the application down: load instead.
      this.#readFailed(error, key)
    }
    // Hot path: a fresh value entry.
    if (entry !== undefined && entry !== null && entry.e === undefined) {
      const f = entry.f
      if ((f === 0 || this.#clock.now() < f) && options?.forceRefresh !== true) {
        this.#counters.hits++
        return Promise.resolve(entry.v)
      }
    }
    let fallback: CacheEntry<V> | undefined
    if (entry !== undefined && isEntry(entry)) {
      if (options?.forceRefresh === true) fallback = this.#servable(entry)
      else {
        const answer = this.#answer(key, entry, fn, self, args, options)
        if (answer !== undefined) return answer
      }
    }
    const timeout = this.#timeoutFor(options?.timeout)
    const loaded = this.#load(key, fn, self, args, options)
    if (timeout === 0) return loaded
    return waitFor(loaded, undefined, timeout, () => this.#timedOut(timeout, fallback))
  }

  /**
   * The cached value of `key` if it is fresh or still within its stale window,
   * else `undefined` (a miss, or a cached error). Never loads or refreshes.
   */
  async get(key: K): Promise<V | undefined> {
    const entry = await this.backend.get(key)
    return entry !== undefined && this.#servable(entry) !== undefined ? entry.v : undefined
  }

  /** True when {@link AsyncCache.get} would find a value (a cached `undefined` counts). */
  async has(key: K): Promise<boolean> {
    const entry = await this.backend.get(key)
    return entry !== undefined && this.#servable(entry) !== undefined
  }

  /**
   * Stores `value` under `key` as a fresh value. A load running for the key is
   * detached: its callers still get its result, but it no longer overwrites this value.
   */
  async set(key: K, value: V, options?: AsyncSetOptions): Promise<void> {
    const ttl = this.#ttlFor(options?.ttl, 'set')
    this.#loads.forget(key)
    this.#reads.forget(key)
    const entry = valueEntry(value, this.#clock.now(), ttl, this.#stale)
    await this.backend.set(key, entry, this.#setOptions(entry))
  }

  /** Removes `key` (and detaches a load running for it); true when an entry was there. */
  async delete(key: K): Promise<boolean> {
    this.#loads.forget(key)
    this.#reads.forget(key)
    return this.backend.delete(key)
  }

  /** Removes every entry and detaches every running load. */
  async clear(): Promise<void> {
    this.#loads.forgetAll()
    this.#reads.forgetAll()
    await this.backend.clear()
  }

  /**
   * A snapshot of the counters, with the backend's own under `backend`. A Promise, since an
   * async backend answers its `stats()` with one; the cache's own counters are taken at the call.
   */
  async stats(): Promise<AsyncCacheStats> {
    const own = { ...this.#counters, inFlight: this.#loads.size }
    return { ...own, backend: await this.backend.stats() }
  }

  /** Answers from a cached entry, or `undefined` when it is a miss. */
  #answer(
    key: K,
    entry: CacheEntry<V>,
    fn: AnyCallable,
    self: unknown,
    args: unknown[] | undefined,
    options: GetOrLoadOptions | undefined,
  ): Promise<V> | undefined {
    const state = freshness(entry, this.#clock.now())
    if (state === FRESH) {
      if (entry.e === undefined) {
        this.#counters.hits++
        return Promise.resolve(entry.v)
      }
      this.#counters.negativeHits++
      return Promise.reject(replayError(entry, this.#bytes))
    }
    if (state === STALE && entry.e === undefined) {
      this.#counters.staleHits++
      this.#refresh(key, fn, self, args, options?.ttl)
      return Promise.resolve(entry.v)
    }
    return undefined
  }

  /** `entry` when it may be served (fresh or stale, not an error), else `undefined`. */
  #servable(entry: CacheEntry<V>): CacheEntry<V> | undefined {
    if (!isEntry(entry) || entry.e !== undefined) return undefined
    return freshness(entry, this.#clock.now()) === EXPIRED ? undefined : entry
  }

  /** Starts one background refresh for a stale key unless a load is already running. */
  #refresh(
    key: K,
    fn: AnyCallable,
    self: unknown,
    args: unknown[] | undefined,
    ttl: number | undefined,
  ): void {
    if (this.#loads.has(key)) return
    this.#counters.refreshes++
    // No signal: a refresh belongs to the cache, so no caller can abort it.
    this.#loads.run(key, this.#loader(key, fn, self, args, ttl)).catch((error: unknown) => {
      this.#counters.refreshErrors++
      this.#report(error, key, 'refresh')
    })
  }

  /** Waits for the load of `key`, joining a running one; this caller's signal counts as one hold on it. */
  #load(
    key: K,
    fn: AnyCallable,
    self: unknown,
    args: unknown[] | undefined,
    options: GetOrLoadOptions | undefined,
  ): Promise<V> {
    const counters = this.#counters
    counters.misses++
    const signal = options?.signal
    const runOptions = signal === undefined ? undefined : { signal }
    const joined = this.#loads.join(key, runOptions)
    if (joined !== undefined) {
      counters.coalesced++
      return joined
    }
    const force = options?.forceRefresh === true
    return this.#loads.run(key, this.#loader(key, fn, self, args, options?.ttl, force), runOptions)
  }

  /** The path over an async backend: one coalesced read per key, then as over a sync one. */
  #viaAsync(
    key: K,
    fn: AnyCallable,
    self: unknown,
    args: unknown[] | undefined,
    options: GetOrLoadOptions | undefined,
  ): Promise<V> {
    const timeout = this.#timeoutFor(options?.timeout)
    const signal = options?.signal
    if (signal?.aborted) return Promise.reject(signal.reason)
    const seen: { fallback?: CacheEntry<V> | undefined } = {}
    const work = this.#readThenLoad(key, fn, self, args, options, seen)
    if (timeout === 0 && signal === undefined) return work
    return waitFor(work, signal, timeout, () => this.#timedOut(timeout, seen.fallback))
  }

  async #readThenLoad(
    key: K,
    fn: AnyCallable,
    self: unknown,
    args: unknown[] | undefined,
    options: GetOrLoadOptions | undefined,
    seen: { fallback?: CacheEntry<V> | undefined },
  ): Promise<V> {
    const force = options?.forceRefresh === true
    // A running load is at least as new as what the backend holds, so join it
    // without a read, unless a stale value could be served at once instead.
    const skipRead = this.#loads.has(key) && (this.#stale === 0 || force)
    if (!skipRead) {
      const backend = this.#async!
      let entry: CacheEntry<V> | undefined
      try {
        entry = await this.#reads.run(key, () => backend.get(key))
      } catch (error) {
        this.#readFailed(error, key)
      }
      if (entry !== undefined && isEntry(entry)) {
        if (force) seen.fallback = this.#servable(entry)
        else {
          const answer = this.#answer(key, entry, fn, self, args, options)
          if (answer !== undefined) return answer
        }
      }
    }
    return this.#load(key, fn, self, args, options)
  }

  /** A failed backend read counts as a miss; the error is counted and reported. */
  #readFailed(error: unknown, key: K): void {
    this.#counters.readErrors++
    this.#report(error, key, 'read')
  }

  /** What a waiter gets when its timeout fires: the fallback value, or `E_TIMEOUT`. */
  #timedOut(timeout: number, fallback: CacheEntry<V> | undefined): V {
    this.#counters.timeouts++
    if (fallback !== undefined && this.#servable(fallback) !== undefined) {
      this.#counters.staleHits++
      return fallback.v
    }
    throw new CacheError(
      'E_TIMEOUT',
      `getOrLoad gave up after waiting ${timeout} ms for a load; it goes on and will fill the cache`,
    )
  }

  /** The load a coalescer runs: calls the loader, then writes the outcome unless detached. */
  #loader(
    key: K,
    fn: AnyCallable,
    self: unknown,
    args: unknown[] | undefined,
    ttlOption: number | undefined,
    force = false,
  ): (context: LoadContext) => Promise<V> {
    const ttl = this.#ttlFor(ttlOption, 'getOrLoad')
    const claims = this.#claims
    if (claims !== undefined) {
      return (context) =>
        this.#claimedLoad(claims, key, context, force, () =>
          this.#loadNow(key, fn, self, args, ttl, context),
        )
    }
    return (context) => this.#loadNow(key, fn, self, args, ttl, context)
  }

  /**
   * One load per machine: claim the key; the claimant loads, publishes and
   * releases; everyone else waits for the claim to change, then reads the
   * value. Found nothing (the claimant failed, or died and the value never
   * came)? Claim again: one waiter wins and loads, the rest wait for it.
   */
  async #claimedLoad(
    claims: ClaimsApi<K>,
    key: K,
    context: LoadContext,
    force: boolean,
    load: () => Promise<V>,
  ): Promise<V> {
    const sync = this.#sync!
    for (;;) {
      const claim = claims.claim(key, this.#loadLimit)
      if (claim.state === 'claimed') {
        if (claim.takeover) this.#counters.takeovers++
        try {
          // The previous claimant may have published between our miss and our
          // claim (unless the caller wants a newer value than the cached one).
          const published = force ? undefined : this.#published(sync, key, claims)
          if (published !== undefined) return this.#remote(published)
          return await load()
        } finally {
          claims.release(claim)
        }
      }
      await claimChanged(claims, claim, context.signal, () => context.current)
      const published = this.#published(sync, key, claims)
      if (published !== undefined) return this.#remote(published)
    }
  }

  /**
   * A fresh entry of `key` in the backend (a value or a cached error), else `undefined`.
   * Read through `claims.read` when the backend has it: a plain `get` may report a miss
   * while other processes keep the table busy, and that miss would load the key twice.
   */
  #published(
    sync: SyncBackend<K, CacheEntry<V>>,
    key: K,
    claims: ClaimsApi<K>,
  ): CacheEntry<V> | undefined {
    let entry: CacheEntry<V> | undefined
    try {
      entry = (claims.read !== undefined ? claims.read(key) : sync.get(key)) as
        | CacheEntry<V>
        | undefined
    } catch (error) {
      this.#readFailed(error, key)
    }
    if (entry === undefined || !isEntry(entry)) return undefined
    return freshness(entry, this.#clock.now()) === FRESH ? entry : undefined
  }

  /** The outcome another process's load published. */
  #remote(entry: CacheEntry<V>): V {
    this.#counters.remoteLoads++
    if (entry.e !== undefined) throw replayError(entry, this.#bytes)
    return entry.v
  }

  /** Calls the loader and writes its outcome unless the load was detached meanwhile. */
  async #loadNow(
    key: K,
    fn: AnyCallable,
    self: unknown,
    args: unknown[] | undefined,
    ttl: number,
    context: LoadContext,
  ): Promise<V> {
    this.#counters.loads++
    let value: V
    try {
      value = (await (args === undefined
        ? fn(key, { signal: context.signal })
        : fn.apply(self, args))) as V
    } catch (error) {
      this.#counters.loadErrors++
      if (this.#negativeTtl > 0 && context.current && this.#shouldCacheError(error, key)) {
        const now = this.#clock.now()
        await this.#write(key, errorEntry(error, now, this.#negativeTtl, this.#bytes), context)
      }
      throw error
    }
    if (context.current) {
      await this.#write(key, valueEntry(value, this.#clock.now(), ttl, this.#stale), context)
    }
    return value
  }

  #shouldCacheError(error: unknown, key: K): boolean {
    const filter = this.#cacheErrorIf
    if (filter === undefined) return true
    try {
      return filter(error, key) === true
    } catch {
      return false
    }
  }

  /** Writes a load's outcome; a failure is reported, never thrown at the waiters. */
  async #write(key: K, entry: CacheEntry<unknown>, context: LoadContext): Promise<void> {
    if (!context.current) return
    try {
      await this.backend.set(key, entry as CacheEntry<V>, this.#setOptions(entry))
    } catch (error) {
      this.#counters.writeErrors++
      this.#report(error, key, 'write')
    }
  }

  /** The backend TTL that drops an entry once it can no longer be served. */
  #setOptions(entry: CacheEntry<unknown>): { ttl: number } | undefined {
    if (!this.#physicalTtl || entry.f === 0 || entry.s === Number.POSITIVE_INFINITY) {
      return undefined
    }
    return { ttl: Math.max(1, Math.ceil(entry.s - this.#clock.now())) }
  }

  #ttlFor(ttl: number | undefined, owner: string): number {
    if (ttl === undefined) return this.#ttl
    const value = duration(owner, 'ttl', ttl, 0)
    return value === Number.POSITIVE_INFINITY ? 0 : value
  }

  #timeoutFor(timeout: number | undefined): number {
    if (timeout === undefined) return this.#timeout
    const value = duration('getOrLoad', 'timeout', timeout, 0, MAX_TIMEOUT)
    return value === Number.POSITIVE_INFINITY ? 0 : value
  }

  #report(error: unknown, key: K, during: ErrorEvent<K>['during']): void {
    const onError = this.#onError
    if (onError === undefined) return
    try {
      onError(error, { key, during })
    } catch {
      // A throwing error handler must not turn into an unhandled rejection.
    }
  }
}

/**
 * Creates an {@link AsyncCache}: values are loaded on a miss, once per key for
 * all concurrent callers, and kept in `options.backend` (default: a `SieveCache`
 * of `options.max` entries).
 *
 * @example
 * ```ts
 * const users = createAsyncCache<string, User>({ ttl: 60_000, staleWhileRevalidate: 30_000 })
 * const user = await users.getOrLoad(id, (id, { signal }) => db.user(id, { signal }), { signal })
 * ```
 * @throws CacheError `E_INVALID_OPTION` for an option of the wrong type or range.
 */
export function createAsyncCache<K, V>(options?: AsyncCacheOptions<K, V>): AsyncCache<K, V> {
  return new AsyncCache<K, V>(options)
}
