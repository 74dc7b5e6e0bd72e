import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { LRUCache } from 'lru-cache'
import { describe, expect, it } from 'vitest'
import { createRng } from '../src/rng.js'
import { simulateFifo } from '../src/sim/fifo.js'
import { simulateHindsightLfu } from '../src/sim/hindsight-lfu.js'
import { simulateLru } from '../src/sim/lru.js'
import { simulateOpt } from '../src/sim/opt.js'
import { replay } from '../src/suites/hit-ratio.js'
import { readU32Trace, sharedTracesDir } from '../src/traces.js'

// The reference-string example of Silberschatz et al., "Operating System Concepts", with 3 frames:
// OPT 9 faults, LRU 12, FIFO 15 (of 20 requests).
const textbook = [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1]

describe('policy simulators on hand-checked traces', () => {
  it('OPT', () => {
    expect(simulateOpt(textbook, 3)).toBe(20 - 9)
    // 1 2 3 1 2, two slots: at 3 the next 1 comes before the next 2, so 2 goes; then 1 hits.
    expect(simulateOpt([1, 2, 3, 1, 2], 2)).toBe(1)
    expect(simulateOpt([1, 1, 1], 1)).toBe(2)
    expect(simulateOpt([1, 2, 1, 2], 1)).toBe(0)
    // A loop one larger than the cache: OPT keeps c-1 of it... hits on all but one per pass.
    expect(simulateOpt([1, 2, 3, 1, 2, 3], 2)).toBe(2)
    expect(simulateOpt([], 4)).toBe(0)
  })

  it('LRU and FIFO', () => {
    expect(simulateLru(textbook, 3)).toBe(20 - 12)
    expect(simulateFifo(textbook, 3)).toBe(20 - 15)
    expect(simulateLru([1, 2, 3, 1, 2, 3], 2)).toBe(0)
    expect(simulateFifo([1, 2, 1, 3, 1], 2)).toBe(1)
    expect(simulateLru([1, 2, 1, 3, 1], 2)).toBe(2)
  })

  it('hindsight LFU', () => {
    // Counts 1: 3, 2: 2, 3: 1. Holding {1}: 2 hits; {1, 2}: 2 + 1; every key: 2 + 1 + 0.
    const trace = [1, 2, 1, 3, 2, 1]
    expect(simulateHindsightLfu(trace, 1)).toBe(2)
    expect(simulateHindsightLfu(trace, 2)).toBe(3)
    expect(simulateHindsightLfu(trace, 5)).toBe(3)
  })

  it('OPT bounds LRU and FIFO; LRU simulator equals lru-cache (random traces)', () => {
    const seed = 20261122
    console.log(`random traces seed ${seed}`)
    const rng = createRng(seed)
    for (let t = 0; t < 40; t++) {
      const n = 50 + rng.int(400)
      const keys = new Uint32Array(n)
      const span = 2 + rng.int(40)
      for (let i = 0; i < n; i++) keys[i] = rng.int(span)
      const cap = 1 + rng.int(12)
      const opt = simulateOpt(keys, cap)
      expect(opt).toBeGreaterThanOrEqual(simulateLru(keys, cap))
      expect(opt).toBeGreaterThanOrEqual(simulateFifo(keys, cap))
      expect(simulateLru(keys, cap)).toBe(replay(new LRUCache<number, number>({ max: cap }), keys))
    }
  })

  it('matches expected-hits.json on a shared trace (when ../shared/traces exists)', (ctx) => {
    const dir = sharedTracesDir()
    if (!dir) {
      console.warn('skipped: ../shared/traces is not beside this checkout')
      ctx.skip()
      return
    }
    const exp = JSON.parse(readFileSync(join(dir, 'expected-hits.json'), 'utf8')) as {
      sizes: number[]
      traces: Record<string, { lru: Record<string, number>; opt: Record<string, number> }>
    }
    for (const name of ['lirs-cs.u32', 'lirs-gli.u32']) {
      const t = readU32Trace(join(dir, name))
      for (const size of exp.sizes) {
        expect(simulateOpt(t.keys, size), `${name} opt ${size}`).toBe(exp.traces[name]!.opt[size])
        expect(simulateLru(t.keys, size), `${name} lru ${size}`).toBe(exp.traces[name]!.lru[size])
      }
    }
  })
})
