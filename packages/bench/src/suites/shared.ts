import type { PlanOptions } from '../plan.js'
import type { Job } from '../types.js'
import { sharedSubjects } from './shared-subjects.js'

/** Title of one results table (a `group`). */
export const GROUP_SHARED_GET = 'get, all hits, N processes at once (aggregate ops/s)'
/** Title of one results table (a `group`). */
export const GROUP_SHARED_SET = 'set / putSync, 1 process (ops/s)'
/** Title of one results table (a `group`). */
export const GROUP_SHARED_MEMO = 'memoize over the store, 1 process (ops/s)'

let counter = 0

/** The shared suite's jobs. Each gets a fresh store name, shared by its processes. */
export function planShared(o: PlanOptions): Job[] {
  const ops = o.quick ? 1 << 13 : 1 << 15
  const procs = o.quick ? [1, 2] : [1, 2, 4]
  const jobs: Job[] = []
  const store = () => `warp-bench-${process.pid}-${counter++}`
  for (const subject of o.subjects(Object.keys(sharedSubjects))) {
    const common = {
      suite: 'shared' as const,
      subject,
      metric: 'ops/s' as const,
      seed: o.seed,
      subjectModule: o.subjectModule,
      clock: o.clock,
      rounds: o.rounds,
      warmup: 2,
      warmupMs: o.quick ? 80 : 150,
    }
    const config = { alpha: 1.0, keys: 2_000, max: 4_096, ops }
    for (const processes of procs) {
      jobs.push({
        ...common,
        processes,
        group: GROUP_SHARED_GET,
        label: `${processes} process${processes > 1 ? 'es' : ''}`,
        config: { ...config, phase: 'get', store: store() },
      })
    }
    if (sharedSubjects[subject]?.getOnly) continue
    jobs.push({
      ...common,
      processes: 1,
      group: GROUP_SHARED_SET,
      label: '2000 string keys, 48-byte values',
      config: { ...config, ops: ops >> 2, phase: 'set', store: store() },
    })
    jobs.push({
      ...common,
      processes: 1,
      group: GROUP_SHARED_MEMO,
      label: 'α1.0 2000 keys',
      config: { ...config, phase: 'memoize', store: store() },
    })
  }
  return jobs
}
