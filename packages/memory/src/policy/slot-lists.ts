import { grown } from '../sieve-queue.js'
import { Slot } from '../slot.js'

/**
 * A few doubly linked lists over slots sharing one pair of link arrays: each slot is in
 * at most one list at a time, and `list[i]` says which. Head = most recent, tail = least.
 */
export class SlotLists {
  /** Per slot: toward the tail (older). */
  older: Int32Array
  /** Per slot: toward the head (newer). */
  newer: Int32Array
  /** Per slot: the list it is in. */
  list: Uint8Array
  readonly head: Int32Array
  readonly tail: Int32Array
  readonly count: Int32Array

  constructor(lists: number, capacity: number) {
    this.older = new Int32Array(capacity)
    this.newer = new Int32Array(capacity)
    this.list = new Uint8Array(capacity)
    this.head = new Int32Array(lists).fill(Slot.NONE)
    this.tail = new Int32Array(lists).fill(Slot.NONE)
    this.count = new Int32Array(lists)
  }

  /** Links slot `i` at the head of list `l`. */
  pushHead(l: number, i: number): void {
    const head = this.head[l]!
    this.list[i] = l
    this.older[i] = head
    this.newer[i] = Slot.NONE
    if (head === Slot.NONE) this.tail[l] = i
    else this.newer[head] = i
    this.head[l] = i
    this.count[l]!++
  }

  /** Unlinks slot `i` from its list. */
  unlink(i: number): void {
    const l = this.list[i]!
    const newer = this.newer[i]!
    const older = this.older[i]!
    if (newer === Slot.NONE) this.head[l] = older
    else this.older[newer] = older
    if (older === Slot.NONE) this.tail[l] = newer
    else this.newer[older] = newer
    this.count[l]!--
  }

  /** Moves slot `i` to the head of list `l` (its own or another). */
  moveToHead(l: number, i: number): void {
    const head = this.head[l]!
    if (head === i) return
    // Unlink and relink in one pass over locals: this is every hit of the LRU policies.
    const older = this.older
    const newer = this.newer
    const from = this.list[i]!
    const n = newer[i]!
    const o = older[i]!
    if (n === Slot.NONE) this.head[from] = o
    else older[n] = o
    if (o === Slot.NONE) this.tail[from] = n
    else newer[o] = n
    // `head` is still list l's head: unlinking i (not l's head) from l, or from another list, left it.
    older[i] = head
    newer[i] = Slot.NONE
    if (head === Slot.NONE) this.tail[l] = i
    else newer[head] = i
    this.head[l] = i
    if (from !== l) {
      this.list[i] = l
      this.count[from]!--
      this.count[l]!++
    }
  }

  /**
   * {@link moveToHead} within slot `i`'s own list `l` (a hit in the window or in protected):
   * no list id or count to change, and a slot that is not the head has a newer neighbour.
   */
  moveUp(l: number, i: number): void {
    const head = this.head[l]!
    if (head === i) return
    const older = this.older
    const newer = this.newer
    const n = newer[i]!
    const o = older[i]!
    older[n] = o
    if (o === Slot.NONE) this.tail[l] = n
    else newer[o] = n
    older[i] = head
    newer[i] = Slot.NONE
    newer[head] = i
    this.head[l] = i
  }

  grow(capacity: number): void {
    this.older = grown(this.older, new Int32Array(capacity))
    this.newer = grown(this.newer, new Int32Array(capacity))
    this.list = grown(this.list, new Uint8Array(capacity))
  }

  clear(): void {
    this.head.fill(Slot.NONE)
    this.tail.fill(Slot.NONE)
    this.count.fill(0)
  }
}
