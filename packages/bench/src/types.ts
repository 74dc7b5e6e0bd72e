/** The suites `warp-bench` knows, in their default order. */
export const SUITE_NAMES = [
  'memory',
  'hit-ratio',
  'memoize',
  'shared',
  'async',
  'redis',
  'tiered',
] as const

/** One of {@link SUITE_NAMES}. */
export type SuiteName = (typeof SUITE_NAMES)[number]

/** What a result measures. `ops/s` and `hit ratio`: higher is better; `ms` and `bytes/entry`: lower is better. */
export type Metric = 'ops/s' | 'ms' | 'bytes/entry' | 'hit ratio' | 'loader calls'

/** True when a larger value of `metric` is better. */
export function higherIsBetter(metric: Metric): boolean {
  return metric === 'ops/s' || metric === 'hit ratio'
}

/** A configuration value: what a result was measured with. */
export type ConfigValue = string | number | boolean

/** One measurement to make: one subject, one configuration, in its own child process(es). */
export interface Job {
  suite: SuiteName
  /** Subject id, e.g. `lru-cache`. */
  subject: string
  /** Table the result goes into, e.g. `get + set on miss`. */
  group: string
  /** Short column label, e.g. `α1.0 max=1024 int`. */
  label: string
  config: Record<string, ConfigValue>
  metric: Metric
  /** How many processes run the workload at once (aggregate throughput). */
  processes: number
  /** Warm-up rounds before timing: at least this many… */
  warmup: number
  /** …and at least this long (ms), so the JIT reaches its steady state first. */
  warmupMs: number
  rounds: number
  seed: number
  /**
   * What a round's time is: `wall` (elapsed) or `cpu` (this process's user + system
   * time, robust to other load on the machine). Multi-process jobs and `ms` results always use wall time.
   */
  clock: Clock
  /** A module (path or file URL) whose `subjects` export adds to this suite's subjects; for tests. */
  subjectModule?: string
}

/** How rounds are timed; see {@link Job.clock}. */
export type Clock = 'wall' | 'cpu'

/** One row of `--json` output. */
export interface Result {
  suite: SuiteName
  subject: string
  group: string
  label: string
  config: Record<string, ConfigValue>
  metric: Metric
  /**
   * The median of the per-process medians (`passes[].value`); with one process,
   * the median of its rounds.
   */
  value: number
  /** The smallest timed round of all processes. */
  min: number
  /** The largest timed round of all processes. */
  max: number
  /** The clock the rounds were timed with. */
  clock?: Clock
  /** Every timed round's value, of every process, in the order they ran. */
  runs: number[]
  /**
   * One entry per fresh process the measurement ran in (`--runs`), in the order
   * they ran; for a multi-process job, one per fresh set of its processes.
   * Absent for results that are not measured in processes (hit ratios) and for
   * failed subjects.
   */
  passes?: Pass[]
  /** The subject this row is compared with, in the same group and configuration. */
  baseline?: string
  /** `value / baseline's value`. */
  ratio?: number
  /** Set when the subject failed its correctness smoke test: it is not ranked. */
  disqualified?: string
  /** Set when the subject could not run (load or runtime failure). */
  error?: string
  /** Caveats that matter when reading the number (unbounded, object-keyed, …). */
  notes?: string[]
  /** What kind of subject this is: `warp`, `object-keyed`, `unbounded`. */
  tags?: string[]
  /**
   * Other numbers (median over processes), e.g. `loader calls`, `misses` (each process's median
   * over its rounds), or `p50 ms` and `p99 ms` (per-op latency percentiles over all timed
   * operations of each process, for benches that time every op).
   */
  extra?: Record<string, number>
}

/** What one fresh process (or one fresh set of a multi-process job's processes) measured. */
export interface Pass {
  /** The median of `runs`. */
  value: number
  /** Its timed rounds, in order. */
  runs: number[]
  /** Its other numbers: per-round ones as the median over its rounds; `p50 ms`/`p99 ms` over all its timed ops. */
  extra?: Record<string, number>
}

/** A suite, or a subject of one, that did not run and why. */
export interface Skip {
  suite: SuiteName
  subject?: string
  reason: string
}

/** The machine and software a run was measured on. */
export interface Meta {
  date: string
  node: string
  v8: string
  cpu: string
  cores: number
  commit: string | null
  platform: string
  arch: string
  totalMemoryGiB: number
  /** 1-minute load average when the run started: above the core count, other work competed for the CPU. */
  loadAverage: number
  seed: number
  quick: boolean
  /** The clock requested for timed rounds (`--clock`). */
  clock: Clock
  /** Fresh processes per measurement (`--runs`). */
  runs: number
  durationMs: number
}

/** The whole output of a run (what `--json` writes). */
export interface RunOutput {
  meta: Meta
  results: Result[]
  skipped: Skip[]
}
