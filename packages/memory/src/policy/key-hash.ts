import { hashString } from '../string-index.js'

/**
 * 32-bit hashes of cache keys for the W-TinyLFU frequency sketch, keyed by a per-instance
 * seed so that nobody outside the process can aim keys at the same counters.
 *
 * The specification (the reference simulator in the tests implements it separately):
 * an int32 key `k` hashes to `fmix32((k ^ seed) >>> 0)` (MurmurHash3's finaliser, a
 * bijection); a string to {@link hashString} of its UTF-16 code units (the key index's hash:
 * two interleaved FNV-1a lanes, which a long key such as a URL path needs fewer cycles for
 * than one lane's chain of multiplications), seeded with `seed` (tag 0); other primitives
 * likewise through their `String()`, seeded with `seed ^ tag` (tag 1 for numbers, 2 for the
 * rest); objects, functions and symbols to a number drawn once per key from a per-instance
 * counter (identity, like `Map`).
 */
export class KeyHasher {
  readonly #seed: number
  readonly #objects = new WeakMap<object, number>()
  readonly #symbols = new Map<symbol, number>()
  #next = 1

  constructor(seed: number) {
    this.#seed = seed >>> 0
  }

  hash(key: unknown): number {
    if (typeof key === 'number' && (key | 0) === key) return fmix32((key ^ this.#seed) >>> 0)
    return this.#other(key)
  }

  /**
   * Every key but an int32. Kept out of {@link hash} so that `hash` stays small enough for
   * the JIT to inline it, with its `fmix32`, into the policy's insertion.
   */
  #other(key: unknown): number {
    if (typeof key === 'string') return this.#string(key, 0)
    if (typeof key === 'object' && key !== null) return this.#identity(key)
    if (typeof key === 'function') return this.#identity(key)
    if (typeof key === 'symbol') {
      let h = this.#symbols.get(key)
      if (h === undefined) {
        h = fmix32((this.#next++ ^ this.#seed) >>> 0)
        // Symbols are rare keys; keep at most a bounded number of them.
        if (this.#symbols.size < 65536) this.#symbols.set(key, h)
      }
      return h
    }
    return this.#string(String(key), typeof key === 'number' ? 1 : 2)
  }

  #identity(key: object): number {
    let h = this.#objects.get(key)
    if (h === undefined) {
      h = fmix32((this.#next++ ^ this.#seed ^ 0x5bd1e995) >>> 0)
      this.#objects.set(key, h)
    }
    return h
  }

  #string(s: string, tag: number): number {
    return hashString(s, this.#seed ^ tag) >>> 0
  }
}

/** MurmurHash3's 32-bit finaliser: a bijection on uint32 that mixes every bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** mulberry32: a small seeded PRNG giving uint32s; per instance, for admission coin flips. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}
