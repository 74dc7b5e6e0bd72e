import { fmix32 } from './key-hash.js'

/** Counters saturate at 15 (4 bits). */
const MAX_COUNT = 15

/**
 * A count-min sketch of 4-bit counters: the estimated number of recent requests for a key
 * hash (after Caffeine's `FrequencySketch`, with its layout restated for 32-bit words).
 *
 * Layout: `blocks` blocks of 16 `Uint32Array` words (64 bytes, 128 counters, one cache
 * line). A hash picks block `(hash >>> 1) % blocks`; its four counters all lie in that
 * block, counter `i` (0–3) in word `4i + (b & 3)` of it at nibble `(b >>> 2) & 7`, where
 * `b` is byte `i` of `fmix32(hash ^ 0x9e3779b9)`. Caffeine sizes its table to the next
 * power of two ≥ `max` longs; within the budget of 8 bytes per entry of `max` this takes
 * `max(1, floor(max / 8))` blocks, which is the same size whenever `max` is a power of two
 * (and never less than Caffeine's one-block minimum).
 *
 * Aging: `max × 10` increments that raised a counter (the sample size) trigger a reset:
 * every counter is halved, and the count of increments becomes
 * `(count − odd counters / 4) / 2` — each odd counter loses half a request to the integer
 * halving, which the count of increments should lose too.
 */
export class FrequencySketch {
  readonly #table: Uint32Array
  readonly #blocks: number
  readonly #sampleSize: number
  #size = 0

  constructor(max: number) {
    this.#blocks = Math.max(1, Math.floor(max / 8))
    this.#table = new Uint32Array(this.#blocks * 16)
    this.#sampleSize = 10 * max
  }

  /** Increments that raised a counter since the last reset (after its correction). */
  get size(): number {
    return this.#size
  }

  /** Bytes used by the counters. */
  get byteLength(): number {
    return this.#table.byteLength
  }

  /** Counts one request for `hash`. */
  increment(hash: number): void {
    const table = this.#table
    const base = ((hash >>> 1) % this.#blocks) << 4
    const h = fmix32((hash ^ 0x9e3779b9) >>> 0)
    let added = false
    for (let i = 0; i < 4; i++) {
      const b = h >>> (i << 3)
      const w = base + (i << 2) + (b & 3)
      const shift = b & 0x1c
      const word = table[w]!
      if (((word >>> shift) & 0xf) < MAX_COUNT) {
        table[w] = word + (1 << shift)
        added = true
      }
    }
    if (added && ++this.#size >= this.#sampleSize) this.#reset()
  }

  /** The estimated count of `hash`, 0–15. */
  frequency(hash: number): number {
    const table = this.#table
    const base = ((hash >>> 1) % this.#blocks) << 4
    const h = fmix32((hash ^ 0x9e3779b9) >>> 0)
    let min = MAX_COUNT
    for (let i = 0; i < 4; i++) {
      const b = h >>> (i << 3)
      const c = (table[base + (i << 2) + (b & 3)]! >>> (b & 0x1c)) & 0xf
      if (c < min) min = c
    }
    return min
  }

  /** Halves every counter; the odd-counter correction keeps `size` in step with them. */
  #reset(): void {
    const table = this.#table
    let odd = 0
    for (let w = 0; w < table.length; w++) {
      const word = table[w]!
      // Low bits of the 8 nibbles, summed into the top nibble by the multiplication.
      odd += Math.imul(word & 0x11111111, 0x11111111) >>> 28
      table[w] = (word >>> 1) & 0x77777777
    }
    this.#size = (this.#size - (odd >>> 2)) >>> 1
  }
}
