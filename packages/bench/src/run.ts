import os from 'node:os'
import { type JobOutcome, runJob } from './harness.js'
import { machineMeta } from './meta.js'
import { formatValue } from './output/format.js'
import { combinePasses, streamMismatches } from './passes.js'
import type { PlanOptions } from './plan.js'
import { Progress, type ProgressMode } from './progress.js'
import { interleave } from './schedule.js'
import { pairedRatio } from './stats.js'
import { planAsync } from './suites/async.js'
import { ASYNC_BASELINE, asyncSubjects } from './suites/async-subjects.js'
import { HIT_RATIO_BASELINE, hitRatioSources, runHitRatio } from './suites/hit-ratio.js'
import { planMemoize } from './suites/memoize.js'
import { MEMOIZE_BASELINE, memoizeSubjects } from './suites/memoize-subjects.js'
import { planMemory } from './suites/memory.js'
import { MEMORY_BASELINE, memorySubjects } from './suites/memory-subjects.js'
import { planRedis } from './suites/redis.js'
import { ensureRedisServer } from './suites/redis-server.js'
import { REDIS_BASELINE, redisSubjects } from './suites/redis-subjects.js'
import { planShared } from './suites/shared.js'
import { SHARED_BASELINE, sharedSubjects } from './suites/shared-subjects.js'
import { planTiered } from './suites/tiered.js'
import { TIERED_BASELINE, tieredSubjects } from './suites/tiered-subjects.js'
import {
  higherIsBetter,
  type Job,
  type Result,
  type RunOutput,
  type Skip,
  type SuiteName,
} from './types.js'
import { loadWarp } from './warp.js'

/** Options of {@link runBench} (the CLI's flags). */
export interface RunOptions {
  suites: SuiteName[]
  quick?: boolean
  full?: boolean
  /** PRNG seed of every key stream. Default 42. */
  seed?: number
  /**
   * Fresh processes each measurement runs in, interleaved across the suite's
   * subjects; the result is the median of their medians. An integer ≥ 1 (else a
   * `TypeError`). Default 3, or 1 with `quick`. Hit ratios are computed in this
   * process and deterministic, so they run once.
   */
  runs?: number
  /** Timed rounds per process; at least 5. Default 5. */
  rounds?: number
  /** Extra traces for the hit-ratio suite (`.u32`, or text with one key per line). */
  traces?: string[]
  /** Cache sizes for the hit-ratio suite instead of its own (entries). */
  hitRatioSizes?: number[]
  /** Only these subjects (by id, case-insensitive substring). */
  subjects?: string[]
  /** Run the peers of a suite even when its warp package has not landed. */
  peersOnly?: boolean
  /**
   * Progress on stderr: `'bar'` (a terminal), `'lines'` (one line per finished
   * measurement, for logs and CI) or `'off'`; `true`/`false` mean `'bar'`/`'off'`.
   * Default `'off'`.
   */
  progress?: ProgressMode | boolean
  /** Lines for the user while running (skips, notes); default: stderr. */
  log?: (line: string) => void
  /** Test hook: a module whose `subjects` export adds subjects to the child side. */
  subjectModule?: string
  /** Test hook: extra subject ids to plan, defined by `subjectModule`. */
  extraSubjects?: Partial<Record<SuiteName, Array<{ id: string; objectKeyed?: boolean }>>>
  /** `wall` (default) or `cpu`: time single-process rounds by this process's CPU time. */
  clock?: 'wall' | 'cpu'
  /** Test hook: what a suite needs before it runs, instead of {@link SUITES}' `needs`. */
  needs?: Partial<Record<SuiteName, { pkg: string; name: string }>>
  /** Per-job time limit, ms. Default 120 000. */
  jobTimeoutMs?: number
}

/** The warp export each suite needs before it can run, and its baseline. */
export const SUITES: Record<
  SuiteName,
  { title: string; needs: { pkg: string; name: string }; baseline: string }
> = {
  memory: {
    title: 'memory: in-process caches',
    needs: { pkg: '@warp/memory', name: 'SieveCache' },
    baseline: MEMORY_BASELINE,
  },
  'hit-ratio': {
    title: 'hit-ratio: SIEVE vs LRU vs FIFO vs OPT',
    needs: { pkg: '@warp/memory', name: 'SieveCache' },
    baseline: HIT_RATIO_BASELINE,
  },
  memoize: {
    title: 'memoize: memoized-call throughput',
    needs: { pkg: '@warp/memory', name: 'memoize' },
    baseline: MEMOIZE_BASELINE,
  },
  shared: {
    title: 'shared: cross-process caches',
    needs: { pkg: '@warp/shared-native', name: 'SharedCache' },
    baseline: SHARED_BASELINE,
  },
  async: {
    title: 'async: memoizeAsync and coalescing',
    needs: { pkg: '@warp/async', name: 'memoizeAsync' },
    baseline: ASYNC_BASELINE,
  },
  redis: {
    title: 'redis: RedisCache vs the raw client and other Redis caches, one server',
    needs: { pkg: '@warp/redis', name: 'RedisCache' },
    baseline: REDIS_BASELINE,
  },
  tiered: {
    title: 'tiered: TieredCache vs bentocache and cacheable, L1 + L2 on one server',
    needs: { pkg: '@warp/tiered', name: 'TieredCache' },
    baseline: TIERED_BASELINE,
  },
}

