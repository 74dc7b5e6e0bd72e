import { describe, expect, it } from 'vitest'
import { parseCli } from '../src/args.js'
import type { JobOutcome } from '../src/harness.js'
import { methodPhrase } from '../src/output/format.js'
import { combinePasses, streamMismatches } from '../src/passes.js'
import { runBench } from '../src/run.js'
import { interleave } from '../src/schedule.js'
import { pairedRatio } from '../src/stats.js'
import type { Job } from '../src/types.js'

function job(subject: string, label: string, processes = 1): Job {
  return {
    suite: 'memory',
    subject,
    group: 'g',
    label,
    config: {},
    metric: 'ops/s',
    processes,
    warmup: 0,
    warmupMs: 0,
    rounds: 5,
    seed: 1,
    clock: 'wall',
  }
}

function pass(runs: number[], value: number, extra?: Record<string, number>): JobOutcome {
  return {
    suite: 'memory',
    subject: 's',
    group: 'g',
    label: 'c',
    config: {},
    metric: 'ops/s',
    value,
    min: Math.min(...runs),
    max: Math.max(...runs),
    runs,
    clock: 'wall',
    streamHash: 7,
    ...(extra ? { extra } : {}),
  }
}

describe('--runs', () => {
  it('parses a positive integer and leaves the default to runBench', () => {
    expect(parseCli(['--runs', '5']).runs).toBe(5)
    expect(parseCli(['--runs', '1', '--quick']).runs).toBe(1)
    expect(parseCli([]).runs).toBeUndefined()
    for (const bad of ['0', '-1', '2.5', 'three', '']) {
      expect(() => parseCli([`--runs=${bad}`])).toThrow(/--runs must be an integer ≥ 1/)
    }
    expect(() => parseCli(['--runs'])).toThrow(TypeError)
  })

  it('is rejected by runBench unless it is an integer ≥ 1', async () => {
    await expect(runBench({ suites: [], runs: 0 })).rejects.toThrow(/runs must be an integer ≥ 1/)
    await expect(runBench({ suites: [], runs: 1.5 })).rejects.toThrow(TypeError)
  })

  it('defaults to 3 processes, and to 1 with quick', async () => {
    expect((await runBench({ suites: [] })).meta.runs).toBe(3)
    expect((await runBench({ suites: [], quick: true })).meta.runs).toBe(1)
    expect((await runBench({ suites: [], quick: true, runs: 2 })).meta.runs).toBe(2)
  })
})

describe('interleaved schedule', () => {
  const jobs = [
    job('A', 'c1'),
    job('A', 'c2'),
    job('B', 'c1'),
    job('B', 'c2'),
    job('C', 'c1'),
    job('C', 'c2'),
  ]
  const order = (runs: number) =>
    interleave(jobs, runs).map((s) => `${s.pass}:${s.job.subject}/${s.job.label}`)

  it('runs pass 1 of every job before pass 2 of any, configuration by configuration', () => {
    expect(order(3)).toEqual([
      '0:A/c1',
      '0:B/c1',
      '0:C/c1',
      '0:A/c2',
      '0:B/c2',
      '0:C/c2',
      // odd passes take the subjects in reverse, so none always runs first
      '1:C/c1',
      '1:B/c1',
      '1:A/c1',
      '1:C/c2',
      '1:B/c2',
      '1:A/c2',
      '2:A/c1',
      '2:B/c1',
      '2:C/c1',
      '2:A/c2',
      '2:B/c2',
      '2:C/c2',
    ])
  })

  it('gives every job each pass exactly once and points back to the planned job', () => {
    const slots = interleave(jobs, 4)
    expect(slots).toHaveLength(24)
    for (let i = 0; i < jobs.length; i++) {
      const mine = slots.filter((s) => s.index === i)
      expect(mine.map((s) => s.pass)).toEqual([0, 1, 2, 3])
      for (const s of mine) expect(s.job).toBe(jobs[i])
    }
    expect(order(1)).toEqual(order(3).slice(0, 6))
  })

  it('keeps jobs with different process counts in different configurations', () => {
    const multi = [job('A', 'get', 1), job('A', 'get', 2), job('B', 'get', 1), job('B', 'get', 2)]
    expect(interleave(multi, 1).map((s) => s.index)).toEqual([0, 2, 1, 3])
  })
})

