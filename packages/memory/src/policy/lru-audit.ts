import { NO_INT32 } from '../placeholders.js'
import { Slot } from '../slot.js'
import { LruPolicy } from './lru-policy.js'

/** The fewest ghost entries the audit keeps once `max` allows (see the class comment). */
const MIN_GHOST = 32
/** An audit spans at least this many requests… */
const MIN_PERIOD = 1000
/** …and at least this many per entry of `max` (counted as sampled requests: divided by `sample`)… */
const PERIOD_PER_ENTRY = 2
/** …and at least this many sampled requests. */
const MIN_SAMPLED = 250
/**
 * A lag (see {@link LruAudit}) above this share of the sampled requests, found by two audits in a
 * row, grows the window.
 */
const LAG_GROW = 0.03
/** A lag above this share grows the window at once, found by one audit. */
const LAG_STRONG = 0.1
/** While the lag is above this share, verdicts to admit less are ignored. */
const LAG_HOLD = 0.01

/**
 * Checks W-TinyLFU against plain LRU on the same requests, so that the admission learner's
 * mistakes on recency-heavy workloads cannot last.
 *
 * Why: the learner only hears about *close calls*, contests that one bias step would have
 * decided the other way. On a workload where every key is requested a few times within a
 * short span and then never again (a ledger, an ORM's session cache), almost no contest is
 * close while the cache refuses everything, so the learner stays silent and the window stays
 * at 1 % while LRU hits on every reuse. Measured on public traces that are not in the tests
 * (the Corda vault trace and cache2k's ORM traces from Caffeine's simulator), tinylfu fell up
 * to 14 points below LRU at 64 and 100 entries before this audit, and stays within 3 points
 * with it.
 *
 * How: a key whose fingerprint falls in the sample (1 in `sample`, the largest power of two
 * that leaves at least {@link MIN_GHOST} ghost entries; every key below 64 entries of `max`)
 * is replayed through a *ghost* LRU of `floor(max / sample)` fingerprints (no values): a
 * scaled-down LRU over a sample of the key space, whose hit ratio follows the full-size one
 * (spatial sampling, as in SHARDS: Waldspurger et al., FAST '15). Every
 * `max(250, ceil(max(1000, 2 × max) / sample))` sampled requests (about every
 * `max(1000, 2 × max, 250 × sample)` requests) the audit compares the ghost's hits on the
 * sampled keys with the cache's own hits on them. The *lag* is the difference as a share of
 * the sampled requests: above 3 % in two audits in a row, or above 10 % in one, the window
 * grows by two window steps; above 1 %, verdicts to admit less are ignored until the next
 * audit. The audit never shrinks the window: a workload that needs a small window is the
 * learner's to find.
 *
 * Why two audits for a small lag: one audit can fall on a burst of reuse (a loop turning
 * back, say) that LRU catches and a frequency policy does not, after which the larger window
 * costs more hits than it won. Over the shared traces at 40 hash seeds, growing on one audit's
 * 3 % put the mean fraction of OPT below 0.88 at 21 seeds, two audits at 2 (no audit at
 * all: none), while on the recency-heavy traces a lag is either large (above 10 %) or lasting.
 *
 * Cost: a mask test per request (the caller's, with {@link sampleMask}), a table probe and a
 * list move per sampled request (1 in 8 at 256 entries, 1 in 32 at 2,000), and 16 bytes per
 * ghost entry plus 4 per table bucket: at most 63 entries, 1.3 KiB. A sample of 256–511
 * entries gave the same hit ratios (mean fraction of OPT within 0.001).
 */
/** The placeholder of `#order` until the constructor sets it (see `NO_INT32`). */
const NO_ORDER = new LruPolicy(0)

export class LruAudit {
  /** Each ghost entry's fingerprint. */
  readonly #fps: Int32Array = NO_INT32
  /** The ghost's LRU order: the `'lru'` policy's list, over ghost entries instead of slots. */
  readonly #order: LruPolicy = NO_ORDER
  /** The next entry in the same table bucket. */
  readonly #chain: Int32Array = NO_INT32
  /** Each table bucket's first entry. */
  readonly #buckets: Int32Array = NO_INT32
  readonly #bucketMask: number = 0
  /** `sample − 1`: a fingerprint is sampled when `(fp >>> 16) & sampleMask` is 0. */
  readonly sampleMask: number = 0
  readonly #capacity: number = 0
  readonly #period: number = 0
  #size = 0
  #sampled = 0
  #ghostHits = 0
  #ownHits = 0
  #lagging = false
  /** The last audit's lag was above {@link LAG_GROW}. */
  #wasOver = false

