import { SieveCache } from '@warp/memory'
import { describe, expect, it } from 'vitest'
import { simulateHindsightLfu } from '../src/sim/hindsight-lfu.js'
import { simulateOpt } from '../src/sim/opt.js'
import { replay } from '../src/suites/hit-ratio.js'
import { syntheticWorkloads } from '../src/workloads.js'

/**
 * Issue #12's hit-ratio goal for `policy: 'tinylfu'` on the hit-ratio suite's synthetic
 * workloads (the shared traces are checked by @warp/memory's hit-ratio-goals test): never more
 * than 3 points below max(LRU, SIEVE), and a mean of at least 0.88 of OPT. Same workloads,
 * length, seed and sizes as `warp-bench hit-ratio`; tinylfu at sketch seed 1.
 *
 * Goals not met yet (workload@size:goal). Each is asserted to still fail, so fixing one makes
 * this test say so; anything not listed must meet its goal.
 */
// The mean stays short of 0.88 here (0.861 at seed 1): four of these workloads are Zipf streams
// of independent requests, where no policy that cannot see the future does better than holding
// the most probable keys, and even hindsight LFU (the keys most requested over the whole stream)
// gets only 0.61–0.78 of OPT at α 0.6; the last test below checks that this still holds.
const KNOWN = new Set<string>(['mean-opt-fraction'])

const LENGTH = 100_000
const STREAM_SEED = 42
const SIZES = [16, 100, 256, 1000, 2000]

function hits(keys: Uint32Array, max: number, policy: 'sieve' | 'lru' | 'tinylfu'): number {
  return replay(new SieveCache<number, number>({ max, policy, seed: 1 }), keys)
}

describe('tinylfu hit-ratio goals on the bench synthetic workloads', () => {
  const fractions: number[] = []
  const rows: string[] = []
  for (const workload of syntheticWorkloads(LENGTH, STREAM_SEED)) {
    it(`${workload.name}: never more than 3 points below max(LRU, SIEVE)`, () => {
      const pct = (n: number) => (100 * n) / workload.keys.length
      const wrong: string[] = []
      for (const size of SIZES) {
        const tiny = hits(workload.keys, size, 'tinylfu')
        const lru = hits(workload.keys, size, 'lru')
        const sieve = hits(workload.keys, size, 'sieve')
        const opt = simulateOpt(workload.keys, size)
        if (opt > 0) fractions.push(tiny / opt)
        rows.push(
          `| ${workload.name} | ${size} | ${pct(tiny).toFixed(1)} | ${pct(lru).toFixed(1)} | ${pct(sieve).toFixed(1)} | ${pct(opt).toFixed(1)} |`,
        )
        const best = Math.max(lru, sieve)
        goal(
          wrong,
          `${workload.name}@${size}:3-points`,
          pct(tiny) >= pct(best) - 3,
          `${pct(tiny).toFixed(2)} vs ${pct(best).toFixed(2)}`,
        )
      }
      expect(wrong).toEqual([])
    })
  }

  it('mean fraction of OPT over every workload × size ≥ 0.88', () => {
    console.log(
      `[bench] tinylfu hit % on synthetic workloads\n| workload | max | tinylfu | lru | sieve | opt |\n|---|---:|---:|---:|---:|---:|\n${rows.join('\n')}`,
    )
    expect(fractions.length).toBeGreaterThan(0)
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length
    console.log(
      `[bench] tinylfu mean fraction of OPT over ${fractions.length} pairs: ${mean.toFixed(3)}`,
    )
    const wrong: string[] = []
    goal(wrong, 'mean-opt-fraction', mean >= 0.88, mean.toFixed(3))
    expect(wrong).toEqual([])
  })
})

describe('why the synthetic mean is a known gap', () => {
  it('on Zipf α 0.6, even hindsight LFU stays below 0.88 of OPT at every size', () => {
    const zipf = syntheticWorkloads(LENGTH, STREAM_SEED).find((w) => w.name === 'zipf-0.6')
    expect(zipf).toBeDefined()
    const fractions = SIZES.map(
      (size) => simulateHindsightLfu(zipf!.keys, size) / simulateOpt(zipf!.keys, size),
    )
    console.log(
      `[bench] hindsight LFU / OPT on zipf-0.6 at ${SIZES.join(', ')}: ${fractions.map((f) => f.toFixed(3)).join(', ')}`,
    )
    for (const f of fractions) expect(f).toBeLessThan(0.88)
  })
})

/** Adds to `wrong` a goal that is missed but not listed in KNOWN, or listed but now met. */
function goal(wrong: string[], id: string, met: boolean, detail: string): void {
  if (KNOWN.has(id) && met) wrong.push(`${id} now meets its goal (${detail}): remove it from KNOWN`)
  if (!KNOWN.has(id) && !met) wrong.push(`${id} missed: ${detail}`)
}
