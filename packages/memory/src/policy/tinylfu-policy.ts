import { blockBase, counterHash, FrequencySketch, sketchBlocks } from './frequency-sketch.js'
import { KeyHasher, mulberry32 } from './key-hash.js'
import { NIL, SlotLists } from './slot-lists.js'
import type { SlotPolicy } from './slot-policy.js'

const WINDOW = 0
const PROBATION = 1
const PROTECTED = 2

/** The main space's share of `max` at the start; the window has the rest (at least 1). */
const MAIN_SHARE = 0.99
/** The protected segment's share of the main space at the start. */
const PROTECTED_SHARE = 0.8
/** The climber's first step (negative: it shrinks the window) and restart step, as a share of `max`. */
const STEP = 0.0625
/** A sample's hit rate moving by this much restarts the climber with a full step. */
const RESTART = 0.05
/** Otherwise each step is this fraction of the previous one. */
const DECAY = 0.98
/** Requests per climber sample, as a multiple of `max` (also the sketch's sample size). */
const SAMPLE = 10
/** A candidate at least this warm may be admitted by chance when it loses (1 in 128). */
const WARM = 6
/** Where the climber keeps its step and its previous hit rate. */
const STEP_AT = 0
const RATE_AT = 1
/** At most this many entries change segment per request while the window is resized. */
const TRANSFER_LIMIT = 1000

/** The sketch of every policy that has not filled yet: never counted in, never read. */
const NOT_COUNTING = new FrequencySketch(1)

/**
 * W-TinyLFU with an adaptive window, after Caffeine's `BoundedLocalCache` (Einziger et al.,
 * "TinyLFU" and "Adaptive Software Cache Management"). New entries enter a small LRU
 * *window*; what the window pushes out is a *candidate* for the *main* space, a segmented
 * LRU of *probation* and *protected* entries. When the cache is full the candidate and the
 * main space's least valuable entry (the probation tail) meet: the one a count-min
 * sketch estimates as less often requested leaves. A hit in probation promotes to
 * protected, whose overflow returns to probation (with no protected space, the entry
 * just moves up in probation).
 *
 * The window starts at `max − floor(0.99 × max)` entries and protected at 80 % of the
 * rest. Every `10 × max` requests a hill climber compares the sample's hit rate with the
 * previous sample's: it keeps stepping the same way unless the rate fell, then reverses.
 * The first step is −6.25 % of `max` (toward a smaller window); steps decay by 2 % per
 * sample, restart at 6.25 % of `max` when the rate moves by 5 points or more, and are
 * truncated toward 0 (so a cache under 16 entries keeps its window). A step shifts
 * entries rather than re-partitioning: a larger window takes the main space's least
 * recent entries (probation's, then protected's) and lowers the protected maximum by as
 * many; a smaller one hands its least recent entries to probation and raises the protected
 * maximum. So the window stays in [1, window + protected at the start] (about 80 % of
 * `max`). A step that cannot be carried out in full is retried after later requests.
 *
 * Flood defence: the sketch hashes keys with a per-instance random seed, and a warm
 * candidate (estimate ≥ 6) that loses is still admitted with probability 1/128, so an
 * attacker cannot pin a victim by inflating its counters.
 */
export class TinyLfuPolicy implements SlotPolicy {
  readonly #max: number
  readonly #lists: SlotLists
  readonly #hasher: KeyHasher
  readonly #random: () => number
  /** Per slot: its key's sketch position, {@link blockBase} and {@link counterHash} of its hash. */
  #bases: Int32Array
  #counters: Int32Array
  readonly #blocks: number
  /** Requests per climber sample. */
  readonly #sampleSize: number
  /**
   * {@link NOT_COUNTING} until the cache first fills, then its own sketch. Never
   * `undefined`: a field that goes from `undefined` to an object mid-run changes the
   * object's shape and throws away the compiled code of every hit and insertion.
   */
  #sketch: FrequencySketch = NOT_COUNTING
  #windowMax: number
  #protectedMax: number
  /**
   * Climber state: the next step (signed, fractional) at [STEP_AT] and the previous sample's
   * hit rate at [RATE_AT]. In a Float64Array because both start as integers: as fields, their
   * first fractional value (at the end of the first sample, mid-run) would change the
   * object's field representation and throw away the compiled code of every hit.
   */
  readonly #climber = new Float64Array(2)
  /** The pending move of the window boundary (entries, signed). */
  #adjustment = 0
  /** Hits counted in the current sample. */
  #hits = 0
  /** Requests still to count before the current sample ends (counting down, one compare per request). */
  #untilSample: number
  /** Entries held (all three lists). */
  #count = 0

