import { type ChildProcess, fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { hashIds, type RoundResult, type WorkerInfo } from './bench.js'
import { percentile, summarize } from './stats.js'
import { packageDir } from './traces.js'
import type { Job, Result } from './types.js'

/**
 * The compiled child entry. Next to this module in `dist/`; when this module
 * runs from `src/` (tests), the built `dist/runner.js` of this package.
 */
export function runnerPath(): string {
  const sibling = fileURLToPath(new URL('./runner.js', import.meta.url))
  if (existsSync(sibling)) return sibling
  const built = join(packageDir(), 'dist', 'runner.js')
  if (existsSync(built)) return built
  throw new Error('@warp/bench is not built: run `npm run build -w @warp/bench` first')
}

type Msg =
  | { type: 'ready'; streamHash?: number }
  | { type: 'disqualified'; reason: string }
  | ({ type: 'round-done' } & RoundResult)
  | { type: 'error'; message: string }
  | { type: 'closed' }

/** One forked runner with a queue of the messages it sent. */
class Child {
  readonly proc: ChildProcess
  #queue: Msg[] = []
  #waiter: { resolve: (m: Msg) => void; reject: (e: Error) => void } | undefined
  #exit: Error | undefined
  stderr = ''

  constructor(path: string) {
    // execArgv is set, not inherited: a test runner's loader flags must not reach the subject.
    this.proc = fork(path, [], {
      execArgv: ['--expose-gc'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    this.proc.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000)
    })
    this.proc.on('message', (m: Msg) => {
      if (this.#waiter) {
        const w = this.#waiter
        this.#waiter = undefined
        w.resolve(m)
      } else this.#queue.push(m)
    })
    this.proc.on('exit', (code, signal) => {
      this.#exit = new Error(
        `subject process exited (${signal ?? `code ${code}`})${this.stderr ? `: ${this.stderr.trim()}` : ''}`,
      )
      this.#waiter?.reject(this.#exit)
      this.#waiter = undefined
    })
  }

  send(msg: unknown): void {
    if (this.proc.connected) this.proc.send(msg as never)
  }

  next(): Promise<Msg> {
    const m = this.#queue.shift()
    if (m) return Promise.resolve(m)
    if (this.#exit) return Promise.reject(this.#exit)
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject }
    })
  }

  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL')
  }
}

/** What {@link runJob} measured, before ratios are added. */
export type JobOutcome = Result & { streamHash?: number }

/** The clock a job is really timed with: CPU time only for single-process throughput. */
export function effectiveClock(job: Job): 'wall' | 'cpu' {
  return job.clock === 'cpu' && job.processes === 1 && job.metric === 'ops/s' ? 'cpu' : 'wall'
}

function base(job: Job): Omit<Result, 'value' | 'min' | 'max' | 'runs'> {
  return {
    suite: job.suite,
    subject: job.subject,
    group: job.group,
    label: job.label,
    config: job.config,
    metric: job.metric,
  }
}

function failed(job: Job, field: 'error' | 'disqualified', reason: string): JobOutcome {
  return {
    ...base(job),
    value: Number.NaN,
    min: Number.NaN,
    max: Number.NaN,
    runs: [],
    [field]: reason,
  }
}

async function drive(job: Job, children: Child[], pass: number): Promise<JobOutcome> {
  children.forEach((c, index) => {
    const worker: WorkerInfo = { index, processes: job.processes, pass }
    c.send({ type: 'job', job, worker })
  })
  const readies = await Promise.all(children.map((c) => c.next()))
  const hashes: number[] = []
  for (const r of readies) {
    if (r.type === 'disqualified') return failed(job, 'disqualified', r.reason)
    if (r.type === 'error') return failed(job, 'error', r.message)
    if (r.type === 'ready' && r.streamHash !== undefined) hashes.push(r.streamHash)
  }
  // Each process of a multi-process job walks its own stream (seed + index): compare them all.
  const streamHash =
    hashes.length === 0 ? undefined : hashes.length === 1 ? hashes[0] : hashIds(hashes)
  const runs: number[] = []
  const extras = new Map<string, number[]>()
  const latencies: number[] = []
  const clock = effectiveClock(job)
  for (let round = 0; round < job.rounds; round++) {
    for (const c of children) c.send({ type: 'round' })
    const done = await Promise.all(children.map((c) => c.next()))
    let ops = 0
    let ns = 0
    const sums = new Map<string, number>()
    for (const d of done) {
      if (d.type === 'error') return failed(job, 'error', d.message)
      if (d.type !== 'round-done') return failed(job, 'error', `unexpected message ${d.type}`)
      ops += d.ops
      ns = Math.max(ns, clock === 'cpu' && d.cpuNs !== undefined ? d.cpuNs : d.ns)
      for (const [k, v] of Object.entries(d.values ?? {})) sums.set(k, (sums.get(k) ?? 0) + v)
      for (const l of d.latencyNs ?? []) latencies.push(l)
    }
    if (job.metric === 'ops/s') runs.push((ops / ns) * 1e9)
    else if (job.metric === 'ms') runs.push(ns / 1e6)
    else runs.push((sums.get(job.metric) ?? Number.NaN) / children.length)
    for (const [k, v] of sums) if (k !== job.metric) extras.set(k, [...(extras.get(k) ?? []), v])
  }
  for (const c of children) c.send({ type: 'done' })
  await Promise.all(children.map((c) => c.next().catch(() => undefined)))
  const out: JobOutcome = { ...base(job), ...summarize(runs), clock, runs, streamHash }
  if (extras.size > 0) {
    out.extra = Object.fromEntries([...extras].map(([k, v]) => [k, summarize(v).value]))
  }
  if (latencies.length > 0) {
    // Percentiles of every timed operation of this pass, pooled over its rounds and processes.
    out.extra = {
      ...out.extra,
      'p50 ms': percentile(latencies, 50) / 1e6,
      'p99 ms': percentile(latencies, 99) / 1e6,
    }
  }
  return out
}

/**
 * Runs one pass of a job: forks `job.processes` fresh runners, waits for their
 * smoke tests and warm-up, then drives `job.rounds` rounds in lock-step and
 * aggregates them (ops/s: all processes' operations over the slowest one's time).
 * `pass` (0-based) tells the runners which of the job's repeats this is.
 */
export async function runJob(job: Job, timeoutMs = 120_000, pass = 0): Promise<JobOutcome> {
  const path = runnerPath()
  const children = Array.from({ length: job.processes }, () => new Child(path))
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<JobOutcome>((resolve) => {
    timer = setTimeout(() => {
      for (const c of children) c.kill()
      resolve(failed(job, 'error', `timed out after ${timeoutMs} ms`))
    }, timeoutMs)
  })
  try {
    return await Promise.race([
      drive(job, children, pass).catch((e: unknown) =>
        failed(job, 'error', e instanceof Error ? e.message : String(e)),
      ),
      timeout,
    ])
  } finally {
    clearTimeout(timer)
    for (const c of children) c.kill()
  }
}
