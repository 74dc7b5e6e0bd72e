import type { PlanOptions } from '../plan.js'
import type { Job } from '../types.js'
import { asyncSubjects } from './async-subjects.js'

/** Title of one results table (a `group`). */
export const GROUP_ASYNC_HIT = 'awaited hits (ops/s)'
/** Title of one results table (a `group`). */
export const GROUP_COALESCE =
  'coalescing: 1,000 concurrent callers over 10 cold keys (ms, lower is better)'

/** Title of one results table (a `group`). */
export const GROUP_STAMPEDE =
  'cross-process stampede: N processes ask for the same cold keys at once (ms, lower is better)'

let stores = 0

/** The async suite's jobs. */
export function planAsync(o: PlanOptions): Job[] {
  const jobs: Job[] = []
  for (const subject of o.subjects(Object.keys(asyncSubjects))) {
    const common = {
      suite: 'async' as const,
      subject,
      processes: 1,
      seed: o.seed,
      subjectModule: o.subjectModule,
      clock: o.clock,
      rounds: o.rounds,
    }
    jobs.push({
      ...common,
      group: GROUP_ASYNC_HIT,
      label: 'α1.0 2000 keys, all cached',
      config: {
        phase: 'hit',
        alpha: 1.0,
        keys: 2_000,
        max: 4096,
        ops: o.quick ? 1 << 13 : 1 << 16,
      },
      metric: 'ops/s',
      warmup: 3,
      warmupMs: o.quick ? 120 : 200,
    })
    jobs.push({
      ...common,
      group: GROUP_COALESCE,
      label: '1000 callers, 10 keys',
      config: { phase: 'coalesce', callers: 1000, keys: 10 },
      metric: 'ms',
      warmup: 3,
      warmupMs: o.quick ? 60 : 150,
    })
    const processes = o.quick ? 2 : 4
    jobs.push({
      ...common,
      processes,
      group: GROUP_STAMPEDE,
      label: `${processes} processes × 200 cold keys`,
      config: {
        phase: 'stampede',
        keys: 200,
        loadMs: 2,
        store: `warp-bench-stampede-${process.pid}-${stores++}`,
      },
      metric: 'ms',
      // A fixed warm-up (no time budget), so every process starts the timed
      // rounds at the same round number and asks for the same fresh keys.
      warmup: 2,
      warmupMs: 0,
    })
  }
  return jobs
}
