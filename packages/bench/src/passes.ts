import type { JobOutcome } from './harness.js'
import { configKey } from './schedule.js'
import { median } from './stats.js'
import type { Job, Pass, Result } from './types.js'

/**
 * Folds the passes of one job (each a fresh process, or a fresh set of a
 * multi-process job's processes) into its result. The value is the median of
 * the per-pass medians, so one process that happened to run slow or fast cannot
 * move it; min and max span every round of every pass; `passes` keeps each one
 * so the spread stays visible. The first failed pass (crash, timeout or a
 * failed smoke test) makes the result fail with its reason.
 */
export function combinePasses(outcomes: readonly JobOutcome[]): Result {
  if (outcomes.length === 0) throw new RangeError('combinePasses needs at least one pass')
  const failedAt = outcomes.findIndex((o) => o.error !== undefined || o.disqualified !== undefined)
  if (failedAt >= 0) {
    const { streamHash: _, ...failed } = outcomes[failedAt]!
    if (failedAt > 0) {
      if (failed.error) failed.error = `run ${failedAt + 1}: ${failed.error}`
      if (failed.disqualified) failed.disqualified = `run ${failedAt + 1}: ${failed.disqualified}`
    }
    return failed
  }
  const passes: Pass[] = outcomes.map((o) => ({
    value: o.value,
    runs: o.runs,
    ...(o.extra ? { extra: o.extra } : {}),
  }))
  const rounds = outcomes.flatMap((o) => o.runs)
  const { streamHash: _, extra: _extra, ...first } = outcomes[0]!
  const result: Result = {
    ...first,
    value: median(passes.map((p) => p.value)),
    min: Math.min(...rounds),
    max: Math.max(...rounds),
    runs: rounds,
    passes,
  }
  const keys = new Set(passes.flatMap((p) => Object.keys(p.extra ?? {})))
  if (keys.size > 0) {
    result.extra = Object.fromEntries(
      [...keys].map((k) => [
        k,
        median(passes.flatMap((p) => (p.extra?.[k] === undefined ? [] : [p.extra[k]]))),
      ]),
    )
  }
  return result
}

/**
 * The indexes of jobs whose processes did not all walk the same key stream as
 * the first process that reported one for the same configuration (any subject,
 * any pass). Every subject must see identical data, so a mismatch is a harness bug.
 */
export function streamMismatches(
  jobs: readonly Job[],
  outcomes: ReadonlyArray<readonly JobOutcome[]>,
): Set<number> {
  const reference = new Map<string, number>()
  const bad = new Set<number>()
  jobs.forEach((job, index) => {
    const key = configKey(job)
    for (const o of outcomes[index] ?? []) {
      if (o.streamHash === undefined) continue
      const seen = reference.get(key)
      if (seen === undefined) reference.set(key, o.streamHash)
      else if (seen !== o.streamHash) bad.add(index)
    }
  })
  return bad
}
