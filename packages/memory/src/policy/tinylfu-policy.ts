import { KeyIndex } from '../key-index.js'
import { Slot } from '../slot.js'
import { AdmissionLearner, Verdict } from './admission-learner.js'
import { blockBase, counterHash, FrequencySketch, sketchBlocks } from './frequency-sketch.js'
import { LruAudit } from './lru-audit.js'
import { mulberry32 } from './mulberry32.js'
import { Layout, SlotLists, Word } from './slot-lists.js'
import type { SlotPolicy } from './slot-policy.js'

/** The three lists, by their number in {@link SlotLists} (an enum, for speed: see `Slot`). */
enum Segment {
  WINDOW = 0,
  PROBATION = 1,
  PROTECTED = 2,
}

/**
 * The policy's bits of a slot's {@link Word.TAG} word, above the two of its list: its key's
 * sketch position ({@link blockBase}, a multiple of 16, so its low four bits are free) and two
 * flags. The key's {@link counterHash} is the record's {@link Word.DATA} word. So a hit finds
 * everything it reads of its slot in one 16-byte record.
 */
enum Own {
  /**
   * The key may have a close call pending that it won (it was recorded as the winner since
   * it entered this slot, and no hit has checked since). A hit on any other slot has nothing
   * to settle, so it skips the learner's table.
   */
  WON = 4,
  /**
   * The key's counters were all seen at 15 in the sketch's current epoch
   * ({@link FrequencySketch.epoch}): until the next reset a hit skips the increment, which
   * could not change anything, so the hottest keys, which take most hits, cost no sketch
   * work. A reset clears the bit of every slot (see `#increment`).
   */
  SATURATED = 8,
  /** The mask of the sketch position. */
  BASE = -16,
}

/** The main space's share of `max` at the start; the window has the rest (at least 1). */
const MAIN_SHARE = 0.99
/** The protected segment's share of the main space at the start. */
const PROTECTED_SHARE = 0.8
/** One window step of the ladder, as a share of `max` (at least 1 entry). */
const WINDOW_STEP = 0.0625
/** The admission bias at the start: a candidate must beat the victim's estimate by 3. */
const BIAS_START = -2
/** The lowest bias (a 4-bit estimate never exceeds 15). */
const BIAS_MIN = -15
/**
 * The highest bias: every candidate is admitted (its estimate + 16 beats any 4-bit estimate),
 * so the main space is a plain segmented LRU. Only the LRU audit raises the bias above 0.
 */
const BIAS_MAX = 16
/** A candidate at least this warm may be admitted by chance when it loses (1 in 128). */
const WARM = 6
/** At most this many entries change segment per request while the window is resized. */
const TRANSFER_LIMIT = 1000

/** Placeholders of `#lists`, `#random` and `#keys` until the constructor sets them. */
const NO_LISTS = new SlotLists(0, 0)
const NEVER_RANDOM = (): number => 0
const NO_KEYS = new KeyIndex<unknown>()

/** The sketch of every policy that has not filled yet: never counted in, never read. */
const NOT_COUNTING = new FrequencySketch(1)
/** Likewise the learner: it has nothing to learn before the first admission contest. */
const NOT_LEARNING = new AdmissionLearner(0)
/** Likewise the LRU audit: before the cache fills, tinylfu and LRU hold the same keys. */
const NOT_AUDITING = new LruAudit(0)

