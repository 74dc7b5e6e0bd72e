import type { PlanOptions } from '../plan.js'
import type { Job } from '../types.js'
import { memoizeSubjects } from './memoize-subjects.js'

/** Title of one results table (a `group`). */
export const GROUP_MEMO = 'memoized calls (ops/s)'

/** The memoize suite's jobs. */
export function planMemoize(o: PlanOptions): Job[] {
  const ops = o.quick ? 1 << 15 : 1 << 16
  const maxes = o.full ? [256, 1024] : [1024]
  const alphas = o.full ? [0.8, 1.0, 1.2] : [1.0]
  const jobs: Job[] = []
  for (const subject of o.subjects(Object.keys(memoizeSubjects))) {
    for (const arity of [1, 2]) {
      for (const alpha of alphas) {
        for (const max of maxes) {
          jobs.push({
            suite: 'memoize',
            subject,
            group: GROUP_MEMO,
            label: `${arity} arg${arity > 1 ? 's' : ''} α${alpha.toFixed(1)} max=${max}`,
            config: { arity, alpha, keys: 2_000, max, ops },
            metric: 'ops/s',
            processes: 1,
            warmup: 3,
            warmupMs: o.quick ? 120 : 200,
            rounds: o.rounds,
            seed: o.seed,
            subjectModule: o.subjectModule,
            clock: o.clock,
          })
        }
      }
    }
  }
  return jobs
}
