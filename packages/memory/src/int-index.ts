/** What {@link IntIndex.get} answers for a key it does not hold. */
export const ABSENT = -1

/** Buckets of a new index. */
const INITIAL_BUCKETS = 16
/**
 * The table doubles before it would be more than 1/LOAD full. A quarter, not the usual
 * half: a cache lookup often misses, and a miss walks to the end of its probe run
 * (about 1.4 buckets on average at 1/4 load, 2.5 at 1/2); measured, 1/4 was about 20 %
 * faster than 1/2 on the bench's Zipf get/set loop, for 16–32 bytes of buckets per key.
 */
const LOAD = 4

/**
 * A hash table from int32 keys to slot numbers (integers 0…2^31 − 2), for the caches'
 * integer keys: V8's `Map` keeps its entries in an ordered table that a cache's
 * set-then-delete churn keeps compacting and rehashing, while this is two flat typed
 * arrays and never allocates except to grow.
 *
 * Layout: `#buckets` holds `slot + 1` per bucket (0 = empty, so a new table is empty),
 * `#keys` the key of each slot; a bucket matches when its slot's key is the one sought.
 * (One int32 per bucket instead of a `[key, slot]` pair: measured as fast, and it keeps
 * the table at 16–32 bytes per key instead of 32–64.) Open addressing with linear
 * probing, at most a quarter full, and backward-shift deletion: a delete moves later
 * entries of the probe run back into the hole instead of leaving a tombstone, so no
 * amount of churn makes probes longer.
 *
 * Contract: keys must be int32 (`(k | 0) === k`; `-0` hashes and compares as `0`); `set`
 * is only called for a key that is absent, and a slot is in the index at most once.
 * Not iterable: the caches keep their own order.
 */
export class IntIndex {
  /** Per bucket: `slot + 1`, or 0 when empty; length a power of two. */
  #buckets = new Int32Array(INITIAL_BUCKETS)
  /** Per slot: its key (meaningful only for slots some bucket points to). */
  #keys = new Int32Array(INITIAL_BUCKETS)
  #size = 0
  /**
   * Per-instance random seed of the hash. Without it, a caller who controls keys (ids in
   * requests, say) could choose integers that all land in one probe run and make every
   * lookup walk the whole table (hash flooding); the seed makes the buckets unpredictable.
   */
  readonly #seed = (Math.random() * 2 ** 32) | 0

  /** Keys stored. */
  get size(): number {
    return this.#size
  }

  /** The slot stored for `key`, or {@link ABSENT}. */
  get(key: number): number {
    const buckets = this.#buckets
    const keys = this.#keys
    const mask = buckets.length - 1
    let b = hash(key, this.#seed) & mask
    for (;;) {
      const slot = buckets[b]! - 1
      if (slot < 0 || keys[slot] === key) return slot
      b = (b + 1) & mask
    }
  }

  /** Stores `key → slot`. `key` must be absent (the caller has just looked it up). */
  set(key: number, slot: number): void {
    if (LOAD * (this.#size + 1) > this.#buckets.length) this.#grow()
    if (slot >= this.#keys.length) {
      const keys = new Int32Array(Math.max(slot + 1, 2 * this.#keys.length))
      keys.set(this.#keys)
      this.#keys = keys
    }
    this.#keys[slot] = key
    this.#place(key, slot + 1)
    this.#size++
  }

  /** Removes `key`; true when it was there. */
  delete(key: number): boolean {
    const buckets = this.#buckets
    const keys = this.#keys
    const mask = buckets.length - 1
    const seed = this.#seed
    let hole = hash(key, seed) & mask
    for (;;) {
      const stored = buckets[hole]!
      if (stored === 0) return false
      if (keys[stored - 1] === key) break
      hole = (hole + 1) & mask
    }
    // Backward shift: walk the rest of the run; an entry whose home bucket is not
    // cyclically inside (hole, b] would be unreachable past the hole, so it moves into it.
    for (let b = (hole + 1) & mask; ; b = (b + 1) & mask) {
      const stored = buckets[b]!
      if (stored === 0) break
      const home = hash(keys[stored - 1]!, seed) & mask
      if (((b - home) & mask) >= ((b - hole) & mask)) {
        buckets[hole] = stored
        hole = b
      }
    }
    buckets[hole] = 0
    this.#size--
    return true
  }

  /** Removes every key; keeps the table's size. */
  clear(): void {
    this.#buckets.fill(0)
    this.#size = 0
  }

  /** Points the first empty bucket of `key`'s probe run at `stored` (`slot + 1`). */
  #place(key: number, stored: number): void {
    const buckets = this.#buckets
    const mask = buckets.length - 1
    let b = hash(key, this.#seed) & mask
    while (buckets[b] !== 0) b = (b + 1) & mask
    buckets[b] = stored
  }

  #grow(): void {
    const old = this.#buckets
    this.#buckets = new Int32Array(old.length * 2)
    for (let b = 0; b < old.length; b++) {
      const stored = old[b]!
      if (stored !== 0) this.#place(this.#keys[stored - 1]!, stored)
    }
  }
}

/**
 * Murmur3's 32-bit finaliser over `key ^ seed`: every input bit flips about half of the
 * output bits, so the low bits used as the bucket depend on the whole key and the seed.
 */
function hash(key: number, seed: number): number {
  let h = key ^ seed
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}
