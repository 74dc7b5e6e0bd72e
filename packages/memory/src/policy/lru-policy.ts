import { NIL, SlotLists } from './slot-lists.js'
import type { SlotPolicy } from './slot-policy.js'

/**
 * Exact LRU: one list, most recently used at the head. A `get` hit or a `set` of an
 * existing key moves the entry to the head; the tail is evicted. Iteration runs from the
 * most to the least recently used entry (lru-cache's `keys()` order).
 */
export class LruPolicy implements SlotPolicy {
  readonly #lists: SlotLists

  constructor(capacity: number) {
    this.#lists = new SlotLists(1, capacity)
  }

  added(i: number): void {
    this.#lists.pushHead(0, i)
  }

  hit(i: number): void {
    this.#lists.moveToHead(0, i)
  }

  updated(i: number): void {
    this.#lists.moveToHead(0, i)
  }

  removed(i: number): void {
    this.#lists.unlink(i)
  }

  victim(protect: number): number {
    const i = this.#lists.tail[0]!
    return i === protect ? this.#lists.newer[i]! : i
  }

  first(): number {
    return this.#lists.head[0]!
  }

  next(i: number): number {
    return this.#lists.older[i]!
  }

  last(): number {
    return this.#lists.tail[0]!
  }

  prev(i: number): number {
    return this.#lists.newer[i]!
  }

  grow(capacity: number): void {
    this.#lists.grow(capacity)
  }

  clear(): void {
    this.#lists.clear()
  }
}

export { NIL }