const SUBJECTS: Record<
  Exclude<SuiteName, 'hit-ratio'>,
  Record<
    string,
    {
      warp?: { pkg: string; name: string }
      notes?: string[]
      objectKeyed?: boolean
      unbounded?: boolean
    }
  >
> = {
  memory: memorySubjects,
  memoize: memoizeSubjects,
  shared: sharedSubjects,
  async: asyncSubjects,
  redis: redisSubjects,
  tiered: tieredSubjects,
}

const PLANS: Record<Exclude<SuiteName, 'hit-ratio'>, (o: PlanOptions) => Job[]> = {
  memory: planMemory,
  memoize: planMemoize,
  shared: planShared,
  async: planAsync,
  redis: planRedis,
  tiered: planTiered,
}

/** Adds `baseline` and `ratio` to each result of a (suite, group, label) cell that has a baseline. */
export function addRatios(results: Result[], baselineOf: (suite: SuiteName) => string): void {
  const cells = new Map<string, Result[]>()
  for (const r of results) {
    const key = `${r.suite}\u0000${r.group}\u0000${r.label}`
    const list = cells.get(key)
    if (list) list.push(r)
    else cells.set(key, [r])
  }
  for (const list of cells.values()) {
    const name = baselineOf(list[0]!.suite)
    const base = list.find((r) => r.subject === name && !r.error && !r.disqualified)
    if (!base || !(base.value > 0)) continue
    for (const r of list) {
      if (r.error || r.disqualified) continue
      r.baseline = name
      r.ratio = pairedRatio(r, base)
    }
  }
}