/**
 * W-TinyLFU (Einziger et al., "TinyLFU"; the design of Caffeine's `BoundedLocalCache`) with
 * a learned admission rule and window. New entries enter a small LRU *window*; what the
 * window pushes out is a *candidate* for the *main* space, a segmented LRU of *probation*
 * and *protected* entries. When the cache is full the candidate and the main space's least
 * valuable entry (the probation tail, the *victim*) meet: the candidate is admitted when
 * `estimate(candidate) + bias > estimate(victim)` by a count-min sketch, otherwise it
 * leaves. A hit in probation promotes to protected, whose overflow returns to probation
 * (with no protected space, the entry just moves up in probation).
 *
 * The window starts at `max − floor(0.99 × max)` entries (its floor) and protected at 80 %
 * of the rest. Instead of Caffeine's hill climber, which compares the hit rates of
 * successive samples, an {@link AdmissionLearner} checks the contests' close calls against
 * the requests that follow, and its verdicts move one ladder of settings, from the most
 * selective to the most open: bias −15 … −1, 0 (Caffeine's rule), then the window in steps of
 * 6.25 % of `max`. The bias starts at −2 (a candidate must beat the victim's estimate by 3),
 * which favours frequency until the requests say otherwise. *Admit more* raises the bias,
 * or at 0 grows the window; *admit less* shrinks the window toward its floor, or there
 * lowers the bias. A window step shifts entries rather than re-partitioning: a larger window
 * takes the main space's least recent entries (probation's, then protected's) and lowers
 * the protected maximum by as many; a smaller one hands its least recent entries to
 * probation and raises it. So the window stays in [its floor, window + protected at the
 * start] (about 80 % of `max`). A step that cannot be carried out in full is retried after
 * later requests.
 *
 * The learner is blind where keys are reused a few times within a short span and then never
 * again (no contest is close while candidate and victim look alike to the sketch), so an
 * {@link LruAudit} compares the cache with a sampled ghost LRU: when LRU is well ahead, the
 * window grows by two steps, and while it is ahead, *admit less* verdicts are ignored. With
 * the window at its ceiling, the audit instead takes the ladder's last rungs, which only it
 * can reach: bias 1 … 16, from admitting ties to admitting every candidate (a segmented LRU).
 * *Admit less* comes down them first.
 *
 * Flood defence: the sketch counts keys by their hash in the cache's key index
 * ({@link KeyIndex.hashAt}: its tables store it anyway, so a key is hashed once per
 * insertion), which is seeded per instance at random, and a warm candidate (estimate ≥ 6)
 * that loses is still admitted with probability 1/128, so an attacker cannot pin a victim by
 * inflating its counters. What an attacker can steer is the learner, and only along the ladder: at worst a
 * stricter admission or an LRU-like window.
 */
export class TinyLfuPolicy implements SlotPolicy {
  // Placeholders until the constructor sets them (see NO_INT32).
  readonly #max: number = 0
  readonly #lists: SlotLists = NO_LISTS
  readonly #random: () => number = NEVER_RANDOM
  readonly #keys: KeyIndex<unknown> = NO_KEYS
  readonly #blocks: number = 0
  /**
   * {@link NOT_COUNTING} until the cache first fills, then its own sketch. Never
   * `undefined`: a field that goes from `undefined` to an object mid-run changes the
   * object's shape and throws away the compiled code of every hit and insertion.
   */
  #sketch: FrequencySketch = NOT_COUNTING
  /** {@link NOT_LEARNING} until the cache first fills, then its own (as the sketch). */
  #learner: AdmissionLearner = NOT_LEARNING
  /** {@link NOT_AUDITING} until the cache first fills, then its own (as the sketch). */
  #audit: LruAudit = NOT_AUDITING
  /** `#audit.sampleMask`, kept here so that a hit's sample test reads one field. */
  #auditMask = 0
  /**
   * The sketch epoch that the slots' {@link Own.SATURATED} bits refer to: when an increment
   * moves the sketch's past it (a reset), `#increment` clears them all.
   */
  #saturatedEpoch = 1
  /** Admission: a candidate is admitted when its estimate + this beats the victim's. */
  #bias = BIAS_START
  #windowMax = 0
  /** The window's floor (its size at the start). */
  readonly #windowMin: number = 0
  /** A window step of the ladder, in entries. */
  readonly #windowStep: number = 0
  #protectedMax = 0
  /** The pending move of the window boundary (entries, signed). */
  #adjustment = 0
  /** Entries held (all three lists). */
  #count = 0

