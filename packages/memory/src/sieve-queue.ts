import { grown } from './arrays.js'
import { NO_INT32, NO_UINT8 } from './placeholders.js'
import { Slot } from './slot.js'

/**
 * The SIEVE queue (Zhang et al., NSDI '24) that both caches keep: a FIFO list of slots,
 * newest at the head, with one `visited` bit per slot and a hand that sweeps from the
 * oldest entry toward the newest. Struct-of-arrays: the links and bits live in typed
 * arrays indexed by slot, so the queue allocates nothing per entry.
 *
 * The arrays are public because the caches' hot paths use them directly (a hit is one
 * `visited[i] = 1`), and because `SieveCache` sweeps with TTLs in mind (see its `#evict`);
 * the invariants are the usual doubly linked list's, with `hand` either Slot.NONE or a slot
 * in the list.
 */
export class SieveQueue {
  /** Per slot: 1 once read since the hand last passed it. */
  visited: Uint8Array = NO_UINT8
  /** Per slot: its newer neighbour (toward the head), or Slot.NONE; the hand moves along this link. */
  newer: Int32Array = NO_INT32
  /** Per slot: its older neighbour (toward the tail), or Slot.NONE. */
  older: Int32Array = NO_INT32
  /** The newest slot, or Slot.NONE when empty. */
  head = Slot.NONE
  /** The oldest slot, or Slot.NONE when empty. */
  tail = Slot.NONE
  /** Where the next sweep starts (Slot.NONE: at the tail). */
  hand = Slot.NONE

  constructor(capacity: number) {
    this.visited = new Uint8Array(capacity)
    this.newer = new Int32Array(capacity)
    this.older = new Int32Array(capacity)
  }

  /** Links slot `i` in at the head (the newest), unvisited. */
  pushNewest(i: number): void {
    const head = this.head
    this.visited[i] = 0
    this.older[i] = head
    this.newer[i] = Slot.NONE
    if (head === Slot.NONE) this.tail = i
    else this.newer[head] = i
    this.head = i
  }

  /** Unlinks slot `i`; a hand resting on it moves to its newer neighbour. */
  unlink(i: number): void {
    const newer = this.newer[i]!
    const older = this.older[i]!
    if (this.hand === i) this.hand = newer
    if (newer === Slot.NONE) this.head = older
    else this.older[newer] = older
    if (older === Slot.NONE) this.tail = newer
    else this.newer[older] = newer
  }

  /**
   * SIEVE's choice of victim in a non-empty queue: from where the hand stopped (the tail
   * when it has none), clear visited bits toward the head, wrapping to the tail, until an
   * unvisited slot other than `protect` is found. The hand is left at the victim's newer
   * neighbour; the victim stays linked (the caller unlinks it).
   */
  victim(protect: number): number {
    const visited = this.visited
    const newer = this.newer
    let i = this.hand === Slot.NONE ? this.tail : this.hand
    while (visited[i] !== 0 || i === protect) {
      visited[i] = 0
      i = newer[i]!
      if (i === Slot.NONE) i = this.tail
    }
    this.hand = newer[i]!
    return i
  }

  /** Makes room for slots below `capacity`, keeping the queue. */
  grow(capacity: number): void {
    this.visited = grown(this.visited, new Uint8Array(capacity))
    this.newer = grown(this.newer, new Int32Array(capacity))
    this.older = grown(this.older, new Int32Array(capacity))
  }

  /** Empties the queue. */
  clear(): void {
    this.visited.fill(0)
    this.head = this.tail = this.hand = Slot.NONE
  }
}
