import { parseArgs } from 'node:util'
import { SUITE_NAMES, type SuiteName } from './types.js'

/** The suites a plain `warp-bench` runs: all but `redis`, which needs (or starts) a server; name it to run it. */
export const DEFAULT_SUITES: SuiteName[] = SUITE_NAMES.filter((suite) => suite !== 'redis')

export const HELP = `warp-bench — warp's caches against their peers, side by side

Usage: warp-bench [suite ...] [options]

Suites (default: all but redis; a suite whose warp package has not landed is skipped):
  memory      in-process caches: get + set on miss over Zipf streams, hits, evictions, heap/entry
  hit-ratio   SIEVE vs LRU vs FIFO vs Belady OPT on synthetic workloads and traces
  memoize     memoized-call throughput, 1 and 2 arguments
  shared      SharedCache vs lmdb, 1/2/4 processes; memoize over SharedCache
  async       memoizeAsync hits, coalescing and a cross-process stampede vs p-memoize, async-cache-dedupe
  redis       RedisCache vs raw iovalkey, keyv, cache-manager, bentocache (WARP_REDIS_URL or a
              redis-server it starts)
  tiered      TieredCache (L1 + Redis L2 + pub/sub) vs bentocache, cacheable: L1 hits, L2 hits,
              invalidation (mean, p50, p99)

Options:
  --quick            fewer configurations, shorter rounds, one process per measurement (~20 s)
  --full             the whole matrix (every α and cache size); takes several minutes
  --runs N           fresh processes per measurement, interleaved across subjects; the value is
                     the median of their medians (min 1; default 3, with --quick 1)
  --rounds N         timed rounds per process (min 5; default 5)
  --seed N           seed of every key stream (default 42)
  --clock wall|cpu   time rounds by elapsed time (default) or by the subject process's CPU time,
                     which other load on a shared machine barely moves (multi-process runs: wall)
  --subjects A,B     only subjects whose name contains one of these (case-insensitive)
  --trace FILE       add a trace to the hit-ratio suite (repeatable): FILE.u32 holds
                     little-endian uint32 key ids; any other file is text, one key per line
  --sizes N,N,...    cache sizes (entries) of the hit-ratio suite, instead of its own
                     (16,100,256,1000,2000; --quick 100,1000; --full 16…2000)
  --peers-only       run a suite's peers even when its warp package has not landed
  --json FILE        write machine-readable results ({ meta, results, skipped })
  --out DIR          write SVG charts, report.md and results.json into DIR
  --no-progress      no progress on stderr (default: a bar with an ETA when stderr is a
                     terminal, else one line per finished measurement)
  -h, --help         this text

Markdown tables go to stdout; progress and notes to stderr.
Example: warp-bench memory hit-ratio --quick --out report/
`

/** Parsed command line. */
export interface CliArgs {
  help: boolean
  suites: SuiteName[]
  quick: boolean
  full: boolean
  /** Fresh processes per measurement; `undefined` leaves the default (3, or 1 with `--quick`) to `runBench`. */
  runs?: number
  rounds?: number
  seed: number
  subjects?: string[]
  traces: string[]
  /** Cache sizes for the hit-ratio suite (`--sizes`), ascending; `undefined`: the suite's own. */
  sizes?: number[]
  peersOnly: boolean
  json?: string
  out?: string
  /** How to show progress on stderr; see `ProgressMode`. */
  progress: 'bar' | 'lines' | 'off'
  clock: 'wall' | 'cpu'
}

function int(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < min)
    throw new TypeError(`--${name} must be an integer ≥ ${min}, got ${v}`)
  return n
}

/** `--sizes`: comma-separated integers ≥ 1, deduplicated and sorted. */
function sizeList(v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined
  const sizes = v.split(',').map((part) => {
    const n = Number(part.trim())
    if (part.trim() === '' || !Number.isSafeInteger(n) || n < 1) {
      throw new TypeError(`--sizes takes cache sizes ≥ 1 separated by commas, got ${v}`)
    }
    return n
  })
  return [...new Set(sizes)].sort((a, b) => a - b)
}

/** Parses argv (without node and script). Throws a `TypeError` with a readable message on bad input. */
export function parseCli(argv: string[]): CliArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      quick: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      runs: { type: 'string' },
      rounds: { type: 'string' },
      seed: { type: 'string' },
      clock: { type: 'string', default: 'wall' },
      subjects: { type: 'string' },
      trace: { type: 'string', multiple: true, default: [] },
      sizes: { type: 'string' },
      'peers-only': { type: 'boolean', default: false },
      json: { type: 'string' },
      out: { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
    },
  })
  const suites: SuiteName[] = []
  for (const p of positionals) {
    if (!(SUITE_NAMES as readonly string[]).includes(p)) {
      throw new TypeError(`unknown suite "${p}" (suites: ${SUITE_NAMES.join(', ')})`)
    }
    if (!suites.includes(p as SuiteName)) suites.push(p as SuiteName)
  }
  if (values.quick && values.full) throw new TypeError('--quick and --full exclude each other')
  if (values.clock !== 'wall' && values.clock !== 'cpu') {
    throw new TypeError(`--clock must be wall or cpu, got ${values.clock}`)
  }
  return {
    help: values.help ?? false,
    suites: suites.length > 0 ? suites : DEFAULT_SUITES,
    quick: values.quick ?? false,
    full: values.full ?? false,
    runs: int('runs', values.runs, 1),
    rounds: int('rounds', values.rounds, 5),
    seed: int('seed', values.seed, 0) ?? 42,
    subjects: values.subjects
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    traces: values.trace ?? [],
    sizes: sizeList(values.sizes),
    peersOnly: values['peers-only'] ?? false,
    json: values.json,
    out: values.out,
    progress: values['no-progress'] ? 'off' : process.stderr.isTTY === true ? 'bar' : 'lines',
    clock: values.clock,
  }
}