  /**
   * `keys`: the cache's key index, which hands the sketch each new key's hash
   * ({@link KeyIndex.hashAt}: for most keys the hash it stored anyway). `seed`: of the
   * admission coin (the index's seed is the cache's).
   */
  constructor(max: number, capacity: number, seed: number, keys: KeyIndex<unknown>) {
    this.#max = max
    this.#keys = keys
    this.#lists = new SlotLists(3, capacity)
    this.#blocks = sketchBlocks(max)
    this.#random = mulberry32(seed ^ 0x2545f491)
    this.#windowMax = max - Math.floor(MAIN_SHARE * max)
    this.#windowMin = this.#windowMax
    this.#windowStep = Math.max(1, Math.floor(WINDOW_STEP * max))
    this.#protectedMax = Math.floor(PROTECTED_SHARE * (max - this.#windowMax))
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
    const hash = this.#keys.hashAt(key, i)
    const base = blockBase(hash, this.#blocks)
    const counters = counterHash(hash)
    const lists = this.#lists
    const r = i << Layout.SHIFT
    // Both flags clear; pushHead adds the list.
    lists.records[r | Word.TAG] = base
    lists.records[r | Word.DATA] = counters
    lists.pushHead(Segment.WINDOW, i)
    this.#count++
    // Until the cache is full, what the window pushes out joins probation unopposed.
    if (lists.count[Segment.WINDOW]! > this.#windowMax)
      lists.moveToHead(Segment.PROBATION, lists.tail[Segment.WINDOW]!)
    let sketch = this.#sketch
    if (sketch === NOT_COUNTING && this.#count >= this.#max) sketch = this.#startSketch(i)
    if (sketch !== NOT_COUNTING) {
      this.#increment(sketch, base, counters)
      const learner = this.#learner
      // Verdicts are rare: the test here keeps `#move` out of the common path (see `#move`).
      const won = learner.settleWinner(counters)
      if (won !== Verdict.STAY) this.#move(won)
      const lost = learner.settleLoser(counters)
      if (lost !== Verdict.STAY) this.#move(lost)
      if (((counters >>> 16) & this.#auditMask) === 0 && this.#audit.request(counters, false)) {
        this.#behindLru()
      }
      this.#resize()
    }
  }

  hit(i: number): void {
    this.#touch(i)
    const sketch = this.#sketch
    if (sketch !== NOT_COUNTING) {
      const records = this.#lists.records
      const r = i << Layout.SHIFT
      const tag = records[r | Word.TAG]!
      // The key's fingerprint (its counterHash): read once, for the sketch, the learner and
      // the audit (nothing here changes it; a sketch reset rewrites tags only).
      const fp = records[r | Word.DATA]!
      if ((tag & Own.SATURATED) === 0 && this.#increment(sketch, tag & Own.BASE, fp)) {
        records[r | Word.TAG] = tag | Own.SATURATED
      }
      // Only as a winner: a loser left the cache, and the request that brought it back (an
      // insertion) settled its close call, so a key in the cache has no lost call pending.
      // And only for the key itself, not for one whose fingerprint collides with it.
      if ((tag & Own.WON) !== 0) this.#settleWon(r, fp)
      // The sample test inline (LruAudit.sampled): most hits are not sampled and make no call.
      if (((fp >>> 16) & this.#auditMask) === 0 && this.#audit.request(fp, true)) this.#behindLru()
      this.#resize()
    }
  }

  /** A hit on a key that may have a close call pending that it won (record word `r`). */
  #settleWon(r: number, fp: number): void {
    const records = this.#lists.records
    // Read again: the increment may have reset the sketch, and cleared the saturated bits.
    records[r | Word.TAG] = records[r | Word.TAG]! & ~Own.WON
    const verdict = this.#learner.settleWinner(fp)
    if (verdict !== Verdict.STAY) this.#move(verdict)
  }

  updated(i: number): void {
    this.hit(i)
  }

  removed(i: number): void {
    this.#lists.unlink(i)
    this.#count--
  }

  victim(protect: number, expired: ((i: number) => boolean) | undefined): number {
    const lists = this.#lists
    // The incoming entry will take a window place; if that overflows the window, its
    // least recent entry becomes the candidate for the main space.
    let candidate = Slot.NONE
    if (
      lists.count[Segment.WINDOW]! >= this.#windowMax &&
      lists.tail[Segment.WINDOW] !== Slot.NONE
    ) {
      candidate = lists.tail[Segment.WINDOW]!
      if (candidate === protect) candidate = Slot.NONE
    }
    let victim = lists.tail[Segment.PROBATION]!
    // Usually the victim is probation's tail, and the candidate joins probation (at its head)
    // only if it wins: a candidate that loses leaves from the window, one list move fewer per
    // miss for the same end state. Rarely probation offers no victim but `protect`: then the
    // candidate joins first, and the victim is found among all the entries (possibly the
    // candidate itself).
    const joinedFirst = victim === Slot.NONE || victim === protect
    if (joinedFirst) {
      if (candidate !== Slot.NONE) lists.moveToHead(Segment.PROBATION, candidate)
      victim = this.#fallback(protect)
    }
    if (candidate === Slot.NONE || victim === candidate) return victim
    let loser: number
    if (expired === undefined) loser = this.#contest(candidate, victim)
    else if (expired(candidate)) loser = candidate
    else if (expired(victim)) loser = victim
    else loser = this.#contest(candidate, victim)
    if (!joinedFirst && loser === victim) lists.moveToHead(Segment.PROBATION, candidate)
    return loser
  }

  first(): number {
    const lists = this.#lists
    for (let l = 0; l < 3; l++) if (lists.head[l] !== Slot.NONE) return lists.head[l]!
    return Slot.NONE
  }

  next(i: number): number {
    const lists = this.#lists
    const n = lists.older(i)
    if (n !== Slot.NONE) return n
    for (let l = lists.listOf(i) + 1; l < 3; l++)
      if (lists.head[l] !== Slot.NONE) return lists.head[l]!
    return Slot.NONE
  }

  last(): number {
    const lists = this.#lists
    for (let l = 2; l >= 0; l--) if (lists.tail[l] !== Slot.NONE) return lists.tail[l]!
    return Slot.NONE
  }

  prev(i: number): number {
    const lists = this.#lists
    const p = lists.newer(i)
    if (p !== Slot.NONE) return p
    for (let l = lists.listOf(i) - 1; l >= 0; l--)
      if (lists.tail[l] !== Slot.NONE) return lists.tail[l]!
    return Slot.NONE
  }

  grow(capacity: number): void {
    this.#lists.grow(capacity)
  }

  clear(): void {
    this.#lists.clear()
    this.#count = 0
  }

  /**
   * Allocates the sketch and the learner (the cache has just filled) and counts one request
   * for every entry already in, newest `i` excepted (its own increment follows), so that
   * residents do not start at 0 against newcomers at 1.
   */
  #startSketch(i: number): FrequencySketch {
    const sketch = new FrequencySketch(this.#max)
    this.#sketch = sketch
    this.#learner = new AdmissionLearner(this.#max)
    this.#audit = new LruAudit(this.#max)
    this.#auditMask = this.#audit.sampleMask
    for (let j = this.first(); j !== Slot.NONE; j = this.next(j)) {
      if (j !== i) this.#increment(sketch, this.#baseOf(j), this.#countersOf(j))
    }
    return sketch
  }

  /** Slot `i`'s key's sketch position ({@link blockBase}). */
  #baseOf(i: number): number {
    return this.#lists.records[(i << Layout.SHIFT) | Word.TAG]! & Own.BASE
  }

  /** Slot `i`'s key's {@link counterHash}. */
  #countersOf(i: number): number {
    return this.#lists.records[(i << Layout.SHIFT) | Word.DATA]!
  }

  /**
   * Counts one request for a key ({@link FrequencySketch.incrementAt}: true if its counters
   * are all at 15 now). Every increment goes through here, so that the saturated bits never
   * outlive the epoch they were set in.
   */
  #increment(sketch: FrequencySketch, base: number, counters: number): boolean {
    if (sketch.incrementAt(base, counters)) return true
    if (sketch.epoch !== this.#saturatedEpoch) this.#forgetSaturated(sketch.epoch)
    return false
  }

  /**
   * Clears every slot's {@link Own.SATURATED} bit: the sketch has just been reset (once per
   * `10 × max` increments or more, so a pass over the records costs little per request).
   */
  #forgetSaturated(epoch: number): void {
    const records = this.#lists.records
    for (let w = Word.TAG; w < records.length; w += Layout.STRIDE) {
      records[w] = records[w]! & ~Own.SATURATED
    }
    this.#saturatedEpoch = epoch
  }

  /**
   * The admission contest: returns the loser, to evict (ties keep the victim). A close call
   * (one bias step would have decided it the other way) goes to the learner.
   */
  #contest(candidate: number, victim: number): number {
    const sketch = this.#sketch
    if (sketch === NOT_COUNTING) return victim
    const c = sketch.frequencyAt(this.#baseOf(candidate), this.#countersOf(candidate))
    const v = sketch.frequencyAt(this.#baseOf(victim), this.#countersOf(victim))
    const bias = this.#bias
    const admit = c + bias > v || (c >= WARM && (this.#random() & 127) === 0)
    if (v - c === (admit ? bias - 1 : bias)) this.#closeCall(candidate, victim, admit)
    return admit ? victim : candidate
  }

  /**
   * Hands a close call to the learner and marks its winner (apart from {@link #contest}, which
   * runs on every eviction, so that the JIT can inline that and leave this rarer part out).
   */
  #closeCall(candidate: number, victim: number, admitted: boolean): void {
    const winner = admitted ? candidate : victim
    const loser = admitted ? victim : candidate
    this.#learner.record(this.#countersOf(winner), this.#countersOf(loser), admitted)
    const records = this.#lists.records
    const tag = (winner << Layout.SHIFT) | Word.TAG
    records[tag] = records[tag]! | Own.WON
  }

  /** A victim other than `protect` when probation offers none: protected, then window tails. */
  #fallback(protect: number): number {
    const lists = this.#lists
    for (let k = 0; k < 3; k++) {
      const l = k === 0 ? Segment.PROBATION : k === 1 ? Segment.PROTECTED : Segment.WINDOW
      for (let i = lists.tail[l]!; i !== Slot.NONE; i = lists.newer(i)) if (i !== protect) return i
    }
    return Slot.NONE
  }

  /** The list move of a hit or update (its sketch increment is the caller's). */
  #touch(i: number): void {
    const lists = this.#lists
    const l = lists.listOf(i)
    if (l === Segment.PROBATION) this.#promote(i)
    else lists.moveUp(l, i)
  }

  /** A hit in probation: to protected (whose overflow returns to probation), if it has room. */
  #promote(i: number): void {
    const lists = this.#lists
    if (this.#protectedMax > 0) {
      lists.moveToHead(Segment.PROTECTED, i)
      if (lists.count[Segment.PROTECTED]! > this.#protectedMax) this.#demote()
    } else {
      lists.moveUp(Segment.PROBATION, i)
    }
  }

  /** Protected overflow goes back to the head of probation. */
  #demote(): void {
    const lists = this.#lists
    while (lists.count[Segment.PROTECTED]! > this.#protectedMax) {
      lists.moveToHead(Segment.PROBATION, lists.tail[Segment.PROTECTED]!)
    }
  }

  /** Carries out any pending window move (after a verdict, or left from an earlier one). */
  #resize(): void {
    if (this.#adjustment > 0) this.#growWindow()
    else if (this.#adjustment < 0) this.#shrinkWindow()
  }

  /**
   * One step along the ladder (bias −15 … 0, then the window; *admit less* first takes back a
   * positive bias, which only the audit sets) for a learner's verdict, never
   * {@link Verdict.STAY}: callers test for that first, so that on the requests that bring no
   * verdict (nearly all) the JIT sees this call as cold and spends its inlining budget on the
   * common path instead.
   */
  #move(verdict: number): void {
    if (verdict === Verdict.MORE) {
      if (this.#bias < 0) this.#bias++
      else this.#adjustment = this.#windowStep
    } else if (verdict === Verdict.LESS && !this.#audit.lagging) {
      const above = this.#windowMax - this.#windowMin
      // Down the ladder the way the audit took it up: a positive bias first (it is only ever
      // set with the window at its ceiling), then the window, then the bias below 0.
      if (this.#bias > 0) this.#bias--
      else if (above > 0) this.#adjustment = -Math.min(above, this.#windowStep)
      else this.#bias = Math.max(BIAS_MIN, this.#bias - 1)
    }
  }

  /**
   * The LRU audit found the cache well behind LRU: grow the window by two steps (or by what
   * is still pending, if more), whatever the learner says. With the window at its ceiling
   * (no protected space left to take), raise the bias one step instead, above 0 if need be:
   * at 1 a candidate that ties the victim is admitted, at {@link BIAS_MAX} every one is, and
   * the main space behaves as a segmented LRU. (Reuse distances between the ceiling, about
   * 80 % of `max`, and `max` are caught by LRU and by neither the window nor a frequency
   * contest that cold keys tie.)
   */
  #behindLru(): void {
    if (this.#protectedMax > 0) {
      this.#adjustment = Math.max(this.#adjustment, 2 * this.#windowStep)
    } else {
      this.#bias = Math.min(BIAS_MAX, this.#bias + 1)
    }
  }

  /** Moves up to `adjustment` of the main space's least recent entries into the window. */
  #growWindow(): void {
    // At the bound nothing can move until the next verdict sets a new adjustment, so drop
    // it: left pending, it would be retried on every request until then.
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
      let i = lists.tail[Segment.PROBATION]!
      if (i === Slot.NONE) i = lists.tail[Segment.PROTECTED]!
      if (i === Slot.NONE) break
      lists.moveToHead(Segment.WINDOW, i)
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
      const i = lists.tail[Segment.WINDOW]!
      if (i === Slot.NONE) break
      lists.moveToHead(Segment.PROBATION, i)
      quota--
    }
    this.#protectedMax -= quota
    this.#windowMax += quota
    this.#adjustment = -quota
  }
}