/** Runs the selected suites and returns everything measured. */
export async function runBench(options: RunOptions): Promise<RunOutput> {
  const started = Date.now()
  const loadAtStart = os.loadavg()[0]!
  const seed = options.seed ?? 42
  const quick = options.quick ?? false
  const rounds = Math.max(5, options.rounds ?? 5)
  const runs = options.runs ?? (quick ? 1 : 3)
  if (!Number.isInteger(runs) || runs < 1) {
    throw new TypeError(`runs must be an integer ≥ 1, got ${runs}`)
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const filter = options.subjects?.map((s) => s.toLowerCase())
  const pick = (all: string[]) =>
    filter ? all.filter((id) => filter.some((f) => id.toLowerCase().includes(f))) : all
  const plan: PlanOptions = {
    quick,
    full: options.full ?? false,
    seed,
    rounds,
    subjects: pick,
    subjectModule: options.subjectModule,
    clock: options.clock ?? 'wall',
  }
  const progress = new Progress(options.progress ?? false)
  const results: Result[] = []
  const skipped: Skip[] = []
  const say = (line: string) => {
    progress.end()
    log(line)
  }

  if (plan.clock === 'wall' && loadAtStart > os.availableParallelism()) {
    log(
      `note: the machine is busy (load average ${loadAtStart.toFixed(1)} on ${os.availableParallelism()} cores); ` +
        '`--clock cpu` times rounds by CPU time, which that load barely moves',
    )
  }
  // Plan every suite first so the progress bar knows the total.
  const work: Array<{ suite: SuiteName; jobs: Job[] }> = []
  let sieve:
    | ((
        max: number,
        policy?: 'sieve' | 'lru' | 'tinylfu',
      ) => { get(k: number): unknown; set(k: number, v: number): unknown })
    | undefined
  for (const suite of options.suites) {
    const needs = options.needs?.[suite] ?? SUITES[suite].needs
    const landed = await loadWarp(needs.pkg, [needs.name])
    if (!landed.ok && !options.peersOnly) {
      skipped.push({ suite, reason: landed.reason })
      say(`${suite}: skipped: ${landed.reason}`)
      continue
    }
    if (suite === 'hit-ratio') {
      if (landed.ok) {
        const SieveCache = landed.mod[needs.name]
        sieve = (max, policy) => new SieveCache({ max, policy })
      } else {
        skipped.push({ suite, subject: 'SIEVE (warp)', reason: landed.reason })
      }
      const { sources, sizes } = hitRatioSources(plan, options.traces ?? [], options.hitRatioSizes)
      progress.addTotal(sources.length * sizes.length)
      work.push({ suite, jobs: [] })
      continue
    }
    if (suite === 'redis' || suite === 'tiered') {
      const server = ensureRedisServer()
      if (!server.ok) {
        skipped.push({ suite, reason: server.reason })
        say(`${suite}: skipped: ${server.reason}`)
        continue
      }
    }
    const subjects = SUBJECTS[suite]
    let jobs = PLANS[suite](plan)
    const extra = options.extraSubjects?.[suite] ?? []
    if (extra.length > 0) {
      const template = jobs.filter((j) => j.subject === jobs[0]?.subject)
      for (const e of extra) jobs.push(...template.map((j) => ({ ...j, subject: e.id })))
    }
    const unavailable = new Set<string>()
    for (const [id, def] of Object.entries(subjects)) {
      if (!def.warp || !jobs.some((j) => j.subject === id)) continue
      const r = await loadWarp(def.warp.pkg, [def.warp.name])
      if (!r.ok) {
        unavailable.add(id)
        skipped.push({ suite, subject: id, reason: r.reason })
        say(`${suite}: ${id} skipped: ${r.reason}`)
      }
    }
    jobs = jobs.filter((j) => !unavailable.has(j.subject))
    progress.addTotal(jobs.length * runs)
    work.push({ suite, jobs })
  }

  for (const { suite, jobs } of work) {
    const suiteStart = Date.now()
    const timing = () => say(`${suite}: done in ${((Date.now() - suiteStart) / 1000).toFixed(1)} s`)
    if (suite === 'hit-ratio') {
      results.push(
        ...(await runHitRatio({
          options: plan,
          traces: options.traces ?? [],
          sizes: options.hitRatioSizes,
          makeSieve: sieve,
          tick: (label) => progress.tick(label),
          note: say,
        })),
      )
      timing()
      continue
    }
    const subjects = SUBJECTS[suite as Exclude<SuiteName, 'hit-ratio'>]
    const outcomes: JobOutcome[][] = jobs.map(() => [])
    /** Per job: the errors of runs that failed once and passed when run again. */
    const retried: string[][] = jobs.map(() => [])
    for (const { job, index, pass } of interleave(jobs, runs)) {
      const what = `${suite} ${job.subject} ${job.label}${runs > 1 ? ` (run ${pass + 1}/${runs})` : ''}`
      const done = outcomes[index]!
      // A failed smoke test is deterministic and a crash or timeout costs time: no more passes.
      if (done.some((o) => o.error !== undefined || o.disqualified !== undefined)) {
        progress.tick(what)
        continue
      }
      progress.draw(what)
      let r = await runJob(job, options.jobTimeoutMs, pass)
      if (r.error) {
        // A run can fail for a reason outside the subject's code path under test (a peer's
        // multi-process flake, a machine too loaded for the job timeout): one fresh retry, said
        // in the log and in the result's notes, before the failure counts.
        const first = r.error.split('\n')[0]
        say(`${suite}: ${job.subject} (${job.label}) failed: ${first}; running it again once`)
        const again = await runJob(job, options.jobTimeoutMs, pass)
        if (!again.error) retried[index]!.push(first ?? '')
        r = again
      }
      progress.tick(
        r.error || r.disqualified
          ? `${what}: ${r.error ? 'failed' : 'disqualified'}`
          : `${what}: ${formatValue(r.metric, r.value)}${r.metric === 'ops/s' ? ' ops/s' : ''}`,
      )
      done.push(r)
      if (r.disqualified) say(`${suite}: ${job.subject} disqualified: ${r.disqualified}`)
      if (r.error) {
        const which = runs > 1 ? `, run ${pass + 1}/${runs}` : ''
        say(`${suite}: ${job.subject} (${job.label}${which}) failed: ${r.error.split('\n')[0]}`)
      }
    }
    const mismatched = streamMismatches(jobs, outcomes)
    jobs.forEach((job, index) => {
      const result = combinePasses(outcomes[index]!)
      if (mismatched.has(index) && !result.error) {
        result.error = 'its key stream differed from the other subjects (harness bug)'
        say(`${suite}: ${job.subject} (${job.label}) failed: ${result.error}`)
      }
      const def = subjects[job.subject]
      if (def?.notes) result.notes = [...def.notes, ...(result.notes ?? [])]
      for (const error of retried[index]!) {
        result.notes = [
          ...(result.notes ?? []),
          `a run failed (${error}) and passed when run again`,
        ]
      }
      const tags = [
        ...(def?.warp ? ['warp'] : []),
        ...(def?.objectKeyed ? ['object-keyed'] : []),
        ...(def?.unbounded ? ['unbounded'] : []),
      ]
      if (tags.length > 0) result.tags = tags
      results.push(result)
    })
    timing()
  }
  progress.end()
  addRatios(results, (s) => SUITES[s].baseline)
  const meta = machineMeta(seed, quick)
  meta.durationMs = Date.now() - started
  meta.loadAverage = Math.round(loadAtStart * 100) / 100
  meta.clock = plan.clock
  meta.runs = runs
  return { meta, results, skipped }
}

/** True when a larger ratio is better for this result. */
export function betterIsHigher(r: Result): boolean {
  return higherIsBetter(r.metric)
}
