import {
  CacheError,
  type CacheStats,
  type Capabilities,
  type Clock,
  checkOptions,
  closeInstance,
  defaultClock,
  InvalidOptionError,
  type SetOptions,
  type SyncBackend,
} from '@warp/core'
import { grown } from './arrays.js'
import { describe } from './describe.js'
import type { KeyIndex } from './key-index.js'
import { MAX_ENTRIES } from './limits.js'
import { checkSieveOptionPairs, type PolicyName, sieveCacheOptionSpecs } from './sieve-options.js'
import { Slot } from './slot.js'
import { mapKey, SlotStore } from './slot-store.js'

/**
 * Why an entry left a {@link SieveCache}, as passed to {@link SieveCacheOptions.dispose}:
 * - `'evict'` — the SIEVE hand removed it to make room;
 * - `'expire'` — its TTL had passed;
 * - `'set'` — `set` replaced its value (or refused an oversize value for its key);
 * - `'delete'` — `delete` or `clear` removed it.
 */
export type SieveDisposeReason = 'evict' | 'expire' | 'set' | 'delete'

/** Options of {@link SieveCache}. */
export interface SieveCacheOptions<K, V> {
  /**
   * Maximum number of entries. When full, the SIEVE hand evicts the first entry
   * not visited since it last passed. A positive integer ≤ 2^30; required unless
   * {@link maxSize} bounds the cache. The internal typed arrays grow on demand up
   * to this size (in steps of ×2), so a large `max` costs nothing until it is used.
   */
  max?: number
  /**
   * Default time to live of an entry, in milliseconds; `0` (the default) or
   * `Infinity` means entries never expire. `set(k, v, { ttl })` overrides it per entry.
   * Expired entries are never returned; the hand evicts them before any live entry
   * when it meets them. Turning TTL on allocates one `Float64Array` slot per entry.
   */
  ttl?: number
  /**
   * Upper bound of the sum of entry sizes (see {@link sizeCalculation}); a positive
   * integer. Entries are evicted until a new one fits. When set without `max`, the
   * cache is bounded by size only.
   */
  maxSize?: number
  /**
   * The size of an entry, a positive integer in whatever unit {@link maxSize} uses.
   * Required when `maxSize` or `maxEntrySize` is set. Returning anything else throws
   * a `TypeError` from `set` (the cache is left unchanged).
   */
  sizeCalculation?: (value: V, key: K) => number
  /**
   * Largest size of one entry; a bigger entry is not stored (`set` removes any older
   * value of the key and counts it under `stats().oversize`). Defaults to `maxSize`.
   */
  maxEntrySize?: number
  /**
   * Called after an entry has left the cache, with the reason (see {@link SieveDisposeReason}).
   * Not called when `set` stores the very same value again.
   *
   * Calls are queued and made after the operation that removed the entries has finished,
   * in removal order, so the cache is consistent when `dispose` runs and may be used from
   * it (`set`, `delete`, `clear`, `get`). Removals caused by such a nested call are queued
   * behind the others; nesting deeper than `MAX_DISPOSE_DEPTH` levels or more than `MAX_NESTED_CALLBACKS` nested calls (a dispose
   * that keeps re-inserting what it is told was evicted) stops: those callbacks are
   * skipped and the outermost operation throws a `RangeError` saying how many were skipped. The cache never exceeds `max` meanwhile.
   * If `dispose` throws, the queue is still drained and then the first error is rethrown
   * to the caller of the outermost operation.
   */
  dispose?: (value: V, key: K, reason: SieveDisposeReason) => void
  /**
   * The clock for TTLs: any object with `now()` in milliseconds. Defaults to
   * `performance` (looked up at construction). Tests pass a `ManualClock`.
   */
  perf?: Clock
  /**
   * The eviction policy:
   * - `'sieve'` (default): SIEVE (NSDI '24), exact; a hit is one byte store.
   * - `'lru'`: exact least-recently-used, in lru-cache's order; iteration from the most
   *   to the least recently used.
   * - `'tinylfu'`: W-TinyLFU with an adaptive window (an LRU window, a segmented main
   *   space, a 4-bit count-min sketch with aging, an admission bias and window learned from
   *   the contests' close calls). Best
   *   hit ratio on mixed and scan/loop workloads. A new entry can be evicted before it is
   *   read again (a `get` right after `set` may miss once the cache is full and its
   *   window is small); an admission loser is disposed with reason `'evict'`; with TTL,
   *   an expired candidate or victim is removed (`'expire'`) before any contest. The sketch
   *   (8 bytes per entry of `max`, at least 2 KiB) is allocated when the cache first fills. Sized by
   *   `max` (with `maxSize` only, it degrades to LRU).
   */
  policy?: PolicyName
  /**
   * Seed of the key hashes (the key index's, which the `'tinylfu'` sketch counts by too) and
   * of tinylfu's admission coin (a uint32). Default: random per instance, which is what keeps
   * attackers from aiming keys at one probe run of the index or at the sketch's counters. Set
   * it only for reproducible tests.
   */
  seed?: number
}

