import { IntIndex } from './int-index.js'
import { KeyHasher } from './key-hash.js'
import { randomSeed } from './random-seed.js'
import { Slot } from './slot.js'
import { MAX_SHORT_STRING, StringIndex } from './string-index.js'

/**
 * The caches' key → slot index, a `Map<K, slot>` look-alike that keeps the common
 * primitive keys out of V8's `Map`: int32 keys live in an {@link IntIndex}, strings of
 * at most {@link MAX_SHORT_STRING} code units in a {@link StringIndex} (flat tables with
 * no churn on the get-miss-set-evict path), every other key (longer strings, other
 * numbers, objects, …) in a `Map`. Lookups answer as the `Map` would, with SameValueZero
 * keys: `1`, `'1'` and `1.5` are three keys, `-0` and `0` one (the IntIndex hashes and
 * compares them alike, so a stored `-0` is found by `0`). Which table holds a
 * key depends only on the key, so each key has exactly one home.
 *
 * Contract beyond `Map`'s: `set` is only called for an absent key (the caches always
 * look a key up first), and there is no iteration — the caches keep their own order.
 *
 * Each method picks the table the same way, written out in each rather than through helper
 * functions: a string is tested first (a string key is then never tested for being a number,
 * and its type is read once), an int32 (`-0` included: it is the int32 `0`) second. Calling
 * a module-level helper costs optimized code a check per call that the binding still holds
 * the same function; written out, a lookup runs 8–30 fewer instructions per request on
 * Node 20 (the most on `Map` keys).
 */
export class KeyIndex<K> {
  // Fields set by their initializers, so that V8 knows their types (see `SlotTable.seed`).
  readonly #ints = new IntIndex()
  readonly #strings = new StringIndex()
  readonly #others = new Map<K, number>()
  /** The seed of {@link hashAt}'s hashes (see {@link reseed}). */
  #seed = randomSeed() | 0
  /** Hashes the keys of the `Map` for {@link hashAt}; made on first use. */
  #hasher: KeyHasher | undefined

  constructor() {
    this.reseed(this.#seed)
  }

  /**
   * Fixes the seed of an empty index: of its tables' hashes and of {@link hashAt}'s (random per
   * instance until then). A cache's `seed` option, for reproducible runs.
   */
  reseed(seed: number): void {
    if (this.size !== 0) throw new Error('internal: reseeding a table that holds keys')
    this.#ints.reseed(seed)
    this.#strings.reseed(seed)
    this.#seed = seed | 0
    this.#hasher = undefined
  }

  /** Keys stored. */
  get size(): number {
    return this.#ints.size + this.#strings.size + this.#others.size
  }

  /** The slot of `key`, or {@link Slot.ABSENT}. */
  get(key: K): number {
    if (typeof key === 'string') {
      if (key.length <= MAX_SHORT_STRING) return this.#strings.get(key)
    } else if (typeof key === 'number' && (key | 0) === key) {
      return this.#ints.get(key)
    }
    const i = this.#others.get(key)
    return i === undefined ? Slot.ABSENT : i
  }

  /** Stores `key → slot`; `key` must be absent. */
  set(key: K, slot: number): void {
    if (typeof key === 'string') {
      if (key.length <= MAX_SHORT_STRING) {
        this.#strings.set(key, slot)
        return
      }
    } else if (typeof key === 'number' && (key | 0) === key) {
      this.#ints.set(key, slot)
      return
    }
    this.#others.set(key, slot)
  }

  /**
   * The {@link KeyHasher} hash of `key`, which is stored at `slot`, under this index's seed
   * (what the `'tinylfu'` sketch counts by): for an int32 or short-string key the hash its
   * table stored (the same number, so the key is not hashed twice), for any other key the
   * hasher's.
   */
  hashAt(key: K, slot: number): number {
    if (typeof key === 'string') {
      if (key.length <= MAX_SHORT_STRING) return this.#strings.hashAt(slot)
    } else if (typeof key === 'number' && (key | 0) === key) {
      return this.#ints.hashAt(slot)
    }
    this.#hasher ??= new KeyHasher(this.#seed)
    return this.#hasher.hash(key)
  }

  /**
   * Removes `key`, which is stored at `slot` (the caches know the slot of what they
   * evict or delete): the flat tables then find its bucket without hashing the key.
   */
  deleteAt(key: K, slot: number): void {
    if (typeof key === 'string') {
      if (key.length <= MAX_SHORT_STRING) {
        this.#strings.removeSlot(slot)
        return
      }
    } else if (typeof key === 'number' && (key | 0) === key) {
      this.#ints.removeSlot(slot)
      return
    }
    this.#others.delete(key)
  }

  /** Removes every key. */
  clear(): void {
    this.#ints.clear()
    this.#strings.clear()
    this.#others.clear()
  }
}
