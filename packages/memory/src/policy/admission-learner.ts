import { NO_INT32, NO_UINT8 } from '../placeholders.js'

/**
 * {@link AdmissionLearner}'s verdicts: admit more, admit less, or no change yet (an enum,
 * which the build writes as numbers where used: see `Slot`).
 */
export enum Verdict {
  LESS = -1,
  STAY = 0,
  MORE = 1,
}

/** A decision's two sides: the word of each in a bucket of the interleaved table. */
enum Side {
  WINNER = 0,
  LOSER = 1,
}

/** Net wrong decisions (wrong minus right) of one kind that make a verdict. */
const VERDICT = 8
/** Fewest decisions remembered, whatever the cache's size. */
const MIN_RECORDS = 128
/** Decisions remembered per entry of `max` beyond that. */
const RECORDS_PER_ENTRY = 1 / 8

/**
 * Learns whether W-TinyLFU's admission contest should let more or fewer candidates in, by
 * checking its own close calls against what happened next.
 *
 * A *close call* is a contest that one step of the admission bias would have decided the
 * other way. The policy {@link record}s each one: the *winner* (the entry that stayed) and the
 * *loser* (the entry that left), by key fingerprint. Whichever of the two is requested first
 * settles it, as Belady's optimal policy would have judged it: the loser first means the
 * decision was wrong (keeping the loser would have given a hit), the winner first means it
 * was right. Wrong refusals minus right ones reaching {@link VERDICT} say *admit more*;
 * wrong admissions minus right ones reaching it say *admit less*. Each tally is floored at
 * −{@link VERDICT} (a long run of right calls does not bank credit) and both restart after a
 * verdict. The outcome depends on the requests alone, not on the cache's state, so a trend in
 * the hit rate (a cache still warming up, a workload changing) cannot mislead it.
 *
 * Memory: `max(128, max / 8)` decisions in a ring (the oldest is forgotten), and two
 * direct-mapped tables from fingerprint to decision, one for winners and one for losers (a
 * later decision with a colliding fingerprint displaces an earlier one, which then cannot be
 * settled): 3 to 5 bytes per entry of `max`. Work: a table probe per hit, two per insertion
 * (in one cache line), a ring write per close call.
 */
export class AdmissionLearner {
  // Placeholders until the constructor sets them (see NO_INT32).
  readonly #winners: Int32Array = NO_INT32
  readonly #losers: Int32Array = NO_INT32
  readonly #admitted: Uint8Array = NO_UINT8
  /**
   * The two tables, interleaved: for fingerprint bucket `b`, word `2b` holds the winner's
   * decision index + 1 (0: none) and word `2b + 1` the loser's. An insertion probes both
   * sides for its key; side by side they share a cache line, where two arrays took two
   * (each a likely cache miss in a large cache: the tables are then bigger than L2).
   */
  readonly #bySide: Int32Array = NO_INT32
  readonly #mask: number = 0
  #next = 0
  /** Wrong refusals minus right ones since the last verdict (≥ −VERDICT). */
  #refusals = 0
  /** Wrong admissions minus right ones since the last verdict (≥ −VERDICT). */
  #admissions = 0

  constructor(max: number) {
    const records = Math.max(MIN_RECORDS, Math.floor(max * RECORDS_PER_ENTRY))
    this.#winners = new Int32Array(records)
    this.#losers = new Int32Array(records)
    this.#admitted = new Uint8Array(records)
    let buckets = 1
    while (buckets < 2 * records) buckets *= 2
    this.#bySide = new Int32Array(2 * buckets)
    this.#mask = buckets - 1
  }

  /** Bytes of its arrays. */
  get byteLength(): number {
    return (
      this.#winners.byteLength +
      this.#losers.byteLength +
      this.#admitted.byteLength +
      this.#bySide.byteLength
    )
  }

  /**
   * Remembers a close call between the fingerprints `winner` (stayed) and `loser` (left);
   * `admitted`: the candidate won. Overwrites the oldest decision once the ring is full.
   */
  record(winner: number, loser: number, admitted: boolean): void {
    const r = this.#next
    this.#next = r + 1 === this.#winners.length ? 0 : r + 1
    const mask = this.#mask
    const bySide = this.#bySide
    // The decision this one replaces can no longer be settled.
    const oldWinner = ((this.#winners[r]! & mask) << 1) | Side.WINNER
    if (bySide[oldWinner] === r + 1) bySide[oldWinner] = 0
    const oldLoser = ((this.#losers[r]! & mask) << 1) | Side.LOSER
    if (bySide[oldLoser] === r + 1) bySide[oldLoser] = 0
    this.#winners[r] = winner
    this.#losers[r] = loser
    this.#admitted[r] = admitted ? 1 : 0
    bySide[((winner & mask) << 1) | Side.WINNER] = r + 1
    bySide[((loser & mask) << 1) | Side.LOSER] = r + 1
  }

  /**
   * A request for the key of fingerprint `fp`, as a winner: settles (as right) the decision
   * it won, if one is pending. For a key that is not in the cache, call {@link settleLoser}
   * right after it (a key in the cache has no lost decision pending: losers leave).
   */
  settleWinner(fp: number): number {
    return this.#settle(fp, Side.WINNER, this.#winners, this.#losers)
  }

  /** The same request as a loser: settles (as wrong) the decision it lost, if one is pending. */
  settleLoser(fp: number): number {
    return this.#settle(fp, Side.LOSER, this.#losers, this.#winners)
  }

  /**
   * Settles the pending decision that `fp` took part in as `side` (`fps`: that side's
   * fingerprints, `others`: the other side's), if any, and unlinks it from the other side's
   * table too. Settled as a loser, the decision was wrong.
   */
  #settle(fp: number, side: Side, fps: Int32Array, others: Int32Array): number {
    const bySide = this.#bySide
    const b = ((fp & this.#mask) << 1) | side
    const r = bySide[b]! - 1
    if (r < 0 || fps[r] !== fp) return Verdict.STAY
    bySide[b] = 0
    const o = ((others[r]! & this.#mask) << 1) | (side ^ 1)
    // Settled already from the other side, or displaced there: nothing to learn.
    if (bySide[o] !== r + 1) return Verdict.STAY
    bySide[o] = 0
    return this.#tally(this.#admitted[r] === 1, side === Side.LOSER)
  }

  #tally(admitted: boolean, wrong: boolean): number {
    if (admitted) {
      this.#admissions += wrong ? 1 : -1
      if (this.#admissions >= VERDICT) return this.#verdict(Verdict.LESS)
      if (this.#admissions < -VERDICT) this.#admissions = -VERDICT
    } else {
      this.#refusals += wrong ? 1 : -1
      if (this.#refusals >= VERDICT) return this.#verdict(Verdict.MORE)
      if (this.#refusals < -VERDICT) this.#refusals = -VERDICT
    }
    return Verdict.STAY
  }

  #verdict(v: number): number {
    this.#refusals = 0
    this.#admissions = 0
    return v
  }
}
