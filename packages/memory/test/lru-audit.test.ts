import { describe, expect, it } from 'vitest'
import { LruAudit } from '../src/policy/lru-audit.js'

/** Distinct fingerprints (n < 2^16) whose bits 16 and up are 0, so every sample rate takes them. */
const sampledFp = (n: number) => n & 0xffff

/**
 * Feeds `requests` sampled requests that cycle over `distinct` fingerprints, each counted as a
 * cache hit when `ownHit` is true; returns what the last request said.
 */
function period(audit: LruAudit, requests: number, distinct: number, ownHit: boolean): boolean {
  let said = false
  for (let n = 0; n < requests; n++) {
    const fp = sampledFp(n % distinct)
    expect(audit.sampled(fp)).toBe(true)
    said = audit.request(fp, ownHit)
  }
  return said
}

/**
 * One audit of 1,000 sampled requests at max 60 in which the ghost hits `ghostHits` times and
 * the cache never: one key asked for `ghostHits + 1` times in a row, then keys never seen
 * before (fresh ones on every call). Returns what the audit said at its end.
 */
let fresh = 0
function lagBy(audit: LruAudit, ghostHits: number): boolean {
  const repeated = sampledFp(fresh++)
  let said = false
  for (let n = 0; n <= ghostHits; n++) said = audit.request(repeated, false)
  for (let n = ghostHits + 1; n < 1000; n++) said = audit.request(sampledFp(fresh++), false)
  return said
}

describe('LruAudit', () => {
  it('says the cache is behind when a ghost LRU of max entries hits where the cache missed', () => {
    // max 60: every key is sampled, the ghost holds 60, and an audit spans 1,000 requests.
    const audit = new LruAudit(60)
    // 30 keys in a loop: LRU of 60 hits on all but the first pass; the cache never hits.
    expect(period(audit, 999, 30, false)).toBe(false)
    expect(audit.lagging).toBe(false)
    expect(audit.request(sampledFp(999 % 30), false)).toBe(true)
    expect(audit.lagging).toBe(true)
  })

  it('is not behind when the cache hits as often as the ghost', () => {
    const audit = new LruAudit(60)
    expect(period(audit, 1000, 30, true)).toBe(false)
    expect(audit.lagging).toBe(false)
  })

  it('replays exact LRU: a loop one key longer than the ghost never hits in it', () => {
    // 61 keys through an LRU of 60 miss every time, so the cache (never hitting) is level.
    const audit = new LruAudit(60)
    expect(period(audit, 1000, 61, false)).toBe(false)
    expect(audit.lagging).toBe(false)
    // And 60 keys fit: after the first pass every request hits the ghost.
    const fits = new LruAudit(60)
    expect(period(fits, 1000, 60, false)).toBe(true)
  })

  it('grows on a lag of 3–10 % only when the audit before found one too, on a larger one at once', () => {
    // 5 %: the first audit holds (verdicts to admit less are ignored) but does not grow.
    const twice = new LruAudit(60)
    expect(lagBy(twice, 50)).toBe(false)
    expect(twice.lagging).toBe(true)
    expect(lagBy(twice, 50)).toBe(true)
    // A level audit between two such lags: neither grows.
    const apart = new LruAudit(60)
    expect(lagBy(apart, 50)).toBe(false)
    expect(lagBy(apart, 0)).toBe(false)
    expect(apart.lagging).toBe(false)
    expect(lagBy(apart, 50)).toBe(false)
    // 15 %: at once. 3 % exactly is not a lag above 3 %.
    expect(lagBy(new LruAudit(60), 150)).toBe(true)
    const edge = new LruAudit(60)
    expect(lagBy(edge, 30)).toBe(false)
    expect(lagBy(edge, 30)).toBe(false)
  })

  it('judges each audit afresh: behind, then level again, clears the flag', () => {
    const audit = new LruAudit(60)
    expect(period(audit, 1000, 30, false)).toBe(true)
    expect(period(audit, 1000, 30, true)).toBe(false)
    expect(audit.lagging).toBe(false)
  })

  it('samples 1 key in 128 at max 4096: a ghost of 32 entries, audits of 250 sampled requests', () => {
    const audit = new LruAudit(4096)
    // The sample is decided by bits 16 and up of the fingerprint.
    expect(audit.sampled(1 << 16)).toBe(false)
    expect(audit.sampled(1 << 22)).toBe(false)
    expect(audit.sampled((1 << 23) | 0xffff)).toBe(true)
    // 32 sampled keys in a loop fit the ghost; 33 do not.
    expect(period(new LruAudit(4096), 250, 32, false)).toBe(true)
    expect(period(new LruAudit(4096), 250, 33, false)).toBe(false)
    // max(250, 2 × 4096 / 128 = 64) sampled requests: one short of it says nothing yet.
    expect(period(audit, 249, 20, false)).toBe(false)
    expect(audit.request(sampledFp(0), false)).toBe(true)
  })

  it('spans 2 × max requests for a large max: 2 × max / sample sampled requests', () => {
    // max 2^20: sample 2^15 (32 ghost entries), 2^21 requests = 64 sampled ones… but at least 250.
    const audit = new LruAudit(2 ** 20)
    expect(period(audit, 249, 10, false)).toBe(false)
    expect(audit.request(sampledFp(0), false)).toBe(true)
    // max 60 (sample 1): max(1000, 120) = 1,000 sampled requests.
    const small = new LruAudit(60)
    expect(period(small, 999, 10, false)).toBe(false)
    expect(small.request(sampledFp(0), false)).toBe(true)
  })

  it('takes a bounded number of bytes: 16 per ghost entry (at most 63 of them) plus the table', () => {
    expect(new LruAudit(60).byteLength).toBe(4 * (4 * 60 + 64))
    expect(new LruAudit(4096).byteLength).toBe(4 * (4 * 32 + 32))
    for (const max of [63, 127, 1023, 1_000_000, 2 ** 30]) {
      expect(new LruAudit(max).byteLength).toBeLessThanOrEqual(4 * (4 * 63 + 64))
    }
  })
})