  constructor(max: number, capacity: number, seed: number) {
    this.#max = max
    this.#lists = new SlotLists(3, capacity)
    this.#bases = new Int32Array(capacity)
    this.#counters = new Int32Array(capacity)
    this.#blocks = sketchBlocks(max)
    this.#sampleSize = SAMPLE * max
    this.#untilSample = this.#sampleSize
    this.#hasher = new KeyHasher(seed)
    this.#random = mulberry32(seed ^ 0x2545f491)
    this.#windowMax = max - Math.floor(MAIN_SHARE * max)
    this.#protectedMax = Math.floor(PROTECTED_SHARE * (max - this.#windowMax))
    this.#climber[STEP_AT] = -STEP * max
  }

  /** The window's current maximum (for tests and diagnostics). */
  get windowMax(): number {
    return this.#windowMax
  }

  /** The protected segment's current maximum (for tests and diagnostics). */
  get protectedMax(): number {
    return this.#protectedMax
  }

  /** Bytes of the frequency sketch (0 until the cache first fills). */
  get sketchBytes(): number {
    return this.#sketch === NOT_COUNTING ? 0 : this.#sketch.byteLength
  }

  added(i: number, key: unknown): void {
    const hash = this.#hasher.hash(key)
    const base = blockBase(hash, this.#blocks)
    const counters = counterHash(hash)
    this.#bases[i] = base
    this.#counters[i] = counters
    const lists = this.#lists
    lists.pushHead(WINDOW, i)
    this.#count++
    // Until the cache is full, what the window pushes out joins probation unopposed.
    if (lists.count[WINDOW]! > this.#windowMax) lists.moveToHead(PROBATION, lists.tail[WINDOW]!)
    let sketch = this.#sketch
    if (sketch === NOT_COUNTING && this.#count >= this.#max) sketch = this.#startSketch(i)
    if (sketch !== NOT_COUNTING) {
      sketch.incrementAt(base, counters)
      if (--this.#untilSample === 0 || this.#adjustment !== 0) this.#climb()
    }
  }

  hit(i: number): void {
    this.#touch(i)
    const sketch = this.#sketch
    if (sketch !== NOT_COUNTING) {
      sketch.incrementAt(this.#bases[i]!, this.#counters[i]!)
      this.#hits++
      // Nearly always false: the climber's work waits behind one compare.
      if (--this.#untilSample === 0 || this.#adjustment !== 0) this.#climb()
    }
  }

  updated(i: number): void {
    this.#touch(i)
    const sketch = this.#sketch
    if (sketch !== NOT_COUNTING) sketch.incrementAt(this.#bases[i]!, this.#counters[i]!)
  }

  removed(i: number): void {
    this.#lists.unlink(i)
    this.#count--
  }

  victim(protect: number, expired: ((i: number) => boolean) | undefined): number {
    const lists = this.#lists
    // The incoming entry will take a window place; if that overflows the window, its
    // least recent entry becomes the candidate and moves to the main space first.
    let candidate = NIL
    if (lists.count[WINDOW]! >= this.#windowMax && lists.tail[WINDOW] !== NIL) {
      candidate = lists.tail[WINDOW]!
      if (candidate === protect) candidate = NIL
      else lists.moveToHead(PROBATION, candidate)
    }
    let victim = lists.tail[PROBATION]!
    if (victim === NIL || victim === protect) victim = this.#fallback(protect)
    if (candidate === NIL || victim === candidate) return victim
    if (expired !== undefined) {
      if (expired(candidate)) return candidate
      if (expired(victim)) return victim
    }
    return this.#admit(candidate, victim) ? victim : candidate
  }

  first(): number {
    const lists = this.#lists
    for (let l = 0; l < 3; l++) if (lists.head[l] !== NIL) return lists.head[l]!
    return NIL
  }

  next(i: number): number {
    const lists = this.#lists
    const n = lists.older[i]!
    if (n !== NIL) return n
    for (let l = lists.list[i]! + 1; l < 3; l++) if (lists.head[l] !== NIL) return lists.head[l]!
    return NIL
  }

  last(): number {
    const lists = this.#lists
    for (let l = 2; l >= 0; l--) if (lists.tail[l] !== NIL) return lists.tail[l]!
    return NIL
  }

  prev(i: number): number {
    const lists = this.#lists
    const p = lists.newer[i]!
    if (p !== NIL) return p
    for (let l = lists.list[i]! - 1; l >= 0; l--) if (lists.tail[l] !== NIL) return lists.tail[l]!
    return NIL
  }

  grow(capacity: number): void {
    this.#lists.grow(capacity)
    const bases = new Int32Array(capacity)
    bases.set(this.#bases)
    this.#bases = bases
    const counters = new Int32Array(capacity)
    counters.set(this.#counters)
    this.#counters = counters
  }

  clear(): void {
    this.#lists.clear()
    this.#count = 0
  }

  /**
   * Allocates the sketch (the cache has just filled) and counts one request for every
   * entry already in, newest `i` excepted (its own increment follows), so that residents
   * do not start at 0 against newcomers at 1.
   */
  #startSketch(i: number): FrequencySketch {
    const sketch = new FrequencySketch(this.#max)
    this.#sketch = sketch
    for (let j = this.first(); j !== NIL; j = this.next(j)) {
      if (j !== i) sketch.incrementAt(this.#bases[j]!, this.#counters[j]!)
    }
    return sketch
  }

  /** Admission: does the candidate beat the victim? Ties keep the victim. */
  #admit(candidate: number, victim: number): boolean {
    const sketch = this.#sketch
    if (sketch === NOT_COUNTING) return true
    const c = sketch.frequencyAt(this.#bases[candidate]!, this.#counters[candidate]!)
    const v = sketch.frequencyAt(this.#bases[victim]!, this.#counters[victim]!)
    if (c > v) return true
    return c >= WARM && (this.#random() & 127) === 0
  }

  /** A victim other than `protect` when probation offers none: protected, then window tails. */
  #fallback(protect: number): number {
    const lists = this.#lists
    for (let k = 0; k < 3; k++) {
      const l = k === 0 ? PROBATION : k === 1 ? PROTECTED : WINDOW
      for (let i = lists.tail[l]!; i !== NIL; i = lists.newer[i]!) if (i !== protect) return i
    }
    return NIL
  }

  /** The list move of a hit or update (its sketch increment is the caller's). */
  #touch(i: number): void {
    const lists = this.#lists
    const l = lists.list[i]!
    if (l === PROBATION) this.#promote(i)
    else lists.moveUp(l, i)
  }

  /** A hit in probation: to protected (whose overflow returns to probation), if it has room. */
  #promote(i: number): void {
    const lists = this.#lists
    if (this.#protectedMax > 0) {
      lists.moveToHead(PROTECTED, i)
      if (lists.count[PROTECTED]! > this.#protectedMax) this.#demote()
    } else {
      lists.moveUp(PROBATION, i)
    }
  }

  /** Protected overflow goes back to the head of probation. */
  #demote(): void {
    const lists = this.#lists
    while (lists.count[PROTECTED]! > this.#protectedMax) {
      lists.moveToHead(PROBATION, lists.tail[PROTECTED]!)
    }
  }

  /** After each counted request: end the sample when it is complete, then move the boundary. */
  #climb(): void {
    if (this.#untilSample === 0) this.#adjust()
    if (this.#adjustment > 0) this.#growWindow()
    else if (this.#adjustment < 0) this.#shrinkWindow()
  }

  /** Ends a sample: the next step from the change in hit rate. */
  #adjust(): void {
    const climber = this.#climber
    const rate = this.#hits / this.#sampleSize
    const change = rate - climber[RATE_AT]!
    const step = climber[STEP_AT]!
    const amount = change >= 0 ? step : -step
    climber[STEP_AT] =
      Math.abs(change) >= RESTART ? STEP * this.#max * (amount >= 0 ? 1 : -1) : DECAY * amount
    // `| 0`: a small integer (no -0), so the field stays a small-integer field.
    this.#adjustment = Math.trunc(amount) | 0
    climber[RATE_AT] = rate
    this.#hits = 0
    this.#untilSample = this.#sampleSize
  }

  /** Moves up to `adjustment` of the main space's least recent entries into the window. */
  #growWindow(): void {
    // At the bound nothing can move until the next sample sets a new adjustment, so drop
    // it: left pending, it would call the climber on every request until then.
    if (this.#protectedMax === 0) {
      this.#adjustment = 0
      return
    }
    let quota = Math.min(this.#adjustment, this.#protectedMax)
    this.#protectedMax -= quota
    this.#windowMax += quota
    this.#demote()
    const lists = this.#lists
    for (let n = 0; n < TRANSFER_LIMIT && quota > 0; n++) {
      let i = lists.tail[PROBATION]!
      if (i === NIL) i = lists.tail[PROTECTED]!
      if (i === NIL) break
      lists.moveToHead(WINDOW, i)
      quota--
    }
    // Whatever could not move stays pending.
    this.#protectedMax += quota
    this.#windowMax -= quota
    this.#adjustment = quota
  }

  /** Hands up to `−adjustment` of the window's least recent entries to probation. */
  #shrinkWindow(): void {
    if (this.#windowMax <= 1) {
      this.#adjustment = 0
      return
    }
    let quota = Math.min(-this.#adjustment, this.#windowMax - 1)
    this.#protectedMax += quota
    this.#windowMax -= quota
    const lists = this.#lists
    for (let n = 0; n < TRANSFER_LIMIT && quota > 0; n++) {
      const i = lists.tail[WINDOW]!
      if (i === NIL) break
      lists.moveToHead(PROBATION, i)
      quota--
    }
    this.#protectedMax -= quota
    this.#windowMax += quota
    this.#adjustment = -quota
  }
}
