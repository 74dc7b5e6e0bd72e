/** What {@link IntIndex.get} answers for a key it does not hold. */
export const ABSENT = -1

/** Buckets of a new index. */
const INITIAL_BUCKETS = 16
/**
 * The table doubles before it would be more than 1/LOAD full. A quarter, not the usual
 * half: a cache lookup often misses, and a miss walks to the end of its probe run
 * (about 1.4 buckets on average at 1/4 load, 2.5 at 1/2); measured, 1/4 was about 20 %
 * faster than 1/2 on the bench's Zipf get/set loop, for 8 bytes × 4 per int key.
 */
const LOAD = 4

/**
 * A hash table from int32 keys to slot numbers (integers 0…2^31 − 2), for the caches'
 * integer keys: V8's `Map` keeps its entries in an ordered table that a cache's
 * set-then-delete churn keeps compacting and rehashing, while this table is one flat
 * `Int32Array` that a lookup reads in one or two adjacent places.
 *
 * Layout: `2 × buckets` int32s, bucket `b` being `[key, slot + 1]` at `2b`, `2b + 1`;
 * `slot + 1 === 0` marks an empty bucket (so the table starts zero-filled). Open
 * addressing with linear probing, at most a quarter full, and backward-shift deletion: a
 * delete moves later entries of the probe run back into the hole instead of leaving a
 * tombstone, so no amount of churn makes probes longer.
 *
 * Contract: keys must be int32 (`(k | 0) === k`; the caller turns `-0` into `0`); `set`
 * is only called for a key that is absent. Not iterable: the caches keep their own order.
 */
export class IntIndex {
  /** `[key, slot + 1]` pairs; length `2 × buckets`, buckets a power of two. */
  #table = new Int32Array(2 * INITIAL_BUCKETS)
  /** `buckets − 1`. */
  #mask = INITIAL_BUCKETS - 1
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
    const table = this.#table
    const last = table.length - 1
    let at = (hash(key, this.#seed) & this.#mask) << 1
    for (;;) {
      const slot = table[at + 1]!
      if (slot === 0) return ABSENT
      if (table[at] === key) return slot - 1
      at = (at + 2) & last
    }
  }

  /** Stores `key → slot`. `key` must be absent (the caller has just looked it up). */
  set(key: number, slot: number): void {
    if (LOAD * (this.#size + 1) > this.#mask + 1) this.#grow()
    this.#place(key, slot + 1)
    this.#size++
  }

  /** Removes `key`; true when it was there. */
  delete(key: number): boolean {
    const table = this.#table
    const last = table.length - 1
    const mask = this.#mask
    const seed = this.#seed
    let hole = (hash(key, seed) & mask) << 1
    for (;;) {
      if (table[hole + 1] === 0) return false
      if (table[hole] === key) break
      hole = (hole + 2) & last
    }
    // Backward shift: walk the rest of the run; an entry whose home bucket is not
    // cyclically inside (hole, at] would be unreachable past the hole, so it moves into it.
    for (let at = (hole + 2) & last; ; at = (at + 2) & last) {
      const slot = table[at + 1]!
      if (slot === 0) break
      const k = table[at]!
      const home = (hash(k, seed) & mask) << 1
      if (((at - home) & last) >= ((at - hole) & last)) {
        table[hole] = k
        table[hole + 1] = slot
        hole = at
      }
    }
    table[hole] = 0
    table[hole + 1] = 0
    this.#size--
    return true
  }

  /** Removes every key; keeps the table's size. */
  clear(): void {
    this.#table.fill(0)
    this.#size = 0
  }

  /** Puts a pair in the first empty bucket of its probe run. */
  #place(key: number, stored: number): void {
    const table = this.#table
    const last = table.length - 1
    let at = (hash(key, this.#seed) & this.#mask) << 1
    while (table[at + 1] !== 0) at = (at + 2) & last
    table[at] = key
    table[at + 1] = stored
  }

  #grow(): void {
    const old = this.#table
    this.#table = new Int32Array(old.length * 2)
    this.#mask = old.length - 1
    for (let at = 0; at < old.length; at += 2) {
      const stored = old[at + 1]!
      if (stored !== 0) this.#place(old[at]!, stored)
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