describe('combining passes', () => {
  it('takes the median of the per-process medians, with min and max over every round', () => {
    const r = combinePasses([pass([10, 12, 11], 11), pass([30, 2, 31], 30), pass([14, 15, 13], 14)])
    expect(r.value).toBe(14)
    expect(r.min).toBe(2)
    expect(r.max).toBe(31)
    expect(r.runs).toEqual([10, 12, 11, 30, 2, 31, 14, 15, 13])
    expect(r.passes).toEqual([
      { value: 11, runs: [10, 12, 11] },
      { value: 30, runs: [30, 2, 31] },
      { value: 14, runs: [14, 15, 13] },
    ])
    expect(r).not.toHaveProperty('streamHash')
    expect(r.clock).toBe('wall')
  })

  it('averages the two middle medians for an even count, and passes one process through', () => {
    expect(combinePasses([pass([1], 1), pass([4], 4)]).value).toBe(2.5)
    const one = combinePasses([pass([5, 9, 7], 7)])
    expect([one.value, one.min, one.max]).toEqual([7, 5, 9])
    expect(one.passes).toHaveLength(1)
  })

  it('takes the median of each extra number over the passes and keeps them per pass', () => {
    const r = combinePasses([
      pass([1], 1, { 'loader calls': 10, misses: 3 }),
      pass([1], 1, { 'loader calls': 12, misses: 1 }),
      pass([1], 1, { 'loader calls': 10, misses: 2 }),
    ])
    expect(r.extra).toEqual({ 'loader calls': 10, misses: 2 })
    expect(r.passes?.[1]?.extra).toEqual({ 'loader calls': 12, misses: 1 })
    expect(combinePasses([pass([1], 1)]).extra).toBeUndefined()
  })

  it('fails with the first failed pass, saying which run it was', () => {
    const crashed: JobOutcome = { ...pass([], Number.NaN), error: 'subject process exited' }
    const r = combinePasses([pass([1], 1), crashed])
    expect(r.error).toBe('run 2: subject process exited')
    expect(r.passes).toBeUndefined()
    const dq = combinePasses([{ ...pass([], Number.NaN), disqualified: 'returned 2 for 1' }])
    expect(dq.disqualified).toBe('returned 2 for 1')
    expect(() => combinePasses([])).toThrow(RangeError)
  })

  it('flags a job any of whose passes walked another stream than its configuration', () => {
    const jobs = [job('A', 'c1'), job('B', 'c1'), job('A', 'c2'), job('B', 'c2')]
    const h = (hash: number | undefined) => ({ ...pass([1], 1), streamHash: hash })
    const outcomes = [
      [h(1), h(1), h(1)],
      [h(1), h(9), h(1)],
      [h(2), h(2)],
      [h(undefined), h(2)],
    ]
    expect([...streamMismatches(jobs, outcomes)]).toEqual([1])
  })

  it('names the method under each table', () => {
    const r = combinePasses([pass([1, 2, 3, 4, 5], 3), pass([1, 2, 3, 4, 5], 3)])
    expect(methodPhrase([r])).toBe('median of 2 processes × 5 rounds')
    expect(methodPhrase([r], true)).toBe(
      'median of 2 runs (each a fresh set of processes) × 5 rounds',
    )
    expect(methodPhrase([combinePasses([pass([1], 1)])])).toBe('median of 1 process × 1 round')
  })
})

describe('paired ratios', () => {
  const measured = (...values: number[]) => ({
    value: [...values].sort((a, b) => a - b)[values.length >> 1]!,
    passes: values.map((value) => ({ value })),
  })

  it('a burst that slows both sides of one pass cancels out', () => {
    // Pass 2 ran during a burst: both subjects at half speed. Every pass says 2×.
    const a = measured(20, 10, 20)
    const b = measured(10, 5, 10)
    expect(pairedRatio(a, b)).toBe(2)
    // Medians taken apart pick values from different passes and can say 1.2×
    // where the pass ratios are 3×, 2× and 1×:
    const e = measured(30, 10, 12)
    const f = measured(10, 5, 12)
    expect(e.value / f.value).toBeCloseTo(1.2)
    expect(pairedRatio(e, f)).toBe(2) // pass ratios 3, 2, 1
  })

  it('falls back to value over value without comparable passes', () => {
    expect(pairedRatio({ value: 6 }, { value: 3 })).toBe(2)
    expect(pairedRatio(measured(6), measured(3))).toBe(2)
    expect(
      pairedRatio(measured(6, 8, 10), { value: 4, passes: [{ value: 4 }, { value: 4 }] }),
    ).toBe(2)
  })
})
