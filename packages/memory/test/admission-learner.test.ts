import { describe, expect, it } from 'vitest'
import { AdmissionLearner, Verdict } from '../src/policy/admission-learner.js'

/** Distinct fingerprints, spread over the learner's buckets. */
const fp = (n: number) => Math.imul(n + 1, 0x9e3779b1) | 0

/** The verdicts of 8 wrong refusals in a row: nothing until the 8th, which says admit more. */
const SEVEN_STAYS_THEN_MORE = [...Array<number>(7).fill(Verdict.STAY), Verdict.MORE]

describe('AdmissionLearner', () => {
  it('8 net wrong refusals (the refused candidate asked for first) say admit more', () => {
    const learner = new AdmissionLearner(1000)
    const verdicts: number[] = []
    for (let n = 0; n < 8; n++) {
      // Refused: the victim (winner) stayed, the candidate (loser) left, then came back first.
      learner.record(fp(2 * n), fp(2 * n + 1), false)
      verdicts.push(learner.settleLoser(fp(2 * n + 1)))
    }
    expect(verdicts).toEqual(SEVEN_STAYS_THEN_MORE)
  })

  it('8 net wrong admissions (the evicted victim asked for first) say admit less', () => {
    const learner = new AdmissionLearner(1000)
    let verdict = Verdict.STAY
    for (let n = 0; n < 8; n++) {
      learner.record(fp(2 * n), fp(2 * n + 1), true)
      verdict = learner.settleLoser(fp(2 * n + 1))
    }
    expect(verdict).toBe(Verdict.LESS)
  })

  it('right calls offset wrong ones, and at most 8 of them count (no banked credit)', () => {
    const learner = new AdmissionLearner(1000)
    let n = 0
    const decide = (wrong: boolean) => {
      learner.record(fp(2 * n), fp(2 * n + 1), false)
      const v = wrong ? learner.settleLoser(fp(2 * n + 1)) : learner.settleWinner(fp(2 * n))
      n++
      return v
    }
    for (let i = 0; i < 20; i++) expect(decide(false)).toBe(Verdict.STAY)
    // 20 right calls bank only 8: 16 wrong ones then make a verdict, not 28.
    const after = Array.from({ length: 16 }, () => decide(true))
    expect(after.indexOf(Verdict.MORE)).toBe(15)
  })

  it('settles a decision once, by whichever of its two keys is asked for first', () => {
    const learner = new AdmissionLearner(1000)
    for (let n = 0; n < 8; n++) {
      learner.record(fp(2 * n), fp(2 * n + 1), false)
      // The winner first: right. Its loser coming back later no longer counts as wrong.
      expect(learner.settleWinner(fp(2 * n))).toBe(Verdict.STAY)
      expect(learner.settleLoser(fp(2 * n + 1))).toBe(Verdict.STAY)
      // Nor does the winner twice.
      expect(learner.settleWinner(fp(2 * n))).toBe(Verdict.STAY)
    }
    // 8 right calls and nothing else: still no verdict after 8 wrong ones... until the 16th.
    const verdicts: number[] = []
    for (let n = 100; n < 116; n++) {
      learner.record(fp(2 * n), fp(2 * n + 1), false)
      verdicts.push(learner.settleLoser(fp(2 * n + 1)))
    }
    expect(verdicts.indexOf(Verdict.MORE)).toBe(15)
  })

  it('forgets the oldest decision when its ring (max(128, max / 8) decisions) wraps', () => {
    const learner = new AdmissionLearner(0)
    for (let n = 0; n < 129; n++) learner.record(fp(2 * n), fp(2 * n + 1), false)
    // Decision 0 was overwritten by decision 128: its loser no longer settles anything.
    expect(learner.settleLoser(fp(1))).toBe(Verdict.STAY)
    // Decisions 1…8 are still there: their losers coming back make the verdict at the 8th.
    const verdicts = [3, 5, 7, 9, 11, 13, 15, 17].map((l) => learner.settleLoser(fp(l)))
    expect(verdicts).toEqual(SEVEN_STAYS_THEN_MORE)
  })

  it('keeps 3 to 5 bytes per entry of max (128 decisions at least)', () => {
    expect(new AdmissionLearner(8).byteLength).toBe(128 * 9 + 2 * 256 * 4)
    const big = new AdmissionLearner(1 << 20)
    expect(big.byteLength / (1 << 20)).toBeGreaterThanOrEqual(3)
    expect(big.byteLength / (1 << 20)).toBeLessThanOrEqual(5.2)
  })
})
