// biome-ignore-all lint/suspicious/noConfusingVoidType: lru-cache's public signatures use `void` for "no context"

import { type Clock, checkOptions, defaultClock } from '@warp/core'
import { grown, resized } from './arrays.js'
import { isPositiveInteger } from './describe.js'
import type { KeyIndex } from './key-index.js'
import { MAX_ENTRIES } from './limits.js'
import { channels } from './lru-diagnostics.js'
import { backgroundFetch, type FetchHost, type FetchState } from './lru-fetch.js'
import type * as T from './lru-types.js'
import { type PolicyName, policyOptionSpecs } from './sieve-options.js'
import { Slot } from './slot.js'
import { SlotStore } from './slot-store.js'
import { VisitOnce } from './visit-once.js'

let warnedUnbounded = false

/** How a walk over the slots goes (see `LRUCache.#indexes`). */
interface WalkOptions {
  /** Yield stale entries too (default: the cache's `allowStale`). */
  allowStale?: boolean
  /** Yield each slot at most once (default true; `purgeStale` turns it off). */
  once?: boolean
}

/** The longest delay `setTimeout` takes (ms); a longer one fires after 1 ms instead. */
const MAX_TIMER_DELAY = 2 ** 31 - 1

/**
 * Emits lru-cache's `UnboundedCacheWarning` once per process. It lives outside the class
 * on purpose: a reference to `LRUCache` inside the class body makes esbuild (tsup) emit
 * `var LRUCache = class _LRUCache`, so the published class would be named `_LRUCache`
 * (`LRUCache.name`, `toString()`, `util.inspect`) instead of lru-cache's `LRUCache`.
 */
function warnUnbounded(): void {
  if (warnedUnbounded) return
  warnedUnbounded = true
  const message =
    'An LRUCache bounded only by ttl, without ttlAutopurge, can grow without limit ' +
    '(stale entries stay until they are read).'
  const proc = (globalThis as { process?: { emitWarning?: unknown } }).process
  if (typeof proc?.emitWarning === 'function') {
    // The constructor as the stack trace's start, as lru-cache passes it.
    process.emitWarning(message, 'UnboundedCacheWarning', 'LRU_CACHE_UNBOUNDED', LRUCache)
  } else {
    // As lru-cache does where process.emitWarning is missing (browsers, some runtimes).
    console.error(`[LRU_CACHE_UNBOUNDED] UnboundedCacheWarning: ${message}`)
  }
}

type Stored<V> = V | T.BackgroundFetch<V> | undefined

/**
 * A drop-in replacement for `LRUCache` of the npm package `lru-cache` v11 — same
 * constructor options, methods, getters, `fetch`/`memo`, `status` tracking, TTL and
 * size options, the same `TypeError`s — with a choice of eviction policy
 * ({@link T.LruOptionsBase.policy}), **SIEVE** by default: a read marks an entry visited
 * instead of moving it, and the SIEVE hand evicts the first unvisited entry from the
 * oldest end. That makes hits cheaper (one index lookup and one byte store) and, on most
 * real workloads, raises the hit ratio. `policy: 'lru'` gives lru-cache's exact order;
 * `'tinylfu'` W-TinyLFU. int32 keys and short strings are indexed by flat hash tables of
 * their own instead of the `Map` (see `KeyIndex`); slots, index, order and callbacks are
 * the engine `SieveCache` runs on (`SlotStore`).
 *
 * Where lru-cache's behaviour depends on recency order, the policy's order is used. With
 * SIEVE: iteration (`entries()`, `keys()`, `forEach`, `find`, …) goes newest-inserted first,
 * the `r*` variants oldest first, `dump()` oldest first (so `load()` restores the
 * order), and `pop()` removes what SIEVE would evict next. Reads never reorder.
 *
 * @example
 * ```ts
 * import { LRUCache } from '@warp/memory' // was: from 'lru-cache'
 * const cache = new LRUCache<string, Buffer>({ max: 500, ttl: 60_000 })
 * const exact = new LRUCache<string, Buffer>({ max: 500, policy: 'lru' })
 * ```
 */
export class LRUCache<K extends {}, V extends {}, FC = unknown> {
  /** Default TTL in ms (0 = none). */
  ttl: T.LruMilliseconds
  /** See {@link T.LruOptionsBase.ttlResolution}. */
  ttlResolution: T.LruMilliseconds
  /** See {@link T.LruOptionsBase.ttlAutopurge}. */
  ttlAutopurge: boolean
  /** See {@link T.LruOptionsBase.updateAgeOnGet}. */
  updateAgeOnGet: boolean
  /** See {@link T.LruOptionsBase.updateAgeOnHas}. */
  updateAgeOnHas: boolean
  /** See {@link T.LruOptionsBase.allowStale}. */
  allowStale: boolean
  /** See {@link T.LruOptionsBase.noDisposeOnSet}. */
  noDisposeOnSet: boolean
  /** See {@link T.LruOptionsBase.noUpdateTTL}. */
  noUpdateTTL: boolean
  /** See {@link T.LruOptionsBase.maxEntrySize} (defaults to `maxSize`). */
  maxEntrySize: T.LruSize
  /** See {@link T.LruOptionsBase.sizeCalculation}. */
  sizeCalculation?: T.LruSizeCalculator<K, V>
  /** See {@link T.LruOptionsBase.noDeleteOnFetchRejection}. */
  noDeleteOnFetchRejection: boolean
  /** See {@link T.LruOptionsBase.noDeleteOnStaleGet}. */
  noDeleteOnStaleGet: boolean
  /** See {@link T.LruOptionsBase.allowStaleOnFetchAbort}. */
  allowStaleOnFetchAbort: boolean
  /** See {@link T.LruOptionsBase.allowStaleOnFetchRejection}. */
  allowStaleOnFetchRejection: boolean
  /** See {@link T.LruOptionsBase.ignoreFetchAbort}. */
  ignoreFetchAbort: boolean
  /** See {@link T.LruOptionsBase.backgroundFetchSize}. */
  backgroundFetchSize: number;
  /** `'LRUCache'`, as lru-cache. */
  [Symbol.toStringTag] = 'LRUCache'

  readonly #max: number
  readonly #maxSize: number
  readonly #perf: Clock
  readonly #dispose: T.LruDisposer<K, V> | undefined
  readonly #onInsert: T.LruInserter<K, V> | undefined
  readonly #disposeAfter: T.LruDisposer<K, V> | undefined
  readonly #fetchMethod: T.LruFetcher<K, V, FC> | undefined
  readonly #memoMethod: T.LruMemoizer<K, V, FC> | undefined
  readonly #hasDispose: boolean
  readonly #hasOnInsert: boolean
  readonly #hasDisposeAfter: boolean
  readonly #hasFetchMethod: boolean
  readonly #disposed: T.DisposeTask<K, V>[] | undefined
  /**
   * Keys, values, index, eviction order, slot allocation, miss memo and the `dispose`/
   * `onInsert` queue: the engine `SieveCache` uses too (see `SlotStore`).
   */
  readonly #store: SlotStore<K, V | T.BackgroundFetch<V>>
  /** `#store.index`, held here too so the fast `get` does not wait for the store to load. */
  readonly #index: KeyIndex<K>
  /** A slot the size-driven eviction loop must not take (the entry being stored). */
  #protect = Slot.NONE

