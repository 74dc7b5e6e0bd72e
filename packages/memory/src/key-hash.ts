import { fmix32 } from './slot-table.js'
import { hashString } from './string-index.js'

/**
 * Seeded 32-bit hashes of cache keys, for the W-TinyLFU frequency sketch: with a per-instance
 * random seed, nobody outside the process can aim keys at the same counters.
 *
 * The specification (the reference simulator in the tests implements it separately), as
 * int32s: an int32 key `k` hashes to `fmix32(k ^ seed)` (MurmurHash3's finaliser, a
 * bijection); a string to {@link hashString} of its UTF-16 code units, seeded with `seed`
 * (tag 0); other primitives likewise through their `String()`, seeded with `seed ^ tag`
 * (tag 1 for numbers, 2 for the rest); objects, functions and symbols to a number drawn once
 * per key from a per-instance counter (identity, like `Map`).
 *
 * With the same seed, an int32 or short-string key hashes exactly as the {@link KeyIndex}'s
 * tables hash it, which is what lets the index hand the sketch the hash it already stored
 * (`KeyIndex.hashAt`) instead of hashing the key again; only the keys the index keeps in its
 * `Map` come here.
 */
export class KeyHasher {
  readonly #seed: number
  readonly #objects = new WeakMap<object, number>()
  readonly #symbols = new Map<symbol, number>()
  #next = 1

  constructor(seed: number) {
    this.#seed = seed | 0
  }

  hash(key: unknown): number {
    if (typeof key === 'number' && (key | 0) === key) return fmix32(key ^ this.#seed)
    if (typeof key === 'string') return hashString(key, this.#seed)
    if (typeof key === 'object' && key !== null) return this.#identity(key)
    if (typeof key === 'function') return this.#identity(key)
    if (typeof key === 'symbol') return this.#symbol(key)
    return hashString(String(key), this.#seed ^ (typeof key === 'number' ? 1 : 2))
  }

  #identity(key: object): number {
    let h = this.#objects.get(key)
    if (h === undefined) {
      h = fmix32(this.#next++ ^ this.#seed ^ 0x5bd1e995)
      this.#objects.set(key, h)
    }
    return h
  }

  #symbol(key: symbol): number {
    let h = this.#symbols.get(key)
    if (h === undefined) {
      h = fmix32(this.#next++ ^ this.#seed)
      // Symbols are rare keys; keep at most a bounded number of them.
      if (this.#symbols.size < 65536) this.#symbols.set(key, h)
    }
    return h
  }
}
