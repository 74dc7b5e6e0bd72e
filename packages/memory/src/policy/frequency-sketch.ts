import { NO_INT32 } from '../placeholders.js'
import { fmix32 } from '../slot-table.js'

/** The fewest 64-byte blocks of a sketch: the size for a `max` of 256. */
const MIN_BLOCKS = 32
/** The fewest increments between two resets: Caffeine's sample for a `max` of 128. */
const MIN_SAMPLE = 1280

/**
 * A count-min sketch of 4-bit counters: the estimated number of recent requests for a key
 * hash (after Caffeine's `FrequencySketch`, with its layout restated for 32-bit words).
 *
 * Layout: `blocks` blocks of 16 32-bit words (64 bytes, 128 counters, one cache
 * line). A hash picks block `(hash >>> 1) % blocks`; its four counters all lie in that
 * block, counter `i` (0–3) in word `4i + (b & 3)` of it at nibble `(b >>> 2) & 7`, where
 * `b` is byte `i` of `fmix32(hash ^ 0x9e3779b9)`. Caffeine sizes its table to the next
 * power of two ≥ `max` longs; within the budget of 8 bytes per entry of `max` this takes
 * `floor(max / 8)` blocks, which is the same size whenever `max` is a power of two.
 *
 * Small caches get a floor: at least {@link MIN_BLOCKS} blocks (2 KiB), and a sample of at
 * least {@link MIN_SAMPLE} requests. With Caffeine's sizes a 16-entry cache would remember
 * frequencies over only 160 requests, in 256 counters: too short a history to tell a
 * frequent key from a lucky one, and too few counters to count a longer one without
 * collisions. Measured over the shared traces and the bench's synthetic workloads at sizes
 * below 256, the floor raised tinylfu's hits on every set, held-out sizes included.
 *
 * Aging: `10 × max(max, 128)` increments that raised a counter (the sample size) trigger a reset:
 * every counter is halved, and the count of increments becomes
 * `(count − odd counters / 4) / 2` — each odd counter loses half a request to the integer
 * halving, which the count of increments should lose too.
 */
export class FrequencySketch {
  /**
   * Signed words, so that loads stay small integers in the JIT (a `Uint32Array` load above
   * 2^31 becomes a double); the bit operations read them as unsigned. This field and the next
   * two hold placeholders until the constructor sets them (see {@link NO_INT32}).
   */
  readonly #table: Int32Array = NO_INT32
  readonly #blocks: number = 0
  readonly #sampleSize: number = 0
  #size = 0
  #epoch = 1

  constructor(max: number) {
    this.#blocks = sketchBlocks(max)
    this.#table = new Int32Array(this.#blocks * 16)
    this.#sampleSize = Math.max(MIN_SAMPLE, 10 * max)
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
    this.incrementAt(blockBase(hash, this.#blocks), counterHash(hash))
  }

  /** The estimated count of `hash`, 0–15. */
  frequency(hash: number): number {
    return this.frequencyAt(blockBase(hash, this.#blocks), counterHash(hash))
  }

  /**
   * Resets so far, plus 1: changes whenever the counters are halved. A caller that saw a key's
   * counters all at 15 in one epoch knows that incrementing them again in that epoch would
   * change nothing (a saturated counter stays at 15 until the next reset).
   */
  get epoch(): number {
    return this.#epoch
  }

  /**
   * {@link increment} from a hash's precomputed {@link blockBase} and {@link counterHash}
   * (the policy keeps both per entry, so a hit recomputes neither). Returns true when the
   * key's four counters are all at 15 afterwards (and no reset followed).
   */
  incrementAt(base: number, counters: number): boolean {
    // Counter k is in word base + 4k + (b & 3) at bit (b & 0x1c), b = byte k (`>>`, not
    // `>>>`: the masked bits are the same, and the values stay int32 in the JIT). Unrolled,
    // straight-line code: as a loop, each step re-checked the table and its bounds, about
    // twice the machine instructions. The four counters lie in four different words. Word
    // offsets are ORed in (`base` is a multiple of 16): an addition costs V8 an overflow check.
    const table = this.#table
    const a = bumpAt(table, base | (counters & 3), counters & 0x1c)
    const b = bumpAt(table, base | 4 | ((counters >> 8) & 3), (counters >> 8) & 0x1c)
    const c = bumpAt(table, base | 8 | ((counters >> 16) & 3), (counters >> 16) & 0x1c)
    const d = bumpAt(table, base | 12 | ((counters >> 24) & 3), (counters >> 24) & 0x1c)
    // The counters before: all four at 15 exactly when their AND is 15 (then none rose), and
    // all four at 15 afterwards exactly when each was 14 or 15, that is when their AND has
    // bits 1–3 set.
    const all = a & b & c & d
    if (all !== 15 && ++this.#size >= this.#sampleSize) {
      this.#reset()
      return false
    }
    return (all & 14) === 14
  }

  /** {@link frequency} from a precomputed {@link blockBase} and {@link counterHash}. */
  frequencyAt(base: number, counters: number): number {
    const table = this.#table
    const a = (table[base | (counters & 3)]! >> (counters & 0x1c)) & 0xf
    const b = (table[base | 4 | ((counters >> 8) & 3)]! >> ((counters >> 8) & 0x1c)) & 0xf
    const c = (table[base | 8 | ((counters >> 16) & 3)]! >> ((counters >> 16) & 0x1c)) & 0xf
    const d = (table[base | 12 | ((counters >> 24) & 3)]! >> ((counters >> 24) & 0x1c)) & 0xf
    return min4(a, b, c, d)
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
    this.#epoch++
  }
}

/**
 * The least of four counters (0–15), without a branch: the admission contest compares two
 * unrelated keys' counters, so `Math.min`'s compare-and-jump mispredicts about half the time
 * (measured with perf: the two estimates of a contest then cost more than the rest of an
 * eviction). `x + ((y − x) & ((y − x) >> 31))` is `min(x, y)`: the mask is all ones exactly
 * when `y < x`.
 */
function min4(a: number, b: number, c: number, d: number): number {
  const ab = b - a
  const cd = d - c
  const x = a + (ab & (ab >> 31))
  const y = c + (cd & (cd >> 31))
  const xy = y - x
  return x + (xy & (xy >> 31))
}

/**
 * Adds 1 to the 4-bit counter at bit `shift` of word `w`, unless it is at 15 (without a
 * branch, so hot keys, whose counters sit at 15, cost no mispredictions: `(n − 15) >>> 31` is
 * 1 exactly when `n < 15`). Returns the counter as it was before.
 */
function bumpAt(table: Int32Array, w: number, shift: number): number {
  const word = table[w]!
  const n = (word >> shift) & 0xf
  table[w] = (word + (((n - 15) >>> 31) << shift)) | 0
  return n
}

/**
 * The number of 64-byte blocks of the sketch for a cache of `max` entries: 8 bytes per entry,
 * at least {@link MIN_BLOCKS}.
 */
export function sketchBlocks(max: number): number {
  return Math.max(MIN_BLOCKS, Math.floor(max / 8))
}

/** The first word of `hash`'s block, in a sketch of `blocks` blocks. */
export function blockBase(hash: number, blocks: number): number {
  return ((hash >>> 1) % blocks) << 4
}

/** The hash that places `hash`'s four counters within its block (one byte each). */
export function counterHash(hash: number): number {
  return fmix32(hash ^ 0x9e3779b9)
}
