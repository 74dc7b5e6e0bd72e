import { Slot } from './slot.js'
import { fmix32, SlotTable } from './slot-table.js'

/**
 * A hash table from int32 keys to slot numbers, for the caches' integer keys (see
 * {@link SlotTable} for the table itself and why the caches keep one instead of a `Map`).
 *
 * It stores no keys at all: the hash, Murmur3's finaliser of `key ^ seed`, is a bijection
 * of the 32-bit integers (each step — xor with a shift of itself, multiplication by an odd
 * constant — can be undone), so two int32 keys are equal exactly when their hashes are,
 * and the per-slot hashes the table keeps anyway double as the keys. A probe compares two
 * int32s, and the index costs 4 bytes per slot plus its buckets.
 *
 * Contract: keys must be int32 (`(k | 0) === k`; `-0` hashes and compares as `0`); `set`
 * is only called for a key that is absent, and a slot is in the index at most once.
 * Not iterable: the caches keep their own order.
 */
export class IntIndex extends SlotTable {
  /** The slot stored for `key`, or {@link Slot.ABSENT}. */
  get(key: number): number {
    const h = fmix32(key ^ this.seed)
    const buckets = this.buckets
    const hashes = this.hashes
    const mask = buckets.length - 1
    let b = h & mask
    for (;;) {
      const slot = buckets[b]! - 1
      if (slot < 0 || hashes[slot] === h) return slot
      b = (b + 1) & mask
    }
  }

  /** Stores `key → slot`. `key` must be absent (the caller has just looked it up). */
  set(key: number, slot: number): void {
    this.place(fmix32(key ^ this.seed), slot)
  }
}