const OWNER = 'SieveCache'

/**
 * An in-process cache with exact SIEVE eviction (Zhang et al., NSDI '24):
 * a FIFO queue with one `visited` bit per entry and a hand that sweeps from the
 * oldest entry toward the newest, clearing bits and evicting the first entry
 * not visited since it last passed.
 *
 * Struct-of-arrays: an index from key to slot, typed arrays for the queue links and
 * the visited bits, and plain arrays for keys and values; no per-entry objects. The
 * index (`KeyIndex`) keeps int32 keys and strings of up to 12 code units in flat
 * open-addressing tables of its own and every other key in a `Map<K, slot>`. A hit is one
 * index lookup and one byte store.
 * Keys have `Map` semantics (`1`, `'1'` and `1.5` differ, `-0` is `0`, `'__proto__'`
 * is ordinary); values are stored by reference.
 *
 * Implements the sync `Backend` contract of `@warp/core`.
 *
 * @example
 * ```ts
 * const cache = new SieveCache<string, number>({ max: 1000, ttl: 60_000 })
 * cache.set('a', 1)
 * cache.get('a') // 1
 * ```
 */
export class SieveCache<K, V> implements SyncBackend<K, V> {
  /** Always `'sync'`: every call answers directly. */
  readonly mode = 'sync' as const
  /** TTL yes; in-process only; values by reference. */
  readonly capabilities: Capabilities = CAPABILITIES

  /**
   * Keys, values, index, eviction order, slot allocation, miss memo and the dispose
   * queue: the engine `LRUCache` uses too (see `SlotStore`).
   */
  readonly #store: SlotStore<K, V>
  /**
   * `#store.index`, held here too so a lookup does not first wait for the store to load
   * (the index never changes; measured a few % on hits).
   */
  readonly #index: KeyIndex<K>

  readonly #max: number = 0
  /** `max` as given, or `Infinity` when only `maxSize` bounds the cache. */
  readonly #capacityLimit: number = 0
  readonly #ttl: number = 0
  readonly #perf: Clock
  #closed = false
  /** Absolute expiry time per slot (0 = never); only when TTL is on. */
  #expires: Float64Array | undefined
  readonly #maxSize: number = 0
  readonly #maxEntrySize: number = 0
  readonly #sizeCalculation: ((value: V, key: K) => number) | undefined
  #sizes: Float64Array | undefined
  #calculatedSize = 0
  readonly #dispose: ((value: V, key: K, reason: SieveDisposeReason) => void) | undefined
  /** No TTL array, no sizes, no dispose: `set` takes its fast path. */
  #plain = false

  #hits = 0
  #misses = 0
  #sets = 0
  #deletes = 0
  #evictions = 0
  #expirations = 0
  #oversize = 0