  constructor(max: number) {
    let sample = 1
    while (sample * 2 * MIN_GHOST <= max) sample *= 2
    this.sampleMask = sample - 1
    this.#capacity = Math.max(1, Math.floor(max / sample))
    this.#period = Math.max(
      MIN_SAMPLED,
      Math.ceil(Math.max(MIN_PERIOD, PERIOD_PER_ENTRY * max) / sample),
    )
    this.#fps = new Int32Array(this.#capacity)
    this.#order = new LruPolicy(this.#capacity)
    this.#chain = new Int32Array(this.#capacity)
    let buckets = 1
    while (buckets < this.#capacity) buckets *= 2
    this.#buckets = new Int32Array(buckets).fill(Slot.NONE)
    this.#bucketMask = buckets - 1
  }

  /** True while the last audit found the cache more than 1 % behind LRU. */
  get lagging(): boolean {
    return this.#lagging
  }

  /** Bytes of its arrays. */
  get byteLength(): number {
    return 4 * (4 * this.#capacity + this.#buckets.length)
  }

  /** True when the key of fingerprint `fp` is in the sample: only then call {@link request}. */
  sampled(fp: number): boolean {
    return ((fp >>> 16) & this.sampleMask) === 0
  }

  /**
   * One request for the sampled key of fingerprint `fp` (`hit`: the cache had it), replayed
   * through the ghost. Returns true when it ends an audit that found the cache more than 3 %
   * behind LRU, as did the audit before, or more than 10 % behind. (The caller tests the sample itself, so that the other requests cost no call.)
   */
  request(fp: number, hit: boolean): boolean {
    if (hit) this.#ownHits++
    this.#replay(fp)
    return ++this.#sampled >= this.#period && this.#close()
  }

  /** Replays a sampled request through the ghost LRU, counting its hit. */
  #replay(fp: number): void {
    let i = this.#find(fp)
    if (i !== Slot.NONE) {
      this.#ghostHits++
      this.#order.hit(i)
      return
    }
    if (this.#size < this.#capacity) {
      i = this.#size++
    } else {
      i = this.#order.victim(Slot.NONE)
      this.#order.removed(i)
      this.#leave(i)
    }
    this.#enter(i, fp)
    this.#order.added(i)
  }

  /**
   * Ends an audit: true if the ghost beat the cache by more than {@link LAG_GROW} in this audit
   * and the one before, or by more than {@link LAG_STRONG} in this one.
   */
  #close(): boolean {
    const lag = (this.#ghostHits - this.#ownHits) / Math.max(1, this.#sampled)
    this.#lagging = lag > LAG_HOLD
    this.#sampled = 0
    this.#ghostHits = 0
    this.#ownHits = 0
    const over = lag > LAG_GROW
    const grow = over && (this.#wasOver || lag > LAG_STRONG)
    this.#wasOver = over
    return grow
  }

  #find(fp: number): number {
    let i = this.#buckets[fp & this.#bucketMask]!
    while (i !== Slot.NONE && this.#fps[i] !== fp) i = this.#chain[i]!
    return i
  }

  /** Puts entry `i` in the table under `fp` (the list is the caller's). */
  #enter(i: number, fp: number): void {
    const b = fp & this.#bucketMask
    this.#fps[i] = fp
    this.#chain[i] = this.#buckets[b]!
    this.#buckets[b] = i
  }

  /** Takes entry `i` out of the table. */
  #leave(i: number): void {
    const b = this.#fps[i]! & this.#bucketMask
    let j = this.#buckets[b]!
    if (j === i) {
      this.#buckets[b] = this.#chain[i]!
      return
    }
    while (this.#chain[j] !== i) j = this.#chain[j]!
    this.#chain[j] = this.#chain[i]!
  }
}
