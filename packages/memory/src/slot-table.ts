/** Buckets of a new table. */
const INITIAL_BUCKETS = 16
/**
 * The table doubles before it would be more than 1/LOAD full. A quarter, not the usual
 * half: a cache lookup often misses, and a miss walks to the end of its probe run
 * (about 1.4 buckets on average at 1/4 load, 2.5 at 1/2); measured, 1/4 was about 20 %
 * faster than 1/2 on the bench's Zipf get/set loop, for 16–32 bytes of buckets per key.
 */
const LOAD = 4

/**
 * The bucket machinery shared by the caches' own hash tables ({@link IntIndex} for int32
 * keys, `StringIndex` for short strings): open addressing with linear probing over
 * slot numbers (integers 0…2^31 − 2), at most a quarter full, with backward-shift
 * deletion. V8's `Map` keeps its entries in an ordered table that a cache's
 * set-then-delete churn keeps compacting and rehashing (a fresh table every few hundred
 * evictions, garbage for the GC); these tables are flat typed arrays that never allocate
 * except to grow.
 *
 * Layout: `buckets` holds `slot + 1` per bucket (0 = empty, so a new table is empty) and
 * `hashes` the 32-bit hash of each slot's key, so growing and deleting never hash a key
 * again. What a slot's key is, and how keys compare, is the subclass's business: it finds
 * a key's bucket with its own probe loop (the hot path, kept monomorphic there) and calls
 * {@link place} to add one. Keys leave by slot ({@link removeSlot}): the caches always
 * know the slot of what they delete or evict, so removal needs no key comparison.
 *
 * Contract: a key is only placed when absent, and a slot is in the table at most once.
 */
export abstract class SlotTable {
  /** Per bucket: `slot + 1`, or 0 when empty; length a power of two. */
  protected buckets = new Int32Array(INITIAL_BUCKETS)
  /** Per slot: the hash of its key (meaningful only for slots some bucket points to). */
  protected hashes = new Int32Array(INITIAL_BUCKETS)
  #size = 0
  /**
   * Per-instance random seed of the hash (see {@link reseed}). Without it, a caller who
   * controls keys (ids in requests, say) could choose keys that all land in one probe run
   * and make every lookup walk the whole table (hash flooding); the seed makes the buckets
   * unpredictable.
   *
   * Set by the initializer, not in a constructor: V8 then knows the field's type from the
   * start, where a field declared empty and assigned later is typed as anything, and every
   * use pays a check for that (measured with this seed and `KeyIndex`'s tables assigned in
   * constructors: 3–6 % more machine instructions per get-or-set).
   */
  protected seed = (Math.random() * 2 ** 32) | 0

  /** Keys stored. */
  get size(): number {
    return this.#size
  }

  /** The hash of the key stored at `slot`, which must be in the table. */
  hashAt(slot: number): number {
    return this.hashes[slot]!
  }

  /** Fixes the seed of an empty table (a cache's `seed` option, for reproducible runs). */
  reseed(seed: number): void {
    if (this.#size !== 0) throw new Error('internal: reseeding a table that holds keys')
    this.seed = seed | 0
  }

  /** Removes every key; keeps the table's size. */
  clear(): void {
    this.buckets.fill(0)
    this.#size = 0
  }

  /**
   * Removes the key stored at `slot`, which must be in the table: its probe run is
   * walked from its stored hash to the bucket that points at it, so the key itself is
   * neither hashed nor compared (an eviction knows the victim's slot).
   */
  removeSlot(slot: number): void {
    const buckets = this.buckets
    const mask = buckets.length - 1
    let b = this.hashes[slot]! & mask
    for (let stored = buckets[b]; stored !== slot + 1; stored = buckets[b]) {
      // An empty bucket ends the run: the slot is not here, which is a caller's bug.
      if (stored === 0) throw new Error(`internal: slot ${slot} is not in the index`)
      b = (b + 1) & mask
    }
    this.vacate(b)
  }

  /** Indexes `slot`, whose key hashes to `hash` and is absent. */
  protected place(hash: number, slot: number): void {
    if (LOAD * (this.#size + 1) > this.buckets.length) this.#grow()
    if (slot >= this.hashes.length) this.hashes = grownInt32(this.hashes, slot)
    this.hashes[slot] = hash
    this.#link(hash, slot + 1)
    this.#size++
  }

  /**
   * Empties bucket `hole` (found by the subclass's probe). Backward shift: walk the rest
   * of the run; an entry whose home bucket is not cyclically inside (hole, b] would be
   * unreachable past the hole, so it moves into it.
   */
  protected vacate(hole: number): void {
    const buckets = this.buckets
    const hashes = this.hashes
    const mask = buckets.length - 1
    for (let b = (hole + 1) & mask; ; b = (b + 1) & mask) {
      const stored = buckets[b]!
      if (stored === 0) break
      const home = hashes[stored - 1]! & mask
      if (((b - home) & mask) >= ((b - hole) & mask)) {
        buckets[hole] = stored
        hole = b
      }
    }
    buckets[hole] = 0
    this.#size--
  }

  /** Points the first empty bucket of `hash`'s probe run at `stored` (`slot + 1`). */
  #link(hash: number, stored: number): void {
    const buckets = this.buckets
    const mask = buckets.length - 1
    let b = hash & mask
    while (buckets[b] !== 0) b = (b + 1) & mask
    buckets[b] = stored
  }

  #grow(): void {
    const old = this.buckets
    this.buckets = new Int32Array(old.length * 2)
    for (let b = 0; b < old.length; b++) {
      const stored = old[b]!
      if (stored !== 0) this.#link(this.hashes[stored - 1]!, stored)
    }
  }
}

/**
 * Murmur3's 32-bit finaliser: every input bit flips about half of the output bits, so
 * the low bits used as the bucket depend on the whole input.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}

/** A copy of `from`, long enough to hold index `needed` (at least twice as long). */
function grownInt32(from: Int32Array, needed: number): Int32Array<ArrayBuffer> {
  const to = new Int32Array(Math.max(needed + 1, 2 * from.length))
  to.set(from)
  return to
}