  #ttls: Float64Array | undefined
  #starts: Float64Array | undefined
  #timers: (ReturnType<typeof setTimeout> | undefined)[] | undefined
  #cachedNow = 0
  #sizes: Float64Array | undefined
  #calculatedSize = 0
  /** What `backgroundFetch` may do to this cache; made on the first fetch. */
  #fetchHost: FetchHost<K, V, FC> | undefined
  /** The value the last `#evict(true)` removed, for `pop()`. */
  #popped: Stored<V> = undefined
  /**
   * Changes to the order of the entries (moves, additions, removals) so far: a walk that
   * sees it change starts checking for slots it has already yielded (see {@link VisitOnce}).
   */
  #moves = 0
  /** No TTL and no fetchMethod: `get` takes its fast path. */
  #plainGet = true
  /** And no sizes, dispose, disposeAfter or onInsert: `set` takes its fast path. */
  #plainSet = true

  /**
   * @throws TypeError with lru-cache's messages for invalid options, e.g.
   * `'max option must be a nonnegative integer'`,
   * `'At least one of max, maxSize, or ttl is required'`.
   */
  constructor(options: T.LruOptions<K, V, FC> | LRUCache<K, V, FC>) {
    const {
      max = 0,
      ttl,
      ttlResolution = 1,
      ttlAutopurge,
      updateAgeOnGet,
      updateAgeOnHas,
      allowStale,
      dispose,
      onInsert,
      disposeAfter,
      noDisposeOnSet,
      noUpdateTTL,
      maxSize = 0,
      maxEntrySize = 0,
      sizeCalculation,
      fetchMethod,
      memoMethod,
      noDeleteOnFetchRejection,
      noDeleteOnStaleGet,
      allowStaleOnFetchRejection,
      allowStaleOnFetchAbort,
      ignoreFetchAbort,
      backgroundFetchSize = 1,
      perf,
      policy = 'sieve',
      seed,
    } = options as T.LruOptionsBase<K, V, FC>
    // The options lru-cache lacks are checked by warp's rule, as SieveCache checks them.
    checkOptions('LRUCache', policyOptionSpecs, { policy, seed })
    if (backgroundFetchSize !== 0 && !isPositiveInteger(backgroundFetchSize)) {
      throw new TypeError('backgroundFetchSize must be a nonnegative integer')
    }
    this.backgroundFetchSize = backgroundFetchSize
    if (perf !== undefined && typeof perf?.now !== 'function') {
      throw new TypeError('perf option must have a now() method if specified')
    }
    this.#perf = perf ?? defaultClock()
    if (max !== 0 && !isPositiveInteger(max))
      throw new TypeError('max option must be a nonnegative integer')
    if (max > Number.MAX_SAFE_INTEGER) throw new Error(`invalid max value: ${max}`)
    this.#max = max
    this.#maxSize = maxSize
    this.maxEntrySize = maxEntrySize || maxSize
    this.sizeCalculation = sizeCalculation
    if (sizeCalculation) {
      if (!this.#maxSize && !this.maxEntrySize) {
        throw new TypeError('cannot set sizeCalculation without setting maxSize or maxEntrySize')
      }
      if (typeof sizeCalculation !== 'function') {
        throw new TypeError('sizeCalculation set to non-function')
      }
    }
    if (memoMethod !== undefined && typeof memoMethod !== 'function') {
      throw new TypeError('memoMethod must be a function if defined')
    }
    this.#memoMethod = memoMethod
    if (fetchMethod !== undefined && typeof fetchMethod !== 'function') {
      throw new TypeError('fetchMethod must be a function if specified')
    }
    this.#fetchMethod = fetchMethod
    this.#hasFetchMethod = !!fetchMethod

    // Start small and double on demand, as SieveCache does.
    const capacity = Math.min(max || 16, 64)
    this.#store = new SlotStore({
      owner: 'LRUCache',
      capacity,
      limit: max || 2 ** 31 - 1,
      policy,
      // Bounded by size or TTL only, TinyLFU is sized as SieveCache's is without `max`.
      policySize: max || MAX_ENTRIES,
      seed,
      onGrow: (c) => this.#grow(c),
    })
    this.#index = this.#store.index

    this.#dispose = typeof dispose === 'function' ? dispose : undefined
    this.#onInsert = typeof onInsert === 'function' ? onInsert : undefined
    this.#disposeAfter = typeof disposeAfter === 'function' ? disposeAfter : undefined
    this.#disposed = this.#disposeAfter ? [] : undefined
    this.#hasDispose = !!this.#dispose
    this.#hasOnInsert = !!this.#onInsert
    this.#hasDisposeAfter = !!this.#disposeAfter
    this.noDisposeOnSet = !!noDisposeOnSet
    this.noUpdateTTL = !!noUpdateTTL
    this.noDeleteOnFetchRejection = !!noDeleteOnFetchRejection
    this.allowStaleOnFetchRejection = !!allowStaleOnFetchRejection
    this.allowStaleOnFetchAbort = !!allowStaleOnFetchAbort
    this.ignoreFetchAbort = !!ignoreFetchAbort

    if (this.maxEntrySize !== 0) {
      if (this.#maxSize !== 0 && !isPositiveInteger(this.#maxSize)) {
        throw new TypeError('maxSize must be a positive integer if specified')
      }
      if (!isPositiveInteger(this.maxEntrySize)) {
        throw new TypeError('maxEntrySize must be a positive integer if specified')
      }
      this.#sizes = new Float64Array(capacity)
    }
    this.allowStale = !!allowStale
    this.noDeleteOnStaleGet = !!noDeleteOnStaleGet
    this.updateAgeOnGet = !!updateAgeOnGet
    this.updateAgeOnHas = !!updateAgeOnHas
    this.ttlResolution = isPositiveInteger(ttlResolution) || ttlResolution === 0 ? ttlResolution : 1
    this.ttlAutopurge = !!ttlAutopurge
    this.ttl = ttl || 0
    if (this.ttl) {
      if (!isPositiveInteger(this.ttl))
        throw new TypeError('ttl must be a positive integer if specified')
      this.#initTTL()
    }
    if (this.#max === 0 && this.ttl === 0 && this.#maxSize === 0) {
      throw new TypeError('At least one of max, maxSize, or ttl is required')
    }
    if (!this.ttlAutopurge && !this.#max && !this.#maxSize) warnUnbounded()
    this.#plainGet = !this.#ttls && !this.#hasFetchMethod
    this.#plainSet =
      this.#plainGet &&
      !this.#sizes &&
      !this.#hasDispose &&
      !this.#hasDisposeAfter &&
      !this.#hasOnInsert
  }

  /** The eviction policy in use (see {@link T.LruOptionsBase.policy}). */
  get policy(): PolicyName {
    return this.#store.policyName
  }
  /** The clock in use. */
  get perf(): Clock {
    return this.#perf
  }
  /** The `max` option (0 when unbounded by count). */
  get max(): T.LruCount {
    return this.#max
  }
  /** The `maxSize` option (0 when unset). */
  get maxSize(): T.LruCount {
    return this.#maxSize
  }
  /** Sum of entry sizes (0 unless size tracking is on). */
  get calculatedSize(): T.LruSize {
    return this.#calculatedSize
  }
  /** Entries stored, including stale ones not yet removed and in-flight fetches. */
  get size(): T.LruCount {
    return this.#store.size
  }
  /** The `fetchMethod` option. */
  get fetchMethod(): T.LruFetcher<K, V, FC> | undefined {
    return this.#fetchMethod
  }
  /** The `memoMethod` option. */
  get memoMethod(): T.LruMemoizer<K, V, FC> | undefined {
    return this.#memoMethod
  }
  /** The `dispose` option. */
  get dispose(): T.LruDisposer<K, V> | undefined {
    return this.#dispose
  }
  /** The `onInsert` option. */
  get onInsert(): T.LruInserter<K, V> | undefined {
    return this.#onInsert
  }
  /** The `disposeAfter` option. */
  get disposeAfter(): T.LruDisposer<K, V> | undefined {
    return this.#disposeAfter
  }

  /**
   * Milliseconds left of `key`'s TTL: `0` when absent, `Infinity` without a TTL;
   * negative when stale but not yet removed.
   */
  getRemainingTTL(key: K): number {
    const i = this.#index.get(key)
    if (i === Slot.ABSENT) return 0
    if (!this.#ttls) return Number.POSITIVE_INFINITY
    return this.#remainingTTL(i)
  }

  // ---------------------------------------------------------------- iteration

  /** Fresh `[key, value]` pairs, newest-inserted first; in-flight fetches are skipped. */
  *entries(): Generator<[K, V], void, unknown> {
    for (const i of this.#indexes()) {
      const v = this.#store.vals[i]
      const k = this.#store.keys[i]
      if (v !== undefined && k !== undefined && !this.#isBF(v)) yield [k, v as V]
    }
  }
  /** Fresh `[key, value]` pairs, oldest first. */
  *rentries(): Generator<[K, V], void, unknown> {
    for (const i of this.#rindexes()) {
      const v = this.#store.vals[i]
      const k = this.#store.keys[i]
      if (v !== undefined && k !== undefined && !this.#isBF(v)) yield [k, v as V]
    }
  }
  /** Fresh keys, newest first. */
  *keys(): Generator<K, void, unknown> {
    for (const i of this.#indexes()) {
      const k = this.#store.keys[i]
      if (k !== undefined && !this.#isBF(this.#store.vals[i])) yield k
    }
  }
  /** Fresh keys, oldest first. */
  *rkeys(): Generator<K, void, unknown> {
    for (const i of this.#rindexes()) {
      const k = this.#store.keys[i]
      if (k !== undefined && !this.#isBF(this.#store.vals[i])) yield k
    }
  }
  /** Fresh values, newest first. */
  *values(): Generator<V, void, unknown> {
    for (const i of this.#indexes()) {
      const v = this.#store.vals[i]
      if (v !== undefined && !this.#isBF(v)) yield v as V
    }
  }
  /** Fresh values, oldest first. */
  *rvalues(): Generator<V | undefined, void, unknown> {
    for (const i of this.#rindexes()) {
      const v = this.#store.vals[i]
      if (v !== undefined && !this.#isBF(v)) yield v as V
    }
  }
  /** Same as {@link entries}. */
  [Symbol.iterator](): Generator<[K, V], void, unknown> {
    return this.entries()
  }

  /**
   * The first value (newest first) for which `fn` returns true, read with `get`
   * (so it is marked visited and `getOptions` apply).
   */
  find(
    fn: (v: V, k: K, self: LRUCache<K, V, FC>) => boolean,
    getOptions: T.LruGetOptions<K, V, FC> = {},
  ): V | undefined {
    for (const i of this.#indexes()) {
      const value = this.#plainValue(this.#store.vals[i])
      if (value === undefined) continue
      if (fn(value, this.#store.keys[i] as K, this)) {
        const found = this.#get(this.#store.keys[i] as K, getOptions)
        this.#throwPending()
        return found
      }
    }
    return undefined
  }
  /** Calls `fn(value, key, cache)` for each fresh entry, newest first (stale-while-fetching values included). */
  forEach(fn: (v: V, k: K, self: LRUCache<K, V, FC>) => unknown, thisp: unknown = this): void {
    for (const i of this.#indexes()) {
      const value = this.#plainValue(this.#store.vals[i])
      if (value !== undefined) fn.call(thisp, value, this.#store.keys[i] as K, this)
    }
  }
  /** {@link forEach}, oldest first. */
  rforEach(fn: (v: V, k: K, self: LRUCache<K, V, FC>) => unknown, thisp: unknown = this): void {
    for (const i of this.#rindexes()) {
      const value = this.#plainValue(this.#store.vals[i])
      if (value !== undefined) fn.call(thisp, value, this.#store.keys[i] as K, this)
    }
  }

  /** Deletes every stale entry (reason `'expire'`); true when any was deleted. */
  purgeStale(): boolean {
    let deleted = false
    // A second look at an entry does no harm here, so the walk need not remember slots.
    for (const i of this.#rindexes({ allowStale: true, once: false })) {
      if (this.#isStale(i)) {
        this.#delete(this.#store.keys[i] as K, 'expire')
        deleted = true
      }
    }
    this.#throwPending()
    return deleted
  }

  /**
   * The entry of `key` as `{ value, ttl?, size?, start? }` (remaining TTL, and `start`
   * as a `Date.now()` time), or `undefined`. Stale entries are reported too.
   */
  info(key: K): T.LruEntry<V> | undefined {
    const i = this.#index.get(key)
    if (i === Slot.ABSENT) return undefined
    const value = this.#plainValue(this.#store.vals[i])
    if (value === undefined) return undefined
    const entry: T.LruEntry<V> = { value }
    if (this.#ttls && this.#starts) {
      const ttl = this.#ttls[i]!
      const start = this.#starts[i]!
      if (ttl && start) {
        entry.ttl = ttl - (this.#perf.now() - start)
        entry.start = Date.now()
      }
    }
    if (this.#sizes) entry.size = this.#sizes[i]!
    return entry
  }

  /**
   * Every entry (stale ones too) as `[key, entry]`, oldest first, for {@link load}.
   * `start` is converted to `Date.now()` time so a dump can cross processes.
   */
  dump(): [K, T.LruEntry<V>][] {
    const out: [K, T.LruEntry<V>][] = []
    for (const i of this.#rindexes({ allowStale: true })) {
      const key = this.#store.keys[i]
      const value = this.#plainValue(this.#store.vals[i])
      if (value === undefined || key === undefined) continue
      const entry: T.LruEntry<V> = { value }
      if (this.#ttls && this.#starts) {
        entry.ttl = this.#ttls[i]!
        entry.start = Math.floor(Date.now() - (this.#perf.now() - this.#starts[i]!))
      }
      if (this.#sizes) entry.size = this.#sizes[i]!
      out.push([key, entry])
    }
    return out
  }

  /** Clears the cache, then sets every entry of a {@link dump} in order. */
  load(arr: [K, T.LruEntry<V>][]): void {
    this.clear()
    for (const [key, entry] of arr) {
      // A copy: the dump the caller passed in stays as it was.
      const options = { ...entry }
      if (options.start) options.start = this.#perf.now() - (Date.now() - options.start)
      this.#set(key, entry.value, options)
    }
    this.#throwPending()
  }

  // ---------------------------------------------------------------- core operations

  /**
   * Stores `v` under `k` (setting `undefined` deletes the key). A new key enters the
   * SIEVE queue unvisited at the newest end; an existing key keeps its place and is
   * marked visited. Returns the cache.
   */
  set(k: K, v: V | undefined, setOptions?: T.LruSetOptions<K, V, FC>): this {
    if (
      setOptions === undefined &&
      this.#plainSet &&
      v !== undefined &&
      this.ttl === 0 &&
      !channels.metrics.hasSubscribers
    ) {
      const store = this.#store
      let i = store.slotToSet(k)
      this.#moves++
      if (i !== Slot.ABSENT) {
        store.vals[i] = v
        store.updated(i)
        return this
      }
      i = this.#max !== 0 && store.size >= this.#max ? this.#evictPlain() : store.allocate()
      store.enter(k, v, i)
      return this
    }
    const options = this.#withStatus(setOptions)
    const status = options.status
    if (status) {
      status.op = 'set'
      status.key = k
      if (v !== undefined) status.value = v
      status.cache = this as never
    }
    this.#set(k, v, options)
    this.#publish(status)
    this.#throwPending()
    return this
  }

  /** `options` with a fresh `status` when someone listens on `lru-cache:metrics` and it has none. */
  #withStatus<O extends { status?: T.LruStatus<K, V, FC> }>(options: O | undefined): O {
    const o = options ?? ({} as O)
    return o.status === undefined && channels.metrics.hasSubscribers ? { ...o, status: {} } : o
  }

  #publish(status: T.LruStatus<K, V, FC> | undefined): void {
    if (status && channels.metrics.hasSubscribers) channels.metrics.publish(status)
  }

  /**
   * The fresh value of `k`, or `undefined`. A hit marks the entry visited; a stale
   * entry is deleted (unless `noDeleteOnStaleGet`) and returned only with `allowStale`.
   */
  get(k: K, getOptions?: T.LruGetOptions<K, V, FC>): V | undefined {
    if (getOptions === undefined && this.#plainGet && !channels.metrics.hasSubscribers) {
      const i = this.#index.get(k)
      const store = this.#store
      if (i === Slot.ABSENT) {
        store.lastMiss = k
        return undefined
      }
      if (store.policy === undefined) {
        store.visited[i] = 1
      } else {
        store.policy.hit(i)
        this.#moves++
      }
      return store.vals[i] as V
    }
    const options = this.#withStatus(getOptions)
    const status = options.status
    if (status) {
      status.op = 'get'
      status.key = k
      status.cache = this as never
    }
    const result = this.#get(k, options)
    if (status && result !== undefined) status.value = result
    this.#publish(status)
    this.#throwPending()
    return result
  }

  /** True when `k` has a fresh value. Does not mark it visited (unless `updateAgeOnHas`, which restarts its TTL). */
  has(k: K, hasOptions?: T.LruHasOptions<K, V, FC>): boolean {
    const options = this.#withStatus(hasOptions)
    const result = this.#has(k, options)
    this.#publish(options.status)
    return result
  }

  #has(k: K, hasOptions: T.LruHasOptions<K, V, FC>): boolean {
    const { updateAgeOnHas = this.updateAgeOnHas, status } = hasOptions
    if (status) {
      status.op = 'has'
      status.key = k
      status.cache = this as never
    }
    const i = this.#index.get(k)
    if (i === Slot.ABSENT) {
      if (status) status.has = 'miss'
      return false
    }
    const v = this.#store.vals[i]
    if (this.#isBF(v) && v.__staleWhileFetching === undefined) return false
    if (!this.#isStale(i)) {
      if (updateAgeOnHas) this.#updateItemAge(i)
      if (status) {
        status.has = 'hit'
        this.#statusTTL(status, i)
      }
      return true
    }
    if (status) {
      status.has = 'stale'
      this.#statusTTL(status, i)
    }
    return false
  }

  /** The value of `k` without marking it visited or deleting it when stale. */
  peek(k: K, peekOptions?: T.LruPeekOptions<K, V, FC>): V | undefined {
    const options = this.#withStatus(peekOptions)
    const result = this.#peek(k, options)
    this.#publish(options.status)
    return result
  }

  #peek(k: K, peekOptions: T.LruPeekOptions<K, V, FC>): V | undefined {
    const { status, allowStale = this.allowStale } = peekOptions
    if (status) {
      status.op = 'peek'
      status.key = k
      status.cache = this as never
    }
    const i = this.#index.get(k)
    if (i === Slot.ABSENT || (!allowStale && this.#isStale(i))) {
      if (status) status.peek = i === Slot.ABSENT ? 'miss' : 'stale'
      return undefined
    }
    const value = this.#plainValue(this.#store.vals[i])
    if (status) {
      if (value !== undefined) {
        status.peek = 'hit'
        status.value = value
      } else status.peek = 'miss'
    }
    return value
  }

  /** Deletes `k` (reason `'delete'`); true when it was present. */
  delete(k: K): boolean {
    const deleted = this.#delete(k, 'delete')
    this.#throwPending()
    return deleted
  }

  /** Deletes everything (reason `'delete'`), aborting in-flight fetches. */
  clear(): void {
    this.#clear('delete')
    this.#throwPending()
  }

  /** Removes and returns the entry SIEVE would evict next (clearing visited bits on the way). */
  pop(): V | undefined {
    try {
      while (this.#store.size) {
        this.#evict(true)
        const val = this.#popped
        this.#popped = undefined
        if (this.#isBF(val)) {
          if (val.__staleWhileFetching !== undefined) return val.__staleWhileFetching
        } else if (val !== undefined) {
          return val as V
        }
      }
      return undefined
    } finally {
      this.#flushDisposed()
      this.#throwPending()
    }
  }

  // ---------------------------------------------------------------- fetch and memo

  /**
   * Returns the cached value, or calls `fetchMethod` to load it. Concurrent fetches
   * of one key share one call; a stale value can be returned while it refreshes
   * (`allowStale`); `signal` aborts. Without a `fetchMethod`, it is `get` in a Promise.
   */
  fetch(
    k: K,
    fetchOptions: unknown extends FC
      ? T.LruFetchOptions<K, V, FC>
      : FC extends undefined | void
        ? T.LruFetchOptionsNoContext<K, V, FC>
        : T.LruFetchOptionsWithContext<K, V, FC>,
  ): Promise<undefined | V>
  fetch(
    k: unknown extends FC ? K : FC extends undefined | void ? K : never,
    fetchOptions?: unknown extends FC
      ? T.LruFetchOptions<K, V, FC>
      : FC extends undefined | void
        ? T.LruFetchOptionsNoContext<K, V, FC>
        : never,
  ): Promise<undefined | V>
  fetch(k: K, fetchOptions: T.LruFetchOptions<K, V, FC> = {}): Promise<undefined | V> {
    const tracing = channels.tracing.hasSubscribers
    const options =
      fetchOptions.status === undefined && (tracing || channels.metrics.hasSubscribers)
        ? { ...fetchOptions, status: {} }
        : fetchOptions
    const status = options.status
    if (status && options.context) status.context = options.context
    const p = this.#fetch(k, options)
    if (status && tracing) {
      status.trace = true
      channels.tracing.tracePromise(() => p, status).catch(() => {})
    }
    return p
  }

  /** {@link fetch}, but rejects instead of resolving to `undefined`. */
  forceFetch(
    k: K,
    fetchOptions: unknown extends FC
      ? T.LruFetchOptions<K, V, FC>
      : FC extends undefined | void
        ? T.LruFetchOptionsNoContext<K, V, FC>
        : T.LruFetchOptionsWithContext<K, V, FC>,
  ): Promise<V>
  forceFetch(
    k: unknown extends FC ? K : FC extends undefined | void ? K : never,
    fetchOptions?: unknown extends FC
      ? T.LruFetchOptions<K, V, FC>
      : FC extends undefined | void
        ? T.LruFetchOptionsNoContext<K, V, FC>
        : never,
  ): Promise<V>
  async forceFetch(k: K, fetchOptions: T.LruFetchOptions<K, V, FC> = {}): Promise<V> {
    const status = fetchOptions.status
    if (status && fetchOptions.context) status.context = fetchOptions.context
    const v = await this.#fetch(k, fetchOptions)
    if (v === undefined) throw new Error('fetch() returned undefined')
    return v
  }

  /**
   * The cached value of `k`, or the result of `memoMethod(k, staleValue, { options, context })`,
   * which is stored. Throws when the cache has no `memoMethod`.
   */
  memo(
    k: K,
    memoOptions: unknown extends FC
      ? T.LruMemoOptions<K, V, FC>
      : FC extends undefined | void
        ? T.LruMemoOptionsNoContext<K, V, FC>
        : T.LruMemoOptionsWithContext<K, V, FC>,
  ): V
  memo(
    k: unknown extends FC ? K : FC extends undefined | void ? K : never,
    memoOptions?: unknown extends FC
      ? T.LruMemoOptions<K, V, FC>
      : FC extends undefined | void
        ? T.LruMemoOptionsNoContext<K, V, FC>
        : never,
  ): V
  memo(k: K, memoOptions: T.LruMemoOptions<K, V, FC> = {}): V {
    const memoMethod = this.#memoMethod
    const { context, status, forceRefresh, ...options } = this.#withStatus(memoOptions)
    if (status) {
      status.op = 'memo'
      status.key = k
      if (context) status.context = context
      status.cache = this as never
    }
    if (!memoMethod) throw new Error('no memoMethod provided to constructor')
    if (status && forceRefresh) status.forceRefresh = true
    const v = this.#get(k, options)
    const refresh = forceRefresh || v === undefined
    if (status) {
      status.memo = refresh ? 'miss' : 'hit'
      if (!refresh) status.value = v
    }
    if (!refresh) {
      this.#publish(status)
      this.#throwPending()
      return v as V
    }
    const vv = memoMethod(k, v, { options, context: context as FC })
    if (status) status.value = vv
    this.#set(k, vv, options)
    this.#publish(status)
    this.#throwPending()
    return vv
  }

  // ---------------------------------------------------------------- internals

  #get(k: K, getOptions: T.LruGetOptions<K, V, FC>): V | undefined {
    const {
      allowStale = this.allowStale,
      updateAgeOnGet = this.updateAgeOnGet,
      noDeleteOnStaleGet = this.noDeleteOnStaleGet,
      status,
    } = getOptions
    const i = this.#index.get(k)
    if (i === Slot.ABSENT) {
      if (status) status.get = 'miss'
      return undefined
    }
    const value = this.#store.vals[i]
    const fetching = this.#isBF(value)
    if (status) this.#statusTTL(status, i)
    if (this.#isStale(i)) {
      if (!fetching) {
        if (!noDeleteOnStaleGet) this.#delete(k, 'expire')
        if (status) status.get = 'stale'
        if (allowStale) {
          if (status) status.returnedStale = true
          return value as V
        }
        return undefined
      }
      if (status) status.get = 'stale-fetching'
      if (allowStale && value.__staleWhileFetching !== undefined) {
        if (status) status.returnedStale = true
        return value.__staleWhileFetching
      }
      return undefined
    }
    if (status) status.get = fetching ? 'fetching' : 'hit'
    this.#store.hit(i)
    this.#moves++
    if (updateAgeOnGet) this.#updateItemAge(i)
    return fetching ? value.__staleWhileFetching : (value as V)
  }

  #set(
    k: K,
    v: Stored<V>,
    setOptions: T.LruSetOptions<K, V, FC> | T.LruFetcherFetchOptions<K, V, FC>,
    bf?: T.BackgroundFetch<V>,
  ): void {
    const {
      ttl = this.ttl,
      noDisposeOnSet = this.noDisposeOnSet,
      sizeCalculation = this.sizeCalculation,
      status,
    } = setOptions
    const start = (setOptions as T.LruSetOptions<K, V, FC>).start
    const isBF = this.#isBF(v)
    this.#moves++
    if (v === undefined) {
      if (status) status.set = 'deleted'
      this.#delete(k, 'delete')
      return
    }
    let { noUpdateTTL = this.noUpdateTTL } = setOptions
    if (status && !isBF) status.value = v as V
    const size = this.#requireSize(k, v, setOptions.size || 0, sizeCalculation)
    if (this.maxEntrySize && size > this.maxEntrySize) {
      this.#delete(k, 'set')
      if (status) {
        status.set = 'miss'
        status.maxEntrySizeExceeded = true
      }
      return
    }
    const store = this.#store
    let i = store.size === 0 ? Slot.ABSENT : store.index.get(k)
    if (i === Slot.ABSENT) {
      i = this.#max !== 0 && store.size >= this.#max ? this.#evict(false) : store.allocate()
      store.enter(k, v, i)
      this.#addItemSize(i, size, status)
      if (status) status.set = 'add'
      noUpdateTTL = false
      if (this.#hasOnInsert && !isBF) this.#queueInsert(v as V, k, 'add')
    } else {
      store.updated(i)
      const oldVal = store.vals[i]
      if (v !== oldVal) {
        if (this.#isBF(oldVal)) {
          // Setting over a fetch (not merely storing its result) aborts it, noDisposeOnSet or not.
          if (oldVal !== bf) oldVal.__abortController.abort(new Error('replaced'))
          const stale = oldVal.__staleWhileFetching
          if (!noDisposeOnSet && stale !== undefined && stale !== v) {
            this.#disposeEntry(stale, k, 'set')
          }
        } else if (!noDisposeOnSet && oldVal !== undefined) {
          this.#disposeEntry(oldVal as V, k, 'set')
        }
        this.#removeItemSize(i)
        this.#addItemSize(i, size, status)
        store.vals[i] = v
        if (!isBF) {
          const oldValue = this.#isBF(oldVal)
            ? oldVal.__staleWhileFetching
            : (oldVal as V | undefined)
          const setType = oldValue === undefined ? 'add' : v !== oldValue ? 'replace' : 'update'
          if (status) {
            status.set = setType
            if (oldValue !== undefined) status.oldValue = oldValue
          }
          if (this.#hasOnInsert) this.#queueInsert(v as V, k, setType)
        }
      } else if (!isBF) {
        // The same value may have been mutated or given another size: size it again.
        this.#removeItemSize(i)
        this.#addItemSize(i, size, status)
        if (status) status.set = 'update'
        if (this.#hasOnInsert) this.#queueInsert(v as V, k, 'update')
      }
    }
    if (ttl !== 0 && !this.#ttls) this.#initTTL()
    if (this.#ttls) {
      if (!noUpdateTTL) this.#setItemTTL(i, ttl, start)
      if (status) this.#statusTTL(status, i)
    }
    this.#flushDisposed()
  }

  /**
   * A deleted (or cleared) entry's farewell: an in-flight fetch is aborted, and the value
   * it held (a fetch's stale value, as lru-cache 11.5.4 does) goes to `dispose`.
   */
  #disposeRemoved(v: Stored<V>, k: K, reason: T.LruDisposeReason): void {
    const isBF = this.#isBF(v)
    if (isBF) v.__abortController.abort(new Error('deleted'))
    const value = isBF ? v.__staleWhileFetching : (v as V | undefined)
    if (value !== undefined) this.#disposeEntry(value, k, reason)
  }

  #delete(k: K, reason: T.LruDisposeReason): boolean {
    // lru-cache 11.5 publishes every delete (present or not, any reason but eviction and clear).
    if (channels.metrics.hasSubscribers) {
      channels.metrics.publish({ op: 'delete', delete: reason, key: k, cache: this })
    }
    let deleted = false
    const store = this.#store
    if (store.size !== 0) {
      const i = store.index.get(k)
      if (i !== Slot.ABSENT) {
        deleted = true
        this.#moves++
        this.#clearTimer(i)
        if (store.size === 1) {
          this.#clear(reason)
        } else {
          this.#removeItemSize(i)
          const v = store.vals[i]
          store.unlink(i)
          store.release(i)
          this.#disposeRemoved(v, k, reason)
        }
      }
    }
    this.#flushDisposed()
    return deleted
  }

  #clear(reason: T.LruDisposeReason): void {
    this.#moves++
    const departing: [K, Stored<V>][] = []
    if (this.#hasDispose || this.#hasDisposeAfter || this.#hasFetchMethod) {
      for (const i of this.#rindexes({ allowStale: true })) {
        departing.push([this.#store.keys[i] as K, this.#store.vals[i]])
      }
    }
    this.#store.clear()
    if (this.#ttls && this.#starts) {
      this.#ttls.fill(0)
      this.#starts.fill(0)
      for (const t of this.#timers ?? []) if (t !== undefined) clearTimeout(t)
      this.#timers?.fill(undefined)
    }
    this.#sizes?.fill(0)
    this.#calculatedSize = 0
    for (const [k, v] of departing) this.#disposeRemoved(v, k, reason)
    this.#flushDisposed()
  }

  /**
   * One eviction, of the policy's victim (SIEVE: from where the hand stopped, the oldest
   * entry when it has none, clear visited bits toward the newest until an unvisited entry
   * is found and leave the hand at its newer neighbour; LRU: the least recently used).
   * With `free` false the slot is returned for immediate reuse instead of going back to
   * the free list.
   */
  #evict(free: boolean): number {
    const store = this.#store
    const i = store.evict(this.#protect, this.#ttls === undefined ? undefined : this.#staleFn)
    this.#moves++
    const k = store.keys[i] as K
    const v = store.vals[i]
    this.#removeItemSize(i)
    this.#clearTimer(i)
    if (free) {
      this.#popped = v
      store.release(i)
    }
    const isBF = this.#isBF(v)
    if (isBF) v.__abortController.abort(new Error('evicted'))
    const oldValue = isBF ? v.__staleWhileFetching : (v as V | undefined)
    if (oldValue !== undefined && (this.#hasDispose || this.#hasDisposeAfter)) {
      this.#disposeEntry(oldValue, k, 'evict')
    }
    return i
  }

  /** {@link #evict} for the plain configuration (no sizes, TTL, fetch or callbacks). */
  #evictPlain(): number {
    return this.#store.evict(this.#protect)
  }

  readonly #staleFn = (i: number): boolean => this.#isStale(i)

  /** The store grew to `capacity` slots: so do the TTL, size and timer arrays. */
  #grow(capacity: number): void {
    if (this.#ttls) this.#ttls = grown(this.#ttls, new Float64Array(capacity))
    if (this.#starts) this.#starts = grown(this.#starts, new Float64Array(capacity))
    if (this.#sizes) this.#sizes = grown(this.#sizes, new Float64Array(capacity))
    if (this.#timers) this.#timers = resized(this.#timers, capacity)
  }

  /**
   * Live slots in the policy's order (SIEVE: newest first; LRU: most recently used first);
   * the walk ends where the next slot holds no live entry, as lru-cache's does. With `once`
   * (the default), each slot is yielded at most once, as in lru-cache 11.5.4: a caller that
   * moves entries while it iterates (a `get` under policy `'lru'`) or deletes and adds them
   * could otherwise send the walk back to slots it has passed (see {@link VisitOnce}).
   */
  #indexes(options: WalkOptions = {}): Generator<number> {
    return this.#walk(false, options)
  }

  /** Live slots in reverse order (SIEVE: oldest first; LRU: least recently used first). */
  #rindexes(options: WalkOptions = {}): Generator<number> {
    return this.#walk(true, options)
  }

  /** {@link #indexes} (`reverse` false) and {@link #rindexes} (true). */
  *#walk(
    reverse: boolean,
    { allowStale = this.allowStale, once = true }: WalkOptions,
  ): Generator<number> {
    const store = this.#store
    if (store.size === 0) return
    if (store.policyName === 'tinylfu') {
      yield* this.#snapshotIndexes(reverse, allowStale)
      return
    }
    const visits = once ? new VisitOnce(this.#moves) : undefined
    for (let i = reverse ? store.last() : store.first(); this.#isValidIndex(i); ) {
      if (
        (visits === undefined || visits.isFirst(i, this.#moves)) &&
        (allowStale || !this.#isStale(i))
      )
        yield i
      // The end is read at every step, as lru-cache does: the caller may move entries.
      if (i === (reverse ? store.first() : store.last())) break
      i = reverse ? store.prev(i) : store.next(i)
    }
  }

  /**
   * The walk under `'tinylfu'`, over the entries present when it starts (see
   * `SlotStore.snapshot`): a hit there can carry an entry from probation to protected, ahead
   * of the walk or behind it, so following the live links could skip entries, not only
   * revisit them.
   */
  *#snapshotIndexes(reverse: boolean, allowStale: boolean): Generator<number> {
    const store = this.#store
    const { slots, keys, count } = store.snapshot(reverse)
    for (let n = 0; n < count; n++) {
      const i = slots[n]!
      if (store.holds(i, keys[n]!) && (allowStale || !this.#isStale(i))) yield i
    }
  }

  #isValidIndex(i: number): boolean {
    const store = this.#store
    return i !== Slot.NONE && store.index.get(store.keys[i] as K) === i
  }

  #isBF(v: unknown): v is T.BackgroundFetch<V> {
    if (!this.#hasFetchMethod) return false
    const b = v as T.BackgroundFetch<V> | undefined
    return (
      !!b &&
      b instanceof Promise &&
      Object.hasOwn(b, '__staleWhileFetching') &&
      b.__abortController instanceof AbortController
    )
  }

  #plainValue(v: Stored<V>): V | undefined {
    return this.#isBF(v) ? v.__staleWhileFetching : (v as V | undefined)
  }

  /**
   * Queues the `dispose` call for a removed entry: it runs when the operation finishes
   * (see {@link #drainDispose}), so a `dispose` that calls back into the cache finds it
   * consistent. lru-cache calls it mid-operation; the calls, their arguments and their
   * order are the same.
   */
  #disposeEntry(value: V, key: K, reason: T.LruDisposeReason): void {
    if (this.#hasDispose) this.#store.callbacks.push(this.#dispose!, value, key, reason)
    if (this.#hasDisposeAfter) this.#disposed!.push([value, key, reason])
  }

  /** Queues an `onInsert` call, in line with the `dispose` calls (see {@link #disposeEntry}). */
  #queueInsert(value: V, key: K, reason: T.LruInsertReason): void {
    this.#store.callbacks.push(this.#onInsert!, value, key, reason)
  }

  /** Runs queued `dispose` and `onInsert` calls (see `CallbackQueue`), then `disposeAfter` ones. */
  #flushDisposed(): void {
    const callbacks = this.#store.callbacks
    callbacks.drain()
    const queue = this.#disposed
    if (!queue || queue.length === 0) return
    let task: T.DisposeTask<K, V> | undefined
    while ((task = queue.shift())) {
      try {
        this.#disposeAfter!(...task)
      } catch (error) {
        callbacks.fail(error)
      }
    }
  }

  /** A dispose callback threw: the cache is consistent again, so the caller sees the error now. */
  #throwPending(): void {
    this.#store.callbacks.flush()
  }

  // ---------------------------------------------------------------- sizes

  #requireSize(
    k: K,
    v: Stored<V>,
    size: number,
    sizeCalculation: T.LruSizeCalculator<K, V> | undefined,
  ): number {
    if (!this.#sizes) {
      if (size || sizeCalculation) {
        throw new TypeError('cannot set size without setting maxSize or maxEntrySize on cache')
      }
      return 0
    }
    if (isPositiveInteger(size)) return size
    if (this.#isBF(v)) return this.backgroundFetchSize
    if (!sizeCalculation) {
      throw new TypeError(
        'invalid size value (must be positive integer). ' +
          'When maxSize or maxEntrySize is used, sizeCalculation or size must be set.',
      )
    }
    if (typeof sizeCalculation !== 'function') {
      throw new TypeError('sizeCalculation must be a function')
    }
    const computed = sizeCalculation(v as V, k)
    if (!isPositiveInteger(computed)) {
      throw new TypeError('sizeCalculation return invalid (expect positive integer)')
    }
    return computed
  }

  #addItemSize(i: number, size: number, status: T.LruStatus<K, V, FC> | undefined): void {
    const sizes = this.#sizes
    if (!sizes) return
    sizes[i] = size
    if (this.#maxSize) {
      const room = this.#maxSize - size
      this.#protect = i
      try {
        while (this.#calculatedSize > room && this.#store.size > 1) this.#evict(true)
      } finally {
        this.#protect = Slot.NONE
      }
    }
    this.#calculatedSize += size
    if (status) {
      status.entrySize = size
      status.totalCalculatedSize = this.#calculatedSize
    }
  }

  #removeItemSize(i: number): void {
    const sizes = this.#sizes
    if (!sizes) return
    this.#calculatedSize -= sizes[i]!
    sizes[i] = 0
  }

  // ---------------------------------------------------------------- TTL

  #initTTL(): void {
    const capacity = this.#store.capacity
    this.#ttls = new Float64Array(capacity)
    this.#starts = new Float64Array(capacity)
    this.#timers = this.ttlAutopurge ? new Array(capacity).fill(undefined) : undefined
    this.#plainGet = false
    this.#plainSet = false
  }

  #now(): number {
    if (this.#cachedNow) return this.#cachedNow
    const n = this.#perf.now()
    if (this.ttlResolution > 0) {
      this.#cachedNow = n
      const t = setTimeout(() => {
        this.#cachedNow = 0
      }, this.ttlResolution)
      t.unref?.()
    }
    return n
  }

  #isStale(i: number): boolean {
    const ttls = this.#ttls
    if (!ttls) return false
    const t = ttls[i]!
    const s = this.#starts![i]!
    return !!t && !!s && this.#now() - s > t
  }

  #remainingTTL(i: number): number {
    const ttl = this.#ttls![i]!
    const start = this.#starts![i]!
    if (!ttl || !start) return Number.POSITIVE_INFINITY
    return ttl - (this.#now() - start)
  }

  #setItemTTL(i: number, ttl: number, start: number = this.#perf.now()): void {
    this.#starts![i] = ttl !== 0 ? start : 0
    this.#ttls![i] = ttl
    this.#setPurgeTimer(i, ttl)
  }

  #updateItemAge(i: number): void {
    if (!this.#ttls) return
    this.#starts![i] = this.#ttls[i] !== 0 ? this.#perf.now() : 0
    this.#setPurgeTimer(i, this.#ttls[i]!)
  }

  #setPurgeTimer(i: number, ttl: number): void {
    const timers = this.#timers
    if (!timers) return
    this.#clearTimer(i)
    if (!ttl) return
    // setTimeout takes at most 2^31 − 1 ms (a longer delay fires after 1 ms, with a
    // warning): a longer TTL is waited for in steps, the timer set again for what remains.
    const t = setTimeout(
      () => {
        if (this.#isStale(i)) {
          // this.#timers, not `timers`: the array is replaced when the cache grows.
          this.#timers![i] = undefined
          this.#delete(this.#store.keys[i] as K, 'expire')
        } else {
          // A timer that fired exactly at a TTL of 2^31 − 1 finds the entry stale 1 ms later.
          this.#setPurgeTimer(i, this.#remainingTTL(i) || 1)
        }
      },
      Math.min(ttl + 1, MAX_TIMER_DELAY),
    )
    t.unref?.()
    timers[i] = t
  }

  #clearTimer(i: number): void {
    const timers = this.#timers
    const t = timers?.[i]
    if (t !== undefined) {
      clearTimeout(t)
      timers![i] = undefined
    }
  }

  #statusTTL(status: T.LruStatus<K, V, FC>, i: number): void {
    if (!this.#ttls) return
    const ttl = this.#ttls[i]!
    const start = this.#starts![i]!
    if (!ttl || !start) return
    status.ttl = ttl
    status.start = start
    status.now = this.#now()
    status.remainingTTL = ttl - (status.now - start)
  }

  // ---------------------------------------------------------------- fetch internals

  async #fetch(k: K, fetchOptions: T.LruFetchOptions<K, V, FC>): Promise<V | undefined> {
    const {
      allowStale = this.allowStale,
      updateAgeOnGet = this.updateAgeOnGet,
      noDeleteOnStaleGet = this.noDeleteOnStaleGet,
      ttl = this.ttl,
      noDisposeOnSet = this.noDisposeOnSet,
      size = 0,
      sizeCalculation = this.sizeCalculation,
      noUpdateTTL = this.noUpdateTTL,
      noDeleteOnFetchRejection = this.noDeleteOnFetchRejection,
      allowStaleOnFetchRejection = this.allowStaleOnFetchRejection,
      ignoreFetchAbort = this.ignoreFetchAbort,
      allowStaleOnFetchAbort = this.allowStaleOnFetchAbort,
      context,
      forceRefresh = false,
      status,
      signal,
    } = fetchOptions
    if (status) {
      status.op = 'fetch'
      status.key = k
      if (forceRefresh) status.forceRefresh = true
      status.cache = this as never
    }
    if (!this.#hasFetchMethod) {
      if (status) status.fetch = 'get'
      const v = this.#get(k, { allowStale, updateAgeOnGet, noDeleteOnStaleGet, status })
      this.#throwPending()
      return v
    }
    const options: FetchState<K, V, FC> = {
      allowStale,
      updateAgeOnGet,
      noDeleteOnStaleGet,
      ttl,
      noDisposeOnSet,
      size,
      sizeCalculation,
      noUpdateTTL,
      noDeleteOnFetchRejection,
      allowStaleOnFetchRejection,
      allowStaleOnFetchAbort,
      ignoreFetchAbort,
      status,
      signal,
    }
    const i = this.#index.get(k)
    if (i === Slot.ABSENT) {
      if (status) status.fetch = 'miss'
      const p = this.#backgroundFetch(k, undefined, options, context)
      p.__returned = p
      return p
    }
    const v = this.#store.vals[i]
    if (this.#isBF(v)) {
      const stale = allowStale && v.__staleWhileFetching !== undefined
      if (status) {
        status.fetch = 'inflight'
        if (stale) status.returnedStale = true
      }
      if (stale) return v.__staleWhileFetching
      v.__returned = v
      return v
    }
    const isStale = this.#isStale(i)
    if (!forceRefresh && !isStale) {
      if (status) status.fetch = 'hit'
      this.#store.hit(i)
      this.#moves++
      if (updateAgeOnGet) this.#updateItemAge(i)
      if (status) this.#statusTTL(status, i)
      return v as V
    }
    const p = this.#backgroundFetch(k, i, options, context)
    const staleVal = p.__staleWhileFetching !== undefined && allowStale
    if (status) {
      status.fetch = isStale ? 'stale' : 'refresh'
      if (staleVal && isStale) status.returnedStale = true
    }
    if (staleVal) return p.__staleWhileFetching
    p.__returned = p
    return p
  }

  #backgroundFetch(
    k: K,
    index: number | undefined,
    options: FetchState<K, V, FC>,
    context: unknown,
  ): T.BackgroundFetch<V> {
    const v = index === undefined ? undefined : this.#store.vals[index]
    if (this.#isBF(v)) return v
    this.#fetchHost ??= {
      // lru-cache calls it as a method of the cache: a non-arrow fetchMethod's `this` is the cache.
      fetchMethod: (key, stale, fetcherOptions) =>
        this.#fetchMethod!.call(this, key, stale, fetcherOptions),
      valueAt: (slot) => this.#store.vals[slot],
      setValueAt: (slot, value) => {
        this.#store.vals[slot] = value
      },
      slotOf: (key) => {
        const i = this.#index.get(key)
        return i === Slot.ABSENT ? undefined : i
      },
      store: (key, value, setOptions, bf) => this.#set(key, value, setOptions, bf),
      remove: (key, reason) => void this.#delete(key, reason),
      throwPending: () => this.#throwPending(),
    }
    return backgroundFetch(this.#fetchHost, k, index, v as V | undefined, options, context)
  }
}

/**
 * The option, status and callback types of {@link LRUCache}, under the same names as
 * lru-cache v11's `LRUCache` namespace (`LRUCache.Options`, `LRUCache.Status`, …).
 */
export declare namespace LRUCache {
  /** {@link T.LruSize}, under lru-cache's name `LRUCache.Size`. */
  export type Size = T.LruSize
  /** {@link T.LruMilliseconds}, under lru-cache's name `LRUCache.Milliseconds`. */
  export type Milliseconds = T.LruMilliseconds
  /** {@link T.LruCount}, under lru-cache's name `LRUCache.Count`. */
  export type Count = T.LruCount
  /** {@link T.LruDisposeReason}, under lru-cache's name `LRUCache.DisposeReason`. */
  export type DisposeReason = T.LruDisposeReason
  /** {@link T.LruDisposer}, under lru-cache's name `LRUCache.Disposer`. */
  export type Disposer<K, V> = T.LruDisposer<K, V>
  /** {@link T.LruInsertReason}, under lru-cache's name `LRUCache.InsertReason`. */
  export type InsertReason = T.LruInsertReason
  /** {@link T.LruInserter}, under lru-cache's name `LRUCache.Inserter`. */
  export type Inserter<K, V> = T.LruInserter<K, V>
  /** {@link T.LruSizeCalculator}, under lru-cache's name `LRUCache.SizeCalculator`. */
  export type SizeCalculator<K, V> = T.LruSizeCalculator<K, V>
  /** {@link T.LruFetcherOptions}, under lru-cache's name `LRUCache.FetcherOptions`. */
  export type FetcherOptions<K, V, FC = unknown> = T.LruFetcherOptions<K, V, FC>
  /** {@link T.LruStatus}, under lru-cache's name `LRUCache.Status`. */
  export type Status<K, V, FC = unknown> = T.LruStatus<K, V, FC>
  /** {@link T.LruFetcherFetchOptions}, under lru-cache's name `LRUCache.FetcherFetchOptions`. */
  export type FetcherFetchOptions<K, V, FC = unknown> = T.LruFetcherFetchOptions<K, V, FC>
  /** {@link T.LruFetchOptions}, under lru-cache's name `LRUCache.FetchOptions`. */
  export type FetchOptions<K, V, FC> = T.LruFetchOptions<K, V, FC>
  /** {@link T.LruFetchOptionsWithContext}, under lru-cache's name `LRUCache.FetchOptionsWithContext`. */
  export type FetchOptionsWithContext<K, V, FC> = T.LruFetchOptionsWithContext<K, V, FC>
  /** {@link T.LruFetchOptionsNoContext}, under lru-cache's name `LRUCache.FetchOptionsNoContext`. */
  export type FetchOptionsNoContext<
    K,
    V,
    FC extends undefined | void = undefined,
  > = T.LruFetchOptionsNoContext<K, V, FC>
  /** {@link T.LruMemoOptions}, under lru-cache's name `LRUCache.MemoOptions`. */
  export type MemoOptions<K, V, FC = unknown> = T.LruMemoOptions<K, V, FC>
  /** {@link T.LruMemoOptionsWithContext}, under lru-cache's name `LRUCache.MemoOptionsWithContext`. */
  export type MemoOptionsWithContext<K, V, FC> = T.LruMemoOptionsWithContext<K, V, FC>
  /** {@link T.LruMemoOptionsNoContext}, under lru-cache's name `LRUCache.MemoOptionsNoContext`. */
  export type MemoOptionsNoContext<
    K,
    V,
    FC extends undefined | void = undefined,
  > = T.LruMemoOptionsNoContext<K, V, FC>
  /** {@link T.LruMemoizerOptions}, under lru-cache's name `LRUCache.MemoizerOptions`. */
  export type MemoizerOptions<K, V, FC = unknown> = T.LruMemoizerOptions<K, V, FC>
  /** {@link T.LruMemoizerMemoOptions}, under lru-cache's name `LRUCache.MemoizerMemoOptions`. */
  export type MemoizerMemoOptions<K, V, FC = unknown> = T.LruMemoizerMemoOptions<K, V, FC>
  /** {@link T.LruHasOptions}, under lru-cache's name `LRUCache.HasOptions`. */
  export type HasOptions<K, V, FC> = T.LruHasOptions<K, V, FC>
  /** {@link T.LruGetOptions}, under lru-cache's name `LRUCache.GetOptions`. */
  export type GetOptions<K, V, FC> = T.LruGetOptions<K, V, FC>
  /** {@link T.LruPeekOptions}, under lru-cache's name `LRUCache.PeekOptions`. */
  export type PeekOptions<K, V, FC> = T.LruPeekOptions<K, V, FC>
  /** {@link T.LruSetOptions}, under lru-cache's name `LRUCache.SetOptions`. */
  export type SetOptions<K, V, FC> = T.LruSetOptions<K, V, FC>
  /** {@link T.LruFetcher}, under lru-cache's name `LRUCache.Fetcher`. */
  export type Fetcher<K, V, FC = unknown> = T.LruFetcher<K, V, FC>
  /** {@link T.LruMemoizer}, under lru-cache's name `LRUCache.Memoizer`. */
  export type Memoizer<K, V, FC = unknown> = T.LruMemoizer<K, V, FC>
  /** {@link T.LruOptionsBase}, under lru-cache's name `LRUCache.OptionsBase`. */
  export type OptionsBase<K, V, FC> = T.LruOptionsBase<K, V, FC>
  /** {@link T.LruOptionsMaxLimit}, under lru-cache's name `LRUCache.OptionsMaxLimit`. */
  export type OptionsMaxLimit<K, V, FC> = T.LruOptionsMaxLimit<K, V, FC>
  /** {@link T.LruOptionsTTLLimit}, under lru-cache's name `LRUCache.OptionsTTLLimit`. */
  export type OptionsTTLLimit<K, V, FC> = T.LruOptionsTTLLimit<K, V, FC>
  /** {@link T.LruOptionsSizeLimit}, under lru-cache's name `LRUCache.OptionsSizeLimit`. */
  export type OptionsSizeLimit<K, V, FC> = T.LruOptionsSizeLimit<K, V, FC>
  /** {@link T.LruOptions}, under lru-cache's name `LRUCache.Options`. */
  export type Options<K, V, FC> = T.LruOptions<K, V, FC>
  /** {@link T.LruEntry}, under lru-cache's name `LRUCache.Entry`. */
  export type Entry<V> = T.LruEntry<V>
}
