import type { PlanOptions } from '../plan.js'
import type { Job } from '../types.js'
import { tieredSubjects } from './tiered-subjects.js'

/** Title of one results table (a `group`). */
export const GROUP_TIERED_HITS = 'tiered: get, one call at a time, awaited (ops/s)'
/** Title of one results table (a `group`). */
export const GROUP_TIERED_INVALIDATION =
  'tiered: set in one instance until another instance reads the new value (ops/s = 1 / mean latency, wall clock; p50 and p99 per op)'

/** The tiered suite's jobs: every subject against the same server, the same key stream. */
export function planTiered(o: PlanOptions): Job[] {
  const jobs: Job[] = []
  for (const subject of o.subjects(Object.keys(tieredSubjects))) {
    const common = {
      suite: 'tiered' as const,
      subject,
      processes: 1,
      seed: o.seed,
      subjectModule: o.subjectModule,
      clock: o.clock,
      rounds: o.rounds,
      metric: 'ops/s' as const,
      warmup: 2,
      warmupMs: o.quick ? 100 : 300,
    }
    const cell = (group: string, label: string, config: Job['config']) =>
      jobs.push({ ...common, group, label, config: { keys: 10_000, ...config } })
    cell(GROUP_TIERED_HITS, 'L1 hit', { op: 'l1', ops: o.quick ? 20_000 : 100_000 })
    cell(GROUP_TIERED_HITS, 'L2 hit (fresh instance)', { op: 'l2', ops: o.quick ? 500 : 2000 })
    // Timed by wall clock even under `--clock cpu`: most of an op is waiting for Redis and the
    // other connection, which CPU time does not see, and its p50/p99 are wall times anyway.
    jobs.push({
      ...common,
      clock: 'wall',
      group: GROUP_TIERED_INVALIDATION,
      label: 'set → other instance sees it',
      config: { keys: 10_000, op: 'invalidate', ops: o.quick ? 100 : 300 },
    })
  }
  return jobs
}
