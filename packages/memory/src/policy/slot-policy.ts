/**
 * An eviction policy over slots, for {@link SieveCache} policies other than its built-in
 * SIEVE queue. The cache owns keys, values and the index; the policy owns the order.
 * Every slot the cache holds is in the policy exactly once (between `added` and `removed`).
 */
export interface SlotPolicy {
  /** A new entry in slot `i`, under `key`. */
  added(i: number, key: unknown): void
  /** A `get` hit on slot `i`. */
  hit(i: number): void
  /** `set` replaced the value of slot `i`. */
  updated(i: number): void
  /** Slot `i` left the cache (the cache unlinks through this, whatever the reason). */
  removed(i: number): void
  /**
   * The slot to remove so that one more entry fits, never `protect`. May reorder slots
   * (W-TinyLFU moves a window entry into the main space). `expired` (when TTL is on) lets
   * the policy remove an expired entry before holding an admission contest with it.
   */
  victim(protect: number, expired: ((i: number) => boolean) | undefined): number
  /** The first slot in iteration order, or -1. */
  first(): number
  /** The slot after `i` in iteration order, or -1. */
  next(i: number): number
  /** The last slot in iteration order, or -1 (`LRUCache`'s `r*` methods walk backwards). */
  last(): number
  /** The slot before `i` in iteration order, or -1. */
  prev(i: number): number
  /** Makes room for slots below `capacity`. */
  grow(capacity: number): void
  /** Forgets every slot (the frequency sketch is kept). */
  clear(): void
}
