import { grown } from '../arrays.js'
import { NO_INT32 } from '../placeholders.js'
import { Slot } from '../slot.js'
import type { SlotPolicy } from './slot-policy.js'

/**
 * Exact LRU: one list, most recently used at the head. A `get` hit or a `set` of an
 * existing key moves the entry to the head; the tail is evicted. Iteration runs from the
 * most to the least recently used entry (lru-cache's `keys()` order).
 *
 * The links of slot `i` sit side by side, `links[2i]` (older) and `links[2i + 1]`
 * (newer), so a move to the head touches one cache line per slot involved (the slot,
 * its two neighbours, the old head) rather than two.
 */
export class LruPolicy implements SlotPolicy {
  #links: Int32Array = NO_INT32
  #head = Slot.NONE
  #tail = Slot.NONE

  constructor(capacity: number) {
    this.#links = new Int32Array(2 * capacity)
  }

  added(i: number): void {
    const links = this.#links
    const head = this.#head
    links[2 * i] = head
    links[2 * i + 1] = Slot.NONE
    if (head === Slot.NONE) this.#tail = i
    else links[2 * head + 1] = i
    this.#head = i
  }

  hit(i: number): void {
    this.#toHead(i)
  }

  updated(i: number): void {
    this.#toHead(i)
  }

  removed(i: number): void {
    const links = this.#links
    const older = links[2 * i]!
    const newer = links[2 * i + 1]!
    if (newer === Slot.NONE) this.#head = older
    else links[2 * newer] = older
    if (older === Slot.NONE) this.#tail = newer
    else links[2 * older + 1] = newer
  }

  victim(protect: number): number {
    const i = this.#tail
    return i === protect ? this.#links[2 * i + 1]! : i
  }

  first(): number {
    return this.#head
  }

  next(i: number): number {
    return this.#links[2 * i]!
  }

  last(): number {
    return this.#tail
  }

  prev(i: number): number {
    return this.#links[2 * i + 1]!
  }

  grow(capacity: number): void {
    this.#links = grown(this.#links, new Int32Array(2 * capacity))
  }

  clear(): void {
    this.#head = this.#tail = Slot.NONE
  }

  #toHead(i: number): void {
    const head = this.#head
    if (head === i) return
    const links = this.#links
    // Not the head, so it has a newer neighbour.
    const older = links[2 * i]!
    const newer = links[2 * i + 1]!
    links[2 * newer] = older
    if (older === Slot.NONE) this.#tail = newer
    else links[2 * older + 1] = newer
    links[2 * i] = head
    links[2 * i + 1] = Slot.NONE
    links[2 * head + 1] = i
    this.#head = i
  }
}
