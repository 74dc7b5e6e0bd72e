import type { PlanOptions } from '../plan.js'
import type { Job } from '../types.js'
import { asyncSubjects } from './async-subjects.js'

/** Title of one results table (a `group`). */
export const GROUP_ASYNC_HIT = 'awaited hits (ops/s)'
/** Title of one results table (a `group`). */
export const GROUP_COALESCE =
  'coalescing: 1,000 concurrent callers over 10 cold keys (ms, lower is better)'

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
  }
  return jobs
}
