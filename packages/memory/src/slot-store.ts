import { resized } from './arrays.js'
import { CallbackQueue } from './callback-queue.js'
import { KeyIndex } from './key-index.js'
import { NO_UINT8 } from './placeholders.js'
import { LruPolicy } from './policy/lru-policy.js'
import type { SlotPolicy } from './policy/slot-policy.js'
import { TinyLfuPolicy } from './policy/tinylfu-policy.js'
import { randomSeed } from './random-seed.js'
import type { PolicyName } from './sieve-options.js'
import { SieveQueue } from './sieve-queue.js'
import { Slot } from './slot.js'

/** `lastMiss` when no miss is remembered; never equal to a user key. */
const NO_KEY: unique symbol = Symbol('no key')

/** How a {@link SlotStore} is made. */
export interface SlotStoreOptions {
  /** Names the cache in callback errors. */
  owner: string
  /** Slots to start with. */
  capacity: number
  /** Most slots ever (the cache's `max`, or its own bound when only sizes or TTLs limit it). */
  limit: number
  /** The eviction policy; `'sieve'` keeps the SIEVE queue inline, the others a {@link SlotPolicy}. */
  policy: PolicyName
  /** Entries the `'tinylfu'` sketch and segments are sized for. */
  policySize: number
  /**
   * Seed of the key index's hashes, and so of the `'tinylfu'` sketch's, and of its admission
   * coin (default: random per instance).
   */
  seed: number | undefined
  /** Grows the cache's own per-slot arrays (TTLs, sizes, …) to `capacity` slots. */
  onGrow: (capacity: number) => void
}

/**
 * The engine under both `SieveCache` and `LRUCache`: struct-of-arrays slots (keys, values),
 * their allocation (a free list, and growth by doubling up to `limit`), the key index, the
 * eviction order (the SIEVE queue, or a {@link SlotPolicy} for `'lru'` and `'tinylfu'`), the
 * miss memo and the callback queue with its pending error. The caches keep what differs
 * (TTL and size bookkeeping, their APIs) and drive the store.
 *
 * The fields are public on purpose: the caches' hot paths read them inline
 * (`store.visited[i] = 1`, `store.vals[i]`; each cache also keeps `index` in a field of its
 * own, so a lookup need not wait for the store to load) rather than through methods, so a
 * hit costs the same as when each cache kept its own arrays. Invariants:
 * a slot is in the index, the order (queue or policy) and `keys`/`vals` together, from
 * {@link enter} to {@link unlink}; `lastMiss`, when a key, is not in the index (every
 * {@link enter} resets it), so a `get` miss followed by `set` of the same key skips the
 * second lookup.
 */
export class SlotStore<K, V> {
  /** Key → slot (int32 and short string keys in flat tables, the rest in a `Map`). */
  readonly index = new KeyIndex<K>()
  keys: (K | undefined)[]
  vals: (V | undefined)[]
  /** Entries in the index (kept here: `index.size` adds up three tables). */
  size = 0
  /** Slots the arrays have now. */
  capacity = 0
  /** The SIEVE queue over slots (empty arrays for other policies). */
  readonly queue: SieveQueue
  /**
   * The queue's `visited` array, held here too so a hit stores its bit without first
   * loading the queue (measured ~3 % on hits); refreshed whenever the queue grows.
   */
  visited: Uint8Array = NO_UINT8
  /** The order keeper for policies other than SIEVE (undefined: the SIEVE queue). */
  readonly policy: SlotPolicy | undefined
  readonly policyName: PolicyName
  /** The key of the last `get` that missed, or {@link NO_KEY} (see the class invariants). */
  lastMiss: unknown = NO_KEY
  /** `dispose`/`onInsert` calls waiting for the current operation to finish, and its first error. */
  readonly callbacks: CallbackQueue

  readonly #limit: number = 0
  readonly #onGrow: (capacity: number) => void
  /** Slots freed by deletes, for reuse (evictions hand their slot straight to the new entry). */
  readonly #free: number[] = []
  /** Slots below this have been used at least once. */
  #used = 0

  constructor(options: SlotStoreOptions) {
    const { capacity, policy } = options
    this.capacity = capacity
    this.#limit = options.limit
    this.#onGrow = options.onGrow
    this.callbacks = new CallbackQueue(options.owner)
    this.policyName = policy
    // The index is seeded at random already; a given seed replaces that, for reproducible runs.
    if (options.seed !== undefined) this.index.reseed(options.seed)
    this.queue = new SieveQueue(policy === 'sieve' ? capacity : 0)
    this.visited = this.queue.visited
    this.policy =
      policy === 'lru'
        ? new LruPolicy(capacity)
        : policy === 'tinylfu'
          ? new TinyLfuPolicy(
              options.policySize,
              capacity,
              options.seed ?? randomSeed(),
              this.index,
            )
          : undefined
    // Holey, not filled: an array that has only ever held small integers keeps V8's
    // SMI element kind, so keys read back from it (to unindex a victim) stay small ints.
    this.keys = new Array(capacity)
    this.vals = new Array(capacity)
  }

