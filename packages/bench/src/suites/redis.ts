import type { PlanOptions } from '../plan.js'
import type { Job } from '../types.js'
import { redisSubjects } from './redis-subjects.js'

/** Title of one results table (a `group`). */
export const GROUP_REDIS_SEQ = 'redis: one call at a time, awaited (ops/s)'
/** Title of one results table (a `group`). */
export const GROUP_REDIS_TICK = 'redis: 1,000 calls per tick (ops/s)'
/** Title of one results table (a `group`). */
export const GROUP_REDIS_BATCH = 'redis: batched read of 100 keys — getMany vs MGET (keys/s)'

/** The redis suite's jobs: every subject against the same server, the same key stream. */
export function planRedis(o: PlanOptions): Job[] {
  const jobs: Job[] = []
  const keys = 10_000
  for (const subject of o.subjects(Object.keys(redisSubjects))) {
    const common = {
      suite: 'redis' as const,
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
    const cell = (
      group: string,
      label: string,
      config: Job['config'],
      warmupMs = common.warmupMs,
    ) => jobs.push({ ...common, warmupMs, group, label, config: { keys, ...config } })
    cell(GROUP_REDIS_SEQ, 'get (hit)', { op: 'get', mode: 'seq', ops: o.quick ? 500 : 2000 })
    cell(GROUP_REDIS_SEQ, 'set', { op: 'set', mode: 'seq', ops: o.quick ? 500 : 2000 })
    cell(GROUP_REDIS_TICK, 'get (hit)', { op: 'get', mode: 'tick', ops: o.quick ? 5000 : 20_000 })
    cell(GROUP_REDIS_TICK, 'set', { op: 'set', mode: 'tick', ops: o.quick ? 5000 : 20_000 })
    if (subject !== 'bentocache (L2 only)') {
      // Rounds of 1,000 MGETs (~100 ms) after 1.5 s of warm-up: at 200 a round (~20 ms) one
      // process's rounds spread 2× and were still speeding up in their last round.
      cell(
        GROUP_REDIS_BATCH,
        'getMany(100)',
        { op: 'getMany', mode: 'batch', ops: o.quick ? 5000 : 100_000 },
        o.quick ? 100 : 1500,
      )
    }
  }
  return jobs
}
