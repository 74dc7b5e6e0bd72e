import type { Job } from './types.js'

/** What one timed round measured in one process. */
export interface RoundResult {
  /** Operations done in the round. */
  ops: number
  /** Wall time of the timed region, nanoseconds. */
  ns: number
  /** CPU time (user + system) of this process in the timed region, nanoseconds. */
  cpuNs?: number
  /** Per-round numbers besides time (e.g. loader calls, bytes per entry). */
  values?: Record<string, number>
  /**
   * Wall time of each operation of the round, nanoseconds, when the bench times every one
   * (the tiered suite's invalidation). The harness pools a process's timed rounds and reports
   * their p50 and p99 as `extra['p50 ms']` and `extra['p99 ms']`.
   */
  latencyNs?: number[]
}

/** A subject set up for one job inside a child process. */
export interface Bench {
  /** Runs the correctness smoke test; a string is the reason to disqualify. */
  smoke(): string | undefined | Promise<string | undefined>
  /** One round: setup outside the timed region, the timed region measured inside. */
  round(): RoundResult | Promise<RoundResult>
  /** A hash of the key stream, so the harness can check every subject got the same one. */
  streamHash?: number
  /**
   * Operations per round, when the bench can vary it. The runner sets it during
   * warm-up so a round takes about the same time for fast and slow subjects; the
   * rounds walk the same stream in order, wrapping at its end.
   */
  roundOps?: number
  close?(): void | Promise<void>
}

/** Which of a job's processes this is. */
export interface WorkerInfo {
  index: number
  processes: number
  /** Which repeat of the job this is (0-based; `--runs`), so a pass can use its own resources. */
  pass: number
}

/** Builds the bench of a job, in the child. */
export type BenchFactory = (job: Job, worker: WorkerInfo) => Promise<Bench>

/** FNV-1a over a stream of key ids. */
export function hashIds(ids: ArrayLike<number>): number {
  let h = 0x811c9dc5
  for (let i = 0; i < ids.length; i++) {
    h ^= ids[i]!
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/** Nanoseconds since an arbitrary origin, as a number. */
export function nowNs(): number {
  return Number(process.hrtime.bigint())
}

/**
 * Starts timing; the returned function gives wall and CPU nanoseconds since.
 * CPU time counts only while this process ran, so other load on the machine
 * barely moves it (`--clock cpu`).
 */
export function startTimer(): () => { ns: number; cpuNs: number } {
  const c0 = process.cpuUsage()
  const t0 = nowNs()
  return () => {
    const ns = nowNs() - t0
    const c = process.cpuUsage(c0)
    return { ns, cpuNs: (c.user + c.system) * 1000 }
  }
}

/** Loads a module of extra subjects (tests use it to add a deliberately wrong one). */
export async function extraSubjects<T>(job: Job): Promise<Record<string, T>> {
  if (!job.subjectModule) return {}
  const mod = (await import(job.subjectModule)) as { subjects?: Record<string, T> }
  return mod.subjects ?? {}
}

/**
 * A position in a pre-generated stream. `take(n, run)` calls `run(from, to)` for
 * the next `n` items, in one or two slices when it wraps at the end.
 */
export class Cursor {
  #pos = 0
  constructor(readonly length: number) {}

  take(n: number, run: (from: number, to: number) => void): void {
    let left = n
    while (left > 0) {
      const to = Math.min(this.length, this.#pos + left)
      run(this.#pos, to)
      left -= to - this.#pos
      this.#pos = to === this.length ? 0 : to
    }
  }
}
