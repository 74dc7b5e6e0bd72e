/**
 * {@link AdmissionLearner}'s verdicts: admit more, admit less, or no change yet (an enum,
 * which the build writes as numbers where used: see `Slot`).
 */
export enum Verdict {
  LESS = -1,
  STAY = 0,
  MORE = 1,
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
 * direct-mapped tables from fingerprint to decision (a later decision with a colliding
 * fingerprint displaces an earlier one, which then cannot be settled): 3 to 5 bytes per entry
 * of `max`. Work: a table probe per hit, two per insertion, a ring write per close call.
 */
export class AdmissionLearner {
  readonly #winners: Int32Array
  readonly #losers: Int32Array
  readonly #admitted: Uint8Array
  /** Fingerprint bucket → decision index + 1 (0: none), for winners and for losers. */
  readonly #byWinner: Int32Array
  readonly #byLoser: Int32Array
  readonly #mask: number
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
    this.#byWinner = new Int32Array(buckets)
    this.#byLoser = new Int32Array(buckets)
    this.#mask = buckets - 1
  }

  /** Bytes of its arrays. */
  get byteLength(): number {
    return (
      this.#winners.byteLength +
      this.#losers.byteLength +
      this.#admitted.byteLength +
      this.#byWinner.byteLength +
      this.#byLoser.byteLength
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
    // The decision this one replaces can no longer be settled.
    const oldWinner = this.#winners[r]! & mask
    if (this.#byWinner[oldWinner] === r + 1) this.#byWinner[oldWinner] = 0
    const oldLoser = this.#losers[r]! & mask
    if (this.#byLoser[oldLoser] === r + 1) this.#byLoser[oldLoser] = 0
    this.#winners[r] = winner
    this.#losers[r] = loser
    this.#admitted[r] = admitted ? 1 : 0
    this.#byWinner[winner & mask] = r + 1
    this.#byLoser[loser & mask] = r + 1
  }

  /**
   * A request for the key of fingerprint `fp`, as a winner: settles (as right) the decision
   * it won, if one is pending. For a key that is not in the cache, call {@link settleLoser}
   * right after it (a key in the cache has no lost decision pending: losers leave).
   */
  settleWinner(fp: number): number {
    return this.#settle(fp, this.#byWinner, this.#winners, this.#byLoser, this.#losers, false)
  }

  /** The same request as a loser: settles (as wrong) the decision it lost, if one is pending. */
  settleLoser(fp: number): number {
    return this.#settle(fp, this.#byLoser, this.#losers, this.#byWinner, this.#winners, true)
  }

  /**
   * Settles the pending decision that `fp` took part in on one side (`side`: its fingerprints,
   * `bySide`: their table), if any, and unlinks it from the other side's table too.
   */
  #settle(
    fp: number,
    bySide: Int32Array,
    side: Int32Array,
    byOther: Int32Array,
    other: Int32Array,
    wrong: boolean,
  ): number {
    const b = fp & this.#mask
    const r = bySide[b]! - 1
    if (r < 0 || side[r] !== fp) return Verdict.STAY
    bySide[b] = 0
    const o = other[r]! & this.#mask
    // Settled already from the other side, or displaced there: nothing to learn.
    if (byOther[o] !== r + 1) return Verdict.STAY
    byOther[o] = 0
    return this.#tally(this.#admitted[r] === 1, wrong)
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
