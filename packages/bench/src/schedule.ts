import type { Job } from './types.js'

/** One process run to make: a job of the suite, and which of its passes this is. */
export interface Slot {
  job: Job
  /** The job's index in the planned list. */
  index: number
  /** 0-based: pass 0 of every job runs before pass 1 of any. */
  pass: number
}

/** Jobs that are compared with each other: the same table, configuration and process count. */
export function configKey(job: Job): string {
  return `${job.group}\u0000${job.label}\u0000${job.processes}`
}

/**
 * The order a suite's jobs run in when each runs in `runs` fresh processes.
 * Pass 0 of every job, then pass 1, and so on, so that a burst of noise on the
 * machine lands on one pass of several subjects instead of every pass of one
 * (the median over passes then discards it). Within a pass the jobs go
 * configuration by configuration, every subject of one configuration back to
 * back, so the subjects a ratio compares ran close together in time; odd passes
 * (0-based: the 2nd, 4th, …) take the subjects in reverse so that none always runs first.
 */
export function interleave(jobs: readonly Job[], runs: number): Slot[] {
  const byConfig = new Map<string, number[]>()
  jobs.forEach((job, index) => {
    const key = configKey(job)
    const list = byConfig.get(key)
    if (list) list.push(index)
    else byConfig.set(key, [index])
  })
  const slots: Slot[] = []
  for (let pass = 0; pass < runs; pass++) {
    for (const indexes of byConfig.values()) {
      const order = pass % 2 === 1 ? [...indexes].reverse() : indexes
      for (const index of order) slots.push({ job: jobs[index]!, index, pass })
    }
  }
  return slots
}