  constructor(options: SieveCacheOptions<K, V>) {
    checkOptions(OWNER, sieveCacheOptionSpecs, options)
    checkSieveOptionPairs(OWNER, options as Record<string, unknown>)
    const { max, ttl, maxSize, maxEntrySize, sizeCalculation, dispose, perf } = options
    const policy = options.policy ?? 'sieve'
    const sized = maxSize !== undefined || maxEntrySize !== undefined

    this.#max = max ?? MAX_ENTRIES
    this.#capacityLimit = max ?? Number.POSITIVE_INFINITY
    this.#ttl = ttl === undefined || ttl === Number.POSITIVE_INFINITY ? 0 : ttl
    this.#perf = perf ?? defaultClock()
    this.#maxSize = maxSize ?? Number.POSITIVE_INFINITY
    this.#maxEntrySize = maxEntrySize ?? this.#maxSize
    this.#sizeCalculation = sizeCalculation
    this.#dispose = dispose

    // Start small and double on demand: a cache made per request or per memoized function
    // should not pay for (and leave the GC) a thousand slots it may never use.
    const capacity = Math.min(this.#max, 64)
    this.#store = new SlotStore({
      owner: OWNER,
      capacity,
      limit: this.#max,
      policy,
      policySize: this.#max,
      seed: options.seed,
      onGrow: (c) => this.#grow(c),
    })
    this.#index = this.#store.index
    if (this.#ttl > 0) this.#expires = new Float64Array(capacity)
    if (sized) this.#sizes = new Float64Array(capacity)
    this.#plain = !sized && this.#ttl === 0 && dispose === undefined
  }

  /** Entries stored now (expired entries not yet collected are included). */
  get size(): number {
    return this.#store.size
  }

  /** The `max` option (2^30 when only `maxSize` bounds the cache). */
  get max(): number {
    return this.#max
  }

  /** The `maxSize` option (`Infinity` when unset). */
  get maxSize(): number {
    return this.#maxSize
  }

  /** Sum of the sizes of stored entries (0 unless `maxSize`/`maxEntrySize` is set). */
  get calculatedSize(): number {
    return this.#calculatedSize
  }

  /** The default TTL in ms (0 = never). */
  get ttl(): number {
    return this.#ttl
  }

