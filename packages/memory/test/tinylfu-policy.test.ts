import { ManualClock } from '@warp/core'
import { describe, expect, it } from 'vitest'
import { SieveCache, type SieveDisposeReason } from '../src/index.js'
import { TinyLfuPolicy } from '../src/policy/tinylfu-policy.js'

describe("policy 'tinylfu'", () => {
  it('allocates its sketch when the cache first fills, at most 8 bytes per entry of max', () => {
    for (const max of [1, 7, 100, 1000, 1025, 4096]) {
      const policy = new TinyLfuPolicy(max, max, 1)
      for (let i = 0; i < max - 1; i++) policy.added(i, i)
      expect(policy.sketchBytes).toBe(0)
      policy.added(max - 1, max - 1)
      expect(policy.sketchBytes).toBeGreaterThan(0)
      expect(policy.sketchBytes).toBeLessThanOrEqual(Math.max(32, 8 * max))
    }
  })

  it('disposes a candidate refused by admission with reason evict, and never overfills', () => {
    const events: [number, SieveDisposeReason][] = []
    const cache = new SieveCache<number, number>({
      max: 50,
      policy: 'tinylfu',
      seed: 9,
      dispose: (_v, k, r) => events.push([k, r]),
    })
    // Make 0..49 popular, then stream one-hit keys: most of them must be refused.
    for (let round = 0; round < 5; round++)
      for (let k = 0; k < 50; k++) cache.get(k) ?? cache.set(k, k)
    for (let k = 1000; k < 1200; k++) {
      cache.set(k, k)
      expect(cache.size).toBeLessThanOrEqual(50)
    }
    const refused = events.filter(([k]) => k >= 1000)
    expect(refused.length).toBeGreaterThan(100)
    expect(refused.every(([, r]) => r === 'evict')).toBe(true)
    let popular = 0
    for (let k = 0; k < 50; k++) if (cache.has(k)) popular++
    expect(popular).toBeGreaterThan(40)
  })

  it('removes an expired candidate or victim before any admission contest', () => {
    const clock = new ManualClock()
    const events: [number, SieveDisposeReason][] = []
    const cache = new SieveCache<number, number>({
      max: 20,
      policy: 'tinylfu',
      seed: 5,
      perf: clock,
      dispose: (_v, k, r) => events.push([k, r]),
    })
    for (let k = 0; k < 20; k++) cache.set(k, k, { ttl: 10 })
    clock.advance(11)
    for (let k = 100; k < 120; k++) cache.set(k, k)
    const old = events.filter(([k]) => k < 20)
    expect(old.length).toBeGreaterThan(0)
    expect(old.every(([, r]) => r === 'expire')).toBe(true)
  })

  it('two instances without a seed hash differently (per-instance random seed)', () => {
    let same = 0
    for (let trial = 0; trial < 20; trial++) {
      const a = new SieveCache<number, number>({ max: 64, policy: 'tinylfu' })
      const b = new SieveCache<number, number>({ max: 64, policy: 'tinylfu' })
      if (order(a) === order(b)) same++
    }
    // Equal orders need every admission contest to agree; a fixed or shared seed would make
    // all 20 pairs equal.
    expect(same).toBeLessThan(20)
  })
})

function order(c: SieveCache<number, number>): string {
  for (let r = 0; r < 3; r++) for (let k = 0; k < 200; k++) c.get(k % 97) ?? c.set(k % 97, k)
  for (let k = 0; k < 400; k++) c.get(k) ?? c.set(k, k)
  return [...c.keys()].join(',')
}
