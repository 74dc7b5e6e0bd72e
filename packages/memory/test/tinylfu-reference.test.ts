import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SieveCache } from '../src/index.js'
import { ReferenceTinyLfu } from './support/reference-tinylfu.js'
import { readTrace, sharedDir } from './support/shared-dir.js'
import { zipfTrace } from './support/zipf.js'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
console.log(
  `[memory] tinylfu reference tests: fast-check seed ${seed} (rerun with FC_SEED=${seed})`,
)

/** Replays `trace` on both; the first step where hit/miss (or size) differ, or -1. */
function firstDifference(
  max: number,
  hashSeed: number,
  trace: ArrayLike<number>,
  reference = new ReferenceTinyLfu(max, hashSeed),
): number {
  const cache = new SieveCache<number, number>({ max, policy: 'tinylfu', seed: hashSeed })
  for (let j = 0; j < trace.length; j++) {
    const k = trace[j]!
    const hit = cache.get(k) !== undefined
    if (!hit) cache.set(k, j)
    if (hit !== reference.access(k) || cache.size !== reference.size) return j
  }
  return -1
}

/** The reference's entries in `SieveCache`'s iteration order: each list most recent first. */
function referenceOrder(reference: ReferenceTinyLfu): number[] {
  return [reference.window, reference.probation, reference.protected].flatMap((list) =>
    [...list.keys()].reverse(),
  )
}

describe("SieveCache policy 'tinylfu' matches the reference W-TinyLFU hit for hit", () => {
  it('on seeded random streams (small key ranges)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.nat({ max: 2 ** 32 - 1 }),
        // size 'max': without it fast-check keeps arrays to about 10 items.
        fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 2000, size: 'max' }),
        (max, hashSeed, trace) => firstDifference(max, hashSeed, trace) === -1,
      ),
      { seed, numRuns: 200 },
    )
  })

  it('on seeded random streams with deletes (small key ranges)', () => {
    fc.assert(
      fc.property(
        // Up to 300 entries, so that the window holds several (from 200).
        fc.integer({ min: 1, max: 300 }),
        fc.nat({ max: 2 ** 32 - 1 }),
        fc.array(fc.tuple(fc.nat({ max: 600 }), fc.integer({ min: 0, max: 7 })), {
          maxLength: 3000,
          size: 'max',
        }),
        (max, hashSeed, ops) => {
          const cache = new SieveCache<number, number>({ max, policy: 'tinylfu', seed: hashSeed })
          const reference = new ReferenceTinyLfu(max, hashSeed)
          for (let j = 0; j < ops.length; j++) {
            const [n, op] = ops[j]!
            const k = n % (2 * max + 1)
            if (op === 0) {
              cache.delete(k)
              reference.delete(k)
              continue
            }
            const hit = cache.get(k) !== undefined
            if (!hit) cache.set(k, j)
            if (hit !== reference.access(k) || cache.size !== reference.size) return false
            // Now and then, mid-stream (after hits the policy may still hold): iteration is
            // window, probation, protected, each most recent first, as in the reference.
            if (op === 7) expect([...cache.keys()]).toEqual(referenceOrder(reference))
          }
          expect([...cache.keys()]).toEqual(referenceOrder(reference))
          return true
        },
      ),
      { seed, numRuns: 200 },
    )
  })

  it('on long streams where the admission learner moves the bias and the window', () => {
    let biasMoved = 0
    let windowMoved = 0
    let audited = 0
    let beyondCeiling = 0
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 64 }),
        fc.nat({ max: 2 ** 32 - 1 }),
        fc.double({ min: 0.5, max: 1.3, noNaN: true }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (max, hashSeed, alpha, streamSeed) => {
          // A frequency-friendly Zipf phase, then a recency-only one (each new key asked for
          // again soon, never after), then Zipf again: the ladder has somewhere to go each time.
          // The recency phase is the longest: a small cache's sketch remembers 1,280 requests,
          // and the ladder must climb the bias before it can grow the window. Then recency
          // again, with reuse a little beyond the window's ceiling (about 90 % of `max`), which
          // takes the audit past it, to a positive bias; and Zipf to come back down.
          const zipf = zipfTrace(max * 8, alpha, 8_000, streamSeed)
          const trace = [
            ...zipf,
            ...recencyPhase(24_000, Math.max(1, max >> 1), 1e6),
            ...zipf,
            ...recencyPhase(16_000, Math.max(1, Math.floor(0.45 * max)), 2e6),
            ...zipf,
          ]
          const reference = new ReferenceTinyLfu(max, hashSeed)
          const at = firstDifference(max, hashSeed, trace, reference)
          if (reference.biases.size > 2) biasMoved++
          if (reference.windowSizes.size > 2) windowMoved++
          if (reference.auditGrowths > 0) audited++
          if (reference.auditBiasRaises > 0) beyondCeiling++
          return at === -1
        },
      ),
      { seed, numRuns: 30 },
    )
    console.log(
      `[memory] ladder moved: bias in ${biasMoved}, window in ${windowMoved}, LRU audit grew the window in ${audited} and raised the bias past the window's ceiling in ${beyondCeiling} of 30 runs`,
    )
    // The learner and the audit must really have moved the levers, or this test proves
    // little about them.
    expect(biasMoved).toBeGreaterThan(10)
    expect(windowMoved).toBeGreaterThan(10)
    expect(audited).toBeGreaterThan(5)
    expect(beyondCeiling).toBeGreaterThan(5)
  })

  const shared = sharedDir()
  it.skipIf(!shared)('on the shared traces (several sizes and seeds)', () => {
    if (!shared) return
    for (const name of [
      'lirs-loop.u32',
      'cache2k-web07.u32',
      'lirs-sprite.u32',
      'lirs-zigzag.u32',
    ]) {
      const keys = readTrace(join(shared, 'traces', name))
      for (const max of [16, 100, 500]) {
        for (const hashSeed of [1, 0xdeadbeef]) {
          expect(firstDifference(max, hashSeed, keys), `${name}@${max} seed ${hashSeed}`).toBe(-1)
        }
      }
    }
  })
})

/**
 * `length` requests of new keys from `first` on, each asked for again once, `gap` new keys
 * later: about `2 × gap` other keys lie between its two requests (the new ones and the
 * repeats), so an LRU of `2 × gap` entries hits every repeat.
 */
function recencyPhase(length: number, gap: number, first: number): number[] {
  const out: number[] = []
  for (let j = 0; out.length < length; j++) {
    out.push(first + j)
    if (j >= gap) out.push(first + j - gap)
  }
  return out.slice(0, length)
}
