import { Slot } from './slot.js'
import { fmix32, SlotTable } from './slot-table.js'

/**
 * The longest string key kept in a {@link StringIndex}; longer ones go to the `Map`.
 * The index hashes a key on every lookup (V8 caches a string's hash inside the string,
 * where JavaScript cannot read it), at about 1.5 ns per character here, so only short
 * keys gain. 12 is where V8 draws a line too: a string shorter than 13 characters is
 * always a flat copy, while a longer one built by concatenation (a template literal, say)
 * or by slicing is a cons or sliced string, whose characters take an indirection to read.
 * Measured on the bench's Zipf loop with 1,024 entries: flat 13- and 16-character keys
 * still gained (1.3× and 1.2× over the `Map`), but as cons strings 16 characters were
 * level with the `Map` at best and half its speed in some processes.
 */
export const MAX_SHORT_STRING = 12

/**
 * A hash table from short strings (at most {@link MAX_SHORT_STRING} UTF-16 code units)
 * to slot numbers, the string counterpart of `IntIndex` (see {@link SlotTable} for why
 * the caches keep their own tables). Strings compare by content, code unit by code unit,
 * as in a `Map` (lone surrogates included); the stored hash of each slot is compared
 * first, so a probe past a different key almost never compares strings.
 *
 * Contract: `set` is only called for a key that is absent, and a slot is in the index at
 * most once. Not iterable: the caches keep their own order.
 */
export class StringIndex extends SlotTable {
  /** Per slot: its key, or `undefined` once deleted (so the index holds no dead strings). */
  readonly #keys: (string | undefined)[] = []
  /**
   * The key of the last `get` that missed and its hash: a cache's miss is usually
   * followed by `set` of the same key, which then need not hash it again.
   */
  #missKey: string | undefined
  #missHash = 0

  /** The slot stored for `key`, or {@link Slot.ABSENT}. */
  get(key: string): number {
    const h = hashString(key, this.seed)
    const buckets = this.buckets
    const hashes = this.hashes
    const keys = this.#keys
    const mask = buckets.length - 1
    let b = h & mask
    for (;;) {
      const slot = buckets[b]! - 1
      if (slot < 0) {
        this.#missKey = key
        this.#missHash = h
        return Slot.ABSENT
      }
      if (hashes[slot] === h && keys[slot] === key) return slot
      b = (b + 1) & mask
    }
  }

  /** Stores `key → slot`. `key` must be absent (the caller has just looked it up). */
  set(key: string, slot: number): void {
    this.#keys[slot] = key
    this.place(key === this.#missKey ? this.#missHash : hashString(key, this.seed), slot)
  }

  override removeSlot(slot: number): void {
    this.#keys[slot] = undefined
    super.removeSlot(slot)
  }

  override clear(): void {
    super.clear()
    this.#keys.length = 0
    this.#missKey = undefined
  }
}

/**
 * A seeded 32-bit hash of a string's UTF-16 code units: FNV-1a in two interleaved lanes
 * (even and odd positions, so the two multiply chains run in parallel), folded and
 * finished with Murmur3's finaliser so every bit of every unit reaches the bucket bits.
 */
export function hashString(key: string, seed: number): number {
  const n = key.length
  let even = seed ^ n
  let odd = seed
  let i = 0
  for (; i + 1 < n; i += 2) {
    even = Math.imul(even ^ key.charCodeAt(i), 0x01000193)
    odd = Math.imul(odd ^ key.charCodeAt(i + 1), 0x01000193)
  }
  if (i < n) even = Math.imul(even ^ key.charCodeAt(i), 0x01000193)
  return fmix32(even ^ Math.imul(odd, 0x9e3779b1))
}