  /** A free slot: a deleted entry's, else a never-used one (growing the arrays when full). */
  allocate(): number {
    if (this.#free.length > 0) return this.#free.pop()!
    if (this.#used === this.capacity) this.#grow()
    return this.#used++
  }

  /**
   * A new entry in slot `i`: indexed, stored and placed in the order as the newest (SIEVE:
   * unvisited at the head). `key` is stored as given: `SieveCache` passes {@link mapKey}'s
   * form, `LRUCache` the caller's (lru-cache hands a `-0` key back to `dispose` as `-0`).
   */
  enter(key: K, value: V, i: number): void {
    this.index.set(key, i)
    this.keys[i] = key
    this.vals[i] = value
    this.size++
    this.lastMiss = NO_KEY
    if (this.policy === undefined) this.queue.pushNewest(i)
    else this.policy.added(i, key)
  }

  /**
   * The slot of `key` for a `set`, or Slot.ABSENT: no lookup when `key` is the last `get` miss
   * (see the class invariants).
   */
  slotToSet(key: K): number {
    return key === this.lastMiss ? Slot.ABSENT : this.index.get(key)
  }

  /** A read of slot `i`: SIEVE sets its visited bit, LRU moves it to the head, …. */
  hit(i: number): void {
    if (this.policy === undefined) this.visited[i] = 1
    else this.policy.hit(i)
  }

  /** `set` gave slot `i` a new value (SIEVE: visited, as a read). */
  updated(i: number): void {
    if (this.policy === undefined) this.visited[i] = 1
    else this.policy.updated(i)
  }

  /**
   * Chooses the slot to evict so one more entry fits, never `protect`, and {@link unlink}s
   * it; its key and value stay until {@link release} or reuse. `expired` lets a policy take
   * an expired entry first. (One method, one policy branch: this is the `set`-miss path.)
   */
  evict(protect: number, expired?: (i: number) => boolean): number {
    let i: number
    if (this.policy === undefined) {
      i = this.queue.victim(protect)
      this.queue.unlink(i)
    } else {
      i = this.policy.victim(protect, expired)
      this.policy.removed(i)
    }
    this.index.deleteAt(this.keys[i] as K, i)
    this.size--
    return i
  }

  /** Takes slot `i` out of the order and the index; its key and value stay until {@link release}. */
  unlink(i: number): void {
    if (this.policy === undefined) this.queue.unlink(i)
    else this.policy.removed(i)
    this.index.deleteAt(this.keys[i] as K, i)
    this.size--
  }

  /** Empties slot `i` (already {@link unlink}ed) and frees it for reuse. */
  release(i: number): void {
    this.keys[i] = undefined
    this.vals[i] = undefined
    this.#free.push(i)
  }

  /** The first slot in iteration order (SIEVE: the newest; LRU: the most recently used), or Slot.NONE. */
  first(): number {
    return this.policy === undefined ? this.queue.head : this.policy.first()
  }

  /** The slot after `i` in iteration order, or Slot.NONE. */
  next(i: number): number {
    return this.policy === undefined ? this.queue.older[i]! : this.policy.next(i)
  }

  /** The last slot in iteration order, or Slot.NONE. */
  last(): number {
    return this.policy === undefined ? this.queue.tail : this.policy.last()
  }

  /** The slot before `i` in iteration order, or Slot.NONE. */
  prev(i: number): number {
    return this.policy === undefined ? this.queue.newer[i]! : this.policy.prev(i)
  }

  /**
   * The slots of the entries present now, in iteration order (or reversed), with their keys:
   * what a walk that the caller may change the cache during goes through. Such a walk takes
   * slot `slots[n]` only while {@link holds} says it still has `keys[n]`, so what the caller
   * deletes or evicts meanwhile is skipped, and what it adds is not visited; and it keeps the
   * order of the start, so reads that move entries (a `get` under `'lru'` or `'tinylfu'`,
   * where a hit can carry an entry to another segment) can neither send it back over
   * entries nor past ones it has not reached. 4 bytes and a key reference per entry, in
   * arrays allocated at their final size (grown by pushing, they cost several times more:
   * each growth copies into fresh memory). A plain method, not a generator: V8 cannot switch
   * a generator to compiled code in the middle of a loop that does not yield.
   */
  snapshot(reverse = false): { slots: Int32Array; keys: K[]; count: number } {
    const slots = new Int32Array(this.size)
    const keys = new Array<K>(this.size)
    let count = 0
    const end = reverse ? this.first() : this.last()
    for (let i = reverse ? this.last() : this.first(); i !== Slot.NONE && count < slots.length; ) {
      slots[count] = i
      keys[count++] = this.keys[i] as K
      if (i === end) break
      i = reverse ? this.prev(i) : this.next(i)
    }
    return { slots, keys, count }
  }

  /**
   * True when slot `i` still holds an entry for `key`. A freed slot's key is `undefined`
   * and a reused one holds its new key, so comparing keys suffices (`NaN` is equal to
   * itself here, as in a `Map`), except for the key `undefined` itself: the index decides.
   */
  holds(i: number, key: K): boolean {
    const now = this.keys[i]
    if (now === key) return key !== undefined || this.index.get(key) === i
    // biome-ignore lint/suspicious/noSelfCompare: NaN is the one value not equal to itself
    return now !== now && key !== key
  }

  /** Forgets every entry (no callbacks); keeps the capacity and the policy's sketch. */
  clear(): void {
    this.index.clear()
    this.size = 0
    this.keys = new Array(this.capacity)
    this.vals = new Array(this.capacity)
    this.queue.clear()
    this.policy?.clear()
    this.#free.length = 0
    this.#used = 0
    this.lastMiss = NO_KEY
  }

  #grow(): void {
    const capacity = Math.min(this.#limit, this.capacity * 2)
    if (this.policy === undefined) {
      this.queue.grow(capacity)
      this.visited = this.queue.visited
    } else {
      this.policy.grow(capacity)
    }
    this.keys = resized(this.keys, capacity)
    this.vals = resized(this.vals, capacity)
    this.capacity = capacity
    this.#onGrow(capacity)
  }
}

/**
 * The key as `Map` keeps it: `-0` as `0`. `key | 0` also keeps an array of int keys in V8's
 * small-integer element kind (a `-0` would turn it into doubles).
 */
export function mapKey<K>(key: K): K {
  return typeof key === 'number' && (key | 0) === key ? ((key | 0) as K) : key
}