  /**
   * The live value of `key`, or `undefined` on a miss. A hit marks the entry
   * visited (it survives the hand's next pass); an expired entry is removed and
   * counts as a miss.
   */
  get(key: K): V | undefined {
    const i = this.#index.get(key)
    const store = this.#store
    if (i === Slot.ABSENT) {
      // A closed cache is empty, so checking on the miss path alone catches every call.
      if (this.#closed) throw closedError()
      this.#misses++
      store.lastMiss = key
      return undefined
    }
    if (this.#expires !== undefined && this.#isExpired(i)) return this.#expireOnRead(i)
    if (store.policy === undefined) store.visited[i] = 1
    else store.policy.hit(i)
    this.#hits++
    return store.vals[i]
  }

  /**
   * Like {@link get}, but answers `miss` (instead of `undefined`) when there is no
   * live entry, so a cached `undefined` and a miss are told apart in one lookup.
   * `memoize` from `@warp/core` reads through it. (Kept apart from `get` so the
   * hottest path stays one small function.)
   */
  lookup<T>(key: K, miss: T): V | T {
    const i = this.#index.get(key)
    const store = this.#store
    if (i === Slot.ABSENT) {
      if (this.#closed) throw closedError()
      this.#misses++
      store.lastMiss = key
      return miss
    }
    if (this.#expires !== undefined && this.#isExpired(i)) {
      this.#expireOnRead(i)
      return miss
    }
    if (store.policy === undefined) store.visited[i] = 1
    else store.policy.hit(i)
    this.#hits++
    return store.vals[i] as V
  }

  /** The live value of `key` without marking it visited or counting a hit or miss. */
  peek(key: K): V | undefined {
    const i = this.#index.get(key)
    if (i === Slot.ABSENT || (this.#expires !== undefined && this.#isExpired(i))) return undefined
    return this.#store.vals[i]
  }

  /** True when `key` has a live entry (a cached `undefined` counts). Does not mark it visited. */
  has(key: K): boolean {
    const i = this.#index.get(key)
    if (i === Slot.ABSENT) {
      if (this.#closed) throw closedError()
      return false
    }
    if (this.#expires !== undefined && this.#isExpired(i)) {
      this.#remove(i, 'expire')
      this.#expirations++
      this.#flushError()
      return false
    }
    return true
  }

  /**
   * Stores `value` under `key`. A new key enters at the head of the queue unvisited;
   * an existing key keeps its place, gets the new value and is marked visited.
   * `options.ttl` (ms; `0` or `Infinity` = never) overrides the default TTL for this
   * entry; a cache created without `ttl` allocates its TTL array on the first such `set`.
   * @throws TypeError for a bad `ttl` or a bad `sizeCalculation` result (the cache is unchanged).
   */
  set(key: K, value: V, options?: SetOptions): void {
    if (this.#plain && options === undefined) {
      // Fast path: no TTL, no sizes, no dispose.
      const store = this.#store
      const i = store.slotToSet(key)
      if (i !== Slot.ABSENT) {
        store.vals[i] = value
        store.updated(i)
        this.#sets++
        return
      }
      store.enter(
        mapKey(key),
        value,
        store.size < this.#max ? store.allocate() : this.#evictPlain(),
      )
      this.#sets++
      return
    }
    this.#setFull(key, value, options)
  }

  #setFull(key: K, value: V, options: SetOptions | undefined): void {
    const ttl = options?.ttl
    if (this.#closed) throw closedError()
    if (ttl !== undefined && !(typeof ttl === 'number' && ttl >= 0)) {
      throw new InvalidOptionError(
        'ttl',
        `${OWNER}.set: option \`ttl\` must be a number ≥ 0, got ${describe(ttl)}`,
      )
    }
    let size = 0
    if (this.#sizes !== undefined) {
      size = this.#sizeOf(key, value)
      if (size > this.#maxEntrySize) {
        this.#refuse(key)
        return
      }
    }
    const store = this.#store
    let i = store.index.get(key)
    if (i === Slot.ABSENT) {
      if (store.size >= this.#max) this.#evict(Slot.NONE)
      if (this.#sizes !== undefined) {
        while (this.#calculatedSize + size > this.#maxSize) this.#evict(Slot.NONE)
      }
      i = store.allocate()
      store.enter(mapKey(key), value, i)
    } else {
      const old = store.vals[i] as V
      store.vals[i] = value
      store.updated(i)
      if (this.#dispose !== undefined && old !== value) this.#disposeValue(old, key, 'set')
    }
    if (this.#sizes !== undefined) {
      this.#calculatedSize += size - this.#sizes[i]!
      this.#sizes[i] = size
      while (this.#calculatedSize > this.#maxSize) this.#evict(i)
    }
    if (ttl !== undefined) this.#setTtl(i, ttl)
    else if (this.#expires !== undefined) this.#setTtl(i, this.#ttl)
    this.#sets++
    if (this.#dispose !== undefined) this.#flushError()
  }

  /** The eviction policy in use. */
  get policy(): PolicyName {
    return this.#store.policyName
  }

  /** Removes `key`; true when it had a live entry. */
  delete(key: K): boolean {
    if (this.#closed) throw closedError()
    const i = this.#index.get(key)
    if (i === Slot.ABSENT) return false
    const live = !(this.#expires !== undefined && this.#isExpired(i))
    this.#remove(i, live ? 'delete' : 'expire')
    if (live) this.#deletes++
    else this.#expirations++
    this.#flushError()
    return live
  }

  /** Removes every entry (each is disposed with reason `'delete'`). Counters are kept. */
  clear(): void {
    if (this.#closed) throw closedError()
    const dispose = this.#dispose
    const entries = dispose === undefined ? undefined : [...this.#pairs(true)]
    this.#store.clear()
    this.#expires?.fill(0)
    this.#sizes?.fill(0)
    this.#calculatedSize = 0
    if (entries !== undefined) {
      for (const [k, v] of entries) this.#disposeValue(v, k, 'delete')
      this.#flushError()
    }
  }

  /**
   * Drops every entry (each disposed with reason `'delete'`, as by {@link clear}) and closes
   * the cache: every later call except `close` throws `CacheError` `E_CLOSED`. A second
   * `close()` does nothing.
   */
  close(): void {
    this.clear()
    this.#closed = true
    closeInstance(this, OWNER)
  }

  /**
   * Milliseconds until `key` expires: `Infinity` for an entry without TTL,
   * `0` when it is absent or expired.
   */
  getRemainingTTL(key: K): number {
    const i = this.#index.get(key)
    if (i === Slot.ABSENT) return 0
    const at = this.#expires === undefined ? 0 : this.#expires[i]!
    if (at === 0) return Number.POSITIVE_INFINITY
    return Math.max(0, at - this.#perf.now())
  }

  /**
   * Live `[key, value]` pairs in the policy's order (SIEVE: newest inserted first; LRU: most
   * recently used first; tinylfu: window, probation, protected, most recent first in each)
   * of the entries present when the walk starts. Reading and changing the cache meanwhile
   * is safe: an entry deleted or evicted before the walk reaches it is skipped, one added
   * is not visited, and none is visited twice. ({@link keys} and {@link values} alike.)
   */
  *entries(): IterableIterator<[K, V]> {
    yield* this.#pairs(false)
  }

  /** Live keys, newest first. */
  *keys(): IterableIterator<K> {
    for (const [k] of this.#pairs(false)) yield k
  }

  /** Live values, newest first. */
  *values(): IterableIterator<V> {
    for (const [, v] of this.#pairs(false)) yield v
  }

  /** Same as {@link entries}. */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries()
  }

  /** A snapshot of the counters (see `CacheStats` in `@warp/core`). */
  stats(): CacheStats {
    if (this.#closed) throw closedError()
    return {
      hits: this.#hits,
      misses: this.#misses,
      sets: this.#sets,
      deletes: this.#deletes,
      evictions: this.#evictions,
      expirations: this.#expirations,
      oversize: this.#oversize,
      size: this.#store.size,
      capacity: this.#capacityLimit,
    }
  }

  /** `'SieveCache'`: what `Object.prototype.toString` shows (`[object SieveCache]`). */
  get [Symbol.toStringTag](): string {
    return 'SieveCache'
  }

  /** Live pairs of the entries present when the walk starts (see `SlotStore.snapshot`). */
  *#pairs(allowExpired: boolean): Generator<[K, V]> {
    const now = this.#expires === undefined || allowExpired ? 0 : this.#perf.now()
    const store = this.#store
    const { slots, keys, count } = store.snapshot()
    for (let n = 0; n < count; n++) {
      const i = slots[n]!
      if (!store.holds(i, keys[n]!)) continue
      if (now !== 0 && this.#expiredAt(i, now)) continue
      yield [store.keys[i] as K, store.vals[i] as V]
    }
  }

  #isExpired(i: number): boolean {
    const at = this.#expires![i]!
    return at !== 0 && this.#perf.now() > at
  }

  #expiredAt(i: number, now: number): boolean {
    const at = this.#expires![i]!
    return at !== 0 && now > at
  }

  #expireOnRead(i: number): undefined {
    this.#remove(i, 'expire')
    this.#expirations++
    this.#misses++
    this.#flushError()
    return undefined
  }

  #setTtl(i: number, ttl: number): void {
    if (this.#expires === undefined) {
      if (ttl === 0 || ttl === Number.POSITIVE_INFINITY) return
      this.#expires = new Float64Array(this.#store.capacity)
      this.#plain = false
    }
    this.#expires[i] = ttl === 0 || ttl === Number.POSITIVE_INFINITY ? 0 : this.#perf.now() + ttl
  }

  #sizeOf(key: K, value: V): number {
    const size = this.#sizeCalculation!(value, key)
    if (!(typeof size === 'number' && size > 0 && Number.isInteger(size))) {
      throw new TypeError(
        `${OWNER}: sizeCalculation must return a positive integer, got ${describe(size)}`,
      )
    }
    return size
  }

  #refuse(key: K): void {
    this.#oversize++
    const i = this.#index.get(key)
    if (i !== Slot.ABSENT) this.#remove(i, 'set')
    this.#flushError()
  }

  /**
   * One SIEVE eviction: from where the hand stopped (the tail when it has none),
   * clear visited bits toward the head until an unvisited entry is found; evict it
   * and leave the hand at its newer neighbour. With TTL on, an expired entry the
   * hand meets is evicted at once, visited or not. `protect` (a slot being resized)
   * is passed over.
   */
  #evict(protect: number): void {
    const expires = this.#expires
    const store = this.#store
    if (store.policy !== undefined) {
      const i = store.policy.victim(protect, expires === undefined ? undefined : this.#expiredFn)
      if (expires !== undefined && this.#isExpired(i)) {
        this.#remove(i, 'expire')
        this.#expirations++
      } else {
        this.#remove(i, 'evict')
        this.#evictions++
      }
      return
    }
    const queue = store.queue
    if (expires === undefined) {
      this.#remove(queue.victim(protect), 'evict')
      this.#evictions++
      return
    }
    const { visited, newer } = queue
    let now = 0
    let i = queue.hand === Slot.NONE ? queue.tail : queue.hand
    for (;;) {
      if (expires[i] !== 0) {
        if (now === 0) now = this.#perf.now()
        if (now > expires[i]! && i !== protect) {
          queue.hand = newer[i]!
          this.#remove(i, 'expire')
          this.#expirations++
          return
        }
      }
      if (visited[i] === 0 && i !== protect) break
      visited[i] = 0
      i = newer[i]!
      if (i === Slot.NONE) i = queue.tail
    }
    queue.hand = newer[i]!
    this.#remove(i, 'evict')
    this.#evictions++
  }

  /** {@link #evict} without TTL, sizes or dispose; returns the emptied slot for reuse. */
  #evictPlain(): number {
    const store = this.#store
    const i = store.evict(Slot.NONE)
    this.#evictions++
    return i
  }

  /** Unlinks slot `i`, frees it and disposes its value. */
  #remove(i: number, reason: SieveDisposeReason): void {
    const store = this.#store
    const key = store.keys[i] as K
    const value = store.vals[i] as V
    store.unlink(i)
    store.release(i)
    if (this.#sizes !== undefined) {
      this.#calculatedSize -= this.#sizes[i]!
      this.#sizes[i] = 0
    }
    if (this.#expires !== undefined) this.#expires[i] = 0
    if (this.#dispose !== undefined) this.#disposeValue(value, key, reason)
  }

  /** The store grew to `capacity` slots: so do the TTL and size arrays. */
  #grow(capacity: number): void {
    if (this.#expires !== undefined)
      this.#expires = grown(this.#expires, new Float64Array(capacity))
    if (this.#sizes !== undefined) this.#sizes = grown(this.#sizes, new Float64Array(capacity))
  }

  /** Queues a dispose call; it runs when the outermost operation drains the queue. */
  #disposeValue(value: V, key: K, reason: SieveDisposeReason): void {
    this.#store.callbacks.push(this.#dispose!, value, key, reason)
  }

  readonly #expiredFn = (i: number): boolean => this.#isExpired(i)

  /** An operation's last step: runs queued dispose calls, then rethrows the first error. */
  #flushError(): void {
    this.#store.callbacks.flush()
  }
}

const CAPABILITIES: Capabilities = Object.freeze({
  ttl: true,
  crossProcess: false,
  bytesOnly: false,
  exactEviction: true,
})

function closedError(): CacheError {
  return new CacheError('E_CLOSED', `${OWNER}: the cache was used after close()`)
}
