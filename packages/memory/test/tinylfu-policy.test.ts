import { ManualClock } from '@warp/core'
import { describe, expect, it } from 'vitest'
import { SieveCache, type SieveDisposeReason } from '../src/index.js'
import { KeyIndex } from '../src/key-index.js'
import {
  blockBase,
  counterHash,
  FrequencySketch,
  sketchBlocks,
} from '../src/policy/frequency-sketch.js'
import { TinyLfuPolicy } from '../src/policy/tinylfu-policy.js'
import { Slot } from '../src/slot.js'
import { zipfTrace } from './support/zipf.js'

describe("policy 'tinylfu'", () => {
  it('allocates its sketch when the cache first fills: 8 bytes per entry of max, at least 2 KiB', () => {
    for (const max of [1, 7, 8, 100, 255, 256, 1000, 1025, 4096]) {
      const { policy, index } = bare(max, 1)
      for (let i = 0; i < max - 1; i++) {
        index.set(i, i)
        policy.added(i, i)
      }
      expect(policy.sketchBytes).toBe(0)
      index.set(max - 1, max - 1)
      policy.added(max - 1, max - 1)
      // 64-byte blocks, floor(max / 8) of them, never fewer than 32.
      expect(policy.sketchBytes).toBe(64 * Math.max(32, Math.floor(max / 8)))
      expect(policy.sketchBytes).toBeLessThanOrEqual(Math.max(2048, 8 * max))
    }
  })

  it('starts with a window of max − floor(0.99 × max) and protected at 80 % of the rest', () => {
    for (const [max, window, prot] of [
      [1, 1, 0],
      [2, 1, 0],
      [16, 1, 12],
      [100, 1, 79],
      [1000, 10, 792],
      [2000, 20, 1584],
    ] as const) {
      const { policy } = bare(max, 1)
      expect([policy.windowMax, policy.protectedMax]).toEqual([window, prot])
    }
  })

  it('resizes the window by shifting: window + protected maximum stays constant, window ≥ 1', () => {
    const max = 200
    const { policy, index } = bare(max, 3)
    const total = policy.windowMax + policy.protectedMax
    const seen = new Set<number>()
    // A sliding working set (recency wins), then a Zipf phase (frequency wins).
    const sliding = Array.from({ length: 100_000 }, (_, j) => (j % 150) + Math.floor(j / 50))
    const trace = sliding.concat(zipfTrace(4000, 1, 100_000, 7).map((k) => k + 1e6))
    let broken = 0
    drive(policy, index, max, trace, () => {
      if (policy.windowMax + policy.protectedMax !== total || policy.windowMax < 1) broken++
      seen.add(policy.windowMax)
    })
    expect(broken).toBe(0)
    expect(seen.size).toBeGreaterThan(2)
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

  it('flood defence: warm candidates that lose on frequency still get in, at random (1 contest in 128)', () => {
    // An attacker keeps every key in the cache hot and sends warm keys (6 requests each, the
    // threshold) that lose on frequency; without the random admission none would get in.
    const cache = new SieveCache<number, number>({ max: 64, policy: 'tinylfu', seed: 11 })
    for (let k = 0; k < 64; k++) cache.set(k, k)
    const rounds = 6000
    let admitted = 0
    for (let round = 0; round < rounds; round++) {
      for (const k of [...cache.keys()]) for (let n = 0; n < 3; n++) cache.get(k)
      // The previous round's warm key has just met its contest (as this round's key arrived).
      const warm = 1000 + round
      cache.set(warm, warm)
      if (round > 0 && cache.has(warm - 1)) admitted++
      for (let hit = 0; hit < 5; hit++) cache.get(warm)
    }
    console.log(`[memory] flood: ${admitted} of ${rounds - 1} warm candidates admitted`)
    // At most 6000 / 128 ≈ 47 (fewer: a sketch reset between a warm key's requests and its
    // contest can cool it below 6): 19 here, and 3 with the random admission taken out (those
    // win on frequency, against a victim just halved); nearly all if the coin were not rare.
    expect(admitted).toBeGreaterThanOrEqual(10)
    expect(admitted).toBeLessThanOrEqual(120)
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

  it('string keys, short and long, are counted as well as int keys (the sketch hash spreads them)', () => {
    // A hash that spread strings badly would merge their counters: every candidate would then
    // look as frequent as its victim, and admission (or the hit ratio) would collapse.
    const trace = zipfTrace(20_000, 0.9, 200_000, 11)
    const hitsOf = <K>(key: (id: number) => K): number => {
      const c = new SieveCache<K, number>({ max: 500, policy: 'tinylfu', seed: 5 })
      let hits = 0
      for (const id of trace) {
        const k = key(id)
        if (c.get(k) !== undefined) hits++
        else c.set(k, id)
      }
      return hits
    }
    const ints = hitsOf((id) => id)
    const lru = (() => {
      const c = new SieveCache<number, number>({ max: 500, policy: 'lru' })
      let hits = 0
      for (const id of trace) {
        if (c.get(id) !== undefined) hits++
        else c.set(id, id)
      }
      return hits
    })()
    // On this Zipf stream frequency wins clearly over recency.
    expect(ints).toBeGreaterThan(lru * 1.1)
    for (const key of [(id: number) => `k${id}`, (id: number) => `/api/v1/users/${id}/profile`]) {
      const hits = hitsOf(key)
      expect(Math.abs(hits - ints)).toBeLessThan(ints * 0.02)
    }
  })

  it('keeps within 3 points of LRU where keys are reused a few times within a short span (the LRU audit)', () => {
    // A ledger-like stream: every key is requested three times, 5–15 new keys apart, and
    // never again. Frequency says nothing here (every candidate and victim look alike), so the
    // admission learner hears of almost no close call; LRU hits on every reuse.
    const seed = 7
    console.log(`[memory] reuse-burst stream seed ${seed}`)
    const keys = reuseBursts(40_000, seed)
    for (const max of [64, 100, 256]) {
      const hits = (policy: 'lru' | 'tinylfu') => {
        const c = new SieveCache<number, number>({ max, policy, seed: 1 })
        let n = 0
        for (const k of keys) {
          if (c.get(k) !== undefined) n++
          else c.set(k, k)
        }
        return (100 * n) / keys.length
      }
      const lru = hits('lru')
      expect(lru).toBeGreaterThan(60)
      expect(hits('tinylfu')).toBeGreaterThanOrEqual(lru - 3)
    }
  })

  it('keeps within 3 points of LRU where keys are reused just beyond the ceiling of the window (the audit raises the bias)', () => {
    // Every key is requested twice, with 84–94 % of `max` other keys between: LRU hits every
    // repeat, while a window at its ceiling (about 80 % of `max`) hits none, and the
    // candidates tie their victims in the sketch, so only admitting ties (a positive bias)
    // keeps them. The audit needs some requests to climb there: the second half is judged.
    const seed = 7
    console.log(`[memory] far-reuse stream seed ${seed}`)
    for (const max of [40, 100, 256]) {
      const keys = farReuse(60_000, max, seed)
      const secondHalf = (policy: 'lru' | 'tinylfu') => {
        const c = new SieveCache<number, number>({ max, policy, seed: 1 })
        let n = 0
        for (let j = 0; j < keys.length; j++) {
          const k = keys[j]!
          if (c.get(k) !== undefined) {
            if (j >= keys.length / 2) n++
          } else c.set(k, k)
        }
        return (200 * n) / keys.length
      }
      const lru = secondHalf('lru')
      expect(lru).toBeGreaterThan(45)
      expect(secondHalf('tinylfu'), `max ${max}`).toBeGreaterThanOrEqual(lru - 3)
    }
  })
})

/**
 * `n` keys, each requested at its arrival and once more, `max × (0.42 … 0.47)` arrivals later
 * (seeded LCG), merged by time: about twice as many other keys lie between the two requests
 * (the arrivals and the repeats), 84–94 % of `max`.
 */
function farReuse(n: number, max: number, seed: number): number[] {
  let x = seed >>> 0
  const random = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    return x / 2 ** 32
  }
  const events: [number, number][] = []
  for (let k = 0; k < n; k++) events.push([k, k], [k + max * (0.42 + 0.05 * random()), k])
  events.sort((a, b) => a[0] - b[0])
  return events.map((e) => e[1])
}

/**
 * `n` keys, each requested at its arrival and twice more, each time 5–15 arrivals later
 * (seeded LCG), merged by time.
 */
function reuseBursts(n: number, seed: number): number[] {
  let x = seed >>> 0
  const random = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    return x / 2 ** 32
  }
  const events: [number, number][] = []
  for (let k = 0; k < n; k++) {
    const second = k + 5 + 10 * random()
    events.push([k, k], [second, k], [second + 5 + 10 * random(), k])
  }
  events.sort((a, b) => a[0] - b[0])
  return events.map((e) => e[1])
}

function order(c: SieveCache<number, number>): string {
  for (let r = 0; r < 3; r++) for (let k = 0; k < 200; k++) c.get(k % 97) ?? c.set(k % 97, k)
  for (let k = 0; k < 400; k++) c.get(k) ?? c.set(k, k)
  return [...c.keys()].join(',')
}

/** A bare policy of `max` slots (admission coin seeded by `seed`) and its key index. */
function bare(max: number, seed: number): { policy: TinyLfuPolicy; index: KeyIndex<unknown> } {
  const index = new KeyIndex<unknown>()
  return { policy: new TinyLfuPolicy(max, max, seed, index), index }
}

/** Replays `keys` on a bare policy as a cache of `max` slots would; `check` after each. */
function drive(
  policy: TinyLfuPolicy,
  index: KeyIndex<unknown>,
  max: number,
  keys: number[],
  check: () => void,
): void {
  const keyOf: number[] = []
  for (const k of keys) {
    const slot = index.get(k)
    if (slot !== Slot.ABSENT) policy.hit(slot)
    else {
      let i = index.size
      if (i === max) {
        i = policy.victim(Slot.NONE, undefined)
        policy.removed(i)
        index.deleteAt(keyOf[i]!, i)
      }
      keyOf[i] = k
      index.set(k, i)
      policy.added(i, k)
    }
    check()
  }
}

describe('FrequencySketch', () => {
  it('says when a key is saturated (all four counters at 15) until the next reset', () => {
    const sketch = new FrequencySketch(16)
    const hash = 0xabcdef
    for (let j = 1; j < 15; j++)
      expect(sketch.incrementAt(blockBase(hash, sketchBlocks(16)), counterHash(hash))).toBe(false)
    expect(sketch.incrementAt(blockBase(hash, sketchBlocks(16)), counterHash(hash))).toBe(true)
    expect(sketch.frequency(hash)).toBe(15)
    const epoch = sketch.epoch
    // Still saturated, and incrementing it again counts nothing towards the sample.
    const size = sketch.size
    expect(sketch.incrementAt(blockBase(hash, sketchBlocks(16)), counterHash(hash))).toBe(true)
    expect(sketch.size).toBe(size)
    // Other keys until the reset halves every counter: a new epoch, no longer saturated.
    for (let k = 1; sketch.epoch === epoch; k++) sketch.increment(Math.imul(k, 0x9e3779b1) >>> 0)
    expect(sketch.epoch).toBe(epoch + 1)
    expect(sketch.frequency(hash)).toBeLessThanOrEqual(8)
    expect(sketch.incrementAt(blockBase(hash, sketchBlocks(16)), counterHash(hash))).toBe(false)
  })

  // 10 × max increments, or 1,280 when that is more (small caches get a longer history).
  for (const [max, sample] of [
    [16, 1280],
    [128, 1280],
    [512, 5120],
  ] as const) {
    it(`max ${max}: halves every counter after ${sample} increments, with the odd-counter correction`, () => {
      const sketch = new FrequencySketch(max)
      for (let j = 0; j < 7; j++) sketch.increment(12345)
      expect(sketch.frequency(12345)).toBe(7)
      // Distinct hashes until the sample-th increment resets the sketch (the count drops).
      let before = sketch.frequency(12345)
      let increments = 0
      for (let k = 1, size = sketch.size; sketch.size >= size; k++) {
        before = sketch.frequency(12345)
        size = sketch.size
        sketch.increment(Math.imul(k, 0x9e3779b1) >>> 0)
        increments++
      }
      // Every distinct hash raised a counter here (none of its four was at 15), so the reset
      // came on exactly the sample-th increment that raised one: the 7 first, then these.
      expect(7 + increments).toBe(sample)
      // Halved: the last increment may have raised one of its counters first.
      expect([before >> 1, (before + 1) >> 1]).toContain(sketch.frequency(12345))
      // Without the correction the count would be exactly sample / 2; each odd counter takes 1/4 off.
      expect(sketch.size).toBeLessThan(sample / 2)
      expect(sketch.size).toBeGreaterThan(sample / 4)
    })
  }
})
