import { fmix32 } from './key-hash.js'

/** Counters saturate at 15 (4 bits). */
const MAX_COUNT = 15

/**
 * A count-min sketch of 4-bit counters: the estimated number of recent requests for a key
 * hash. Four rows; each row's counter for a hash is nibble `h >>> 29` of word `h & mask`
 * of one shared `Uint32Array`, where `h = fmix32(hash ^ imul(row + 1, 0x9e3779b9))`.
 * Its width is the next power of two ≥ `max` words (4 bytes, 8 counters a word), so it
 * takes at most 8 bytes per entry of `max`.
 *
 * Aging: after `10 × max` increments that changed a counter, every counter is halved
 * (and that count too), so old popularity fades and the sketch follows a shifting workload.
 */
export class FrequencySketch {
  readonly #table: Uint32Array
  readonly #mask: number
  readonly #period: number
  #additions = 0

  constructor(max: number) {
    let width = 8
    while (width < max) width *= 2
    this.#table = new Uint32Array(width)
    this.#mask = width - 1
    this.#period = 10 * max
  }

  /** Requests seen since the last halving that changed a counter. */
  get additions(): number {
    return this.#additions
  }

  /** Bytes used by the counters. */
  get byteLength(): number {
    return this.#table.byteLength
  }

  /** Counts one request for `hash`. */
  increment(hash: number): void {
    const table = this.#table
    let changed = false
    for (let row = 0; row < 4; row++) {
      const h = fmix32((hash ^ Math.imul(row + 1, 0x9e3779b9)) >>> 0)
      const w = h & this.#mask
      const shift = (h >>> 29) << 2
      const word = table[w]!
      if (((word >>> shift) & 0xf) < MAX_COUNT) {
        table[w] = word + (1 << shift)
        changed = true
      }
    }
    if (changed && ++this.#additions >= this.#period) this.#halve()
  }

  /** The estimated count of `hash`, 0–15. */
  frequency(hash: number): number {
    const table = this.#table
    let min = MAX_COUNT
    for (let row = 0; row < 4; row++) {
      const h = fmix32((hash ^ Math.imul(row + 1, 0x9e3779b9)) >>> 0)
      const c = (table[h & this.#mask]! >>> ((h >>> 29) << 2)) & 0xf
      if (c < min) min = c
    }
    return min
  }

  #halve(): void {
    const table = this.#table
    for (let w = 0; w < table.length; w++) table[w] = (table[w]! >>> 1) & 0x77777777
    this.#additions = Math.floor(this.#additions / 2)
  }
}
