import { ABSENT, IntIndex } from './int-index.js'

/**
 * A `Map<K, slot>` look-alike for `LRUCache`: int32 keys live in an
 * {@link IntIndex} (no `Map` churn on the get-miss-set-evict path), every other key
 * (strings, other numbers, objects, …) in a `Map`. Lookups answer as the `Map` would,
 * with SameValueZero keys: `1`, `'1'` and `1.5` are three keys, `-0` and `0` one (the
 * IntIndex hashes and compares them alike, so a stored `-0` is found and deleted by `0`).
 *
 * Contract beyond `Map`'s: `set` is only called for an absent key (the caches always
 * look a key up first), and there is no iteration — the caches keep their own order.
 */
export class KeyIndex<K> {
  readonly #ints = new IntIndex()
  readonly #others = new Map<K, number>()

  /** Keys stored. */
  get size(): number {
    return this.#ints.size + this.#others.size
  }

  /** The slot of `key`, or `undefined`. */
  get(key: K): number | undefined {
    if (typeof key === 'number' && (key | 0) === key) {
      const i = this.#ints.get(key)
      return i === ABSENT ? undefined : i
    }
    return this.#others.get(key)
  }

  /** Stores `key → slot`; `key` must be absent. */
  set(key: K, slot: number): void {
    if (typeof key === 'number' && (key | 0) === key) this.#ints.set(key, slot)
    else this.#others.set(key, slot)
  }

  /** Removes `key`; true when it was there. */
  delete(key: K): boolean {
    if (typeof key === 'number' && (key | 0) === key) return this.#ints.delete(key)
    return this.#others.delete(key)
  }

  /** Removes every key. */
  clear(): void {
    this.#ints.clear()
    this.#others.clear()
  }
}
