import type { Metric, Result } from '../types.js'

/** A value in its metric's unit, short: `12.3 M`, `1.23 ms`, `52 B`, `45.2%`. */
export function formatValue(metric: Metric, v: number): string {
  if (!Number.isFinite(v)) return '–'
  switch (metric) {
    case 'ops/s':
      if (v >= 1e6) return `${(v / 1e6).toFixed(v >= 1e8 ? 0 : v >= 1e7 ? 1 : 2)} M`
      if (v >= 1e3) return `${(v / 1e3).toFixed(v >= 1e5 ? 0 : 1)} k`
      return v.toFixed(0)
    case 'ms':
      return `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ms`
    case 'bytes/entry':
      return `${v.toFixed(v >= 100 ? 0 : 1)} B`
    case 'hit ratio':
      return `${(v * 100).toFixed(1)}%`
    default:
      return v.toFixed(v >= 100 ? 0 : 2)
  }
}

/** A ratio as `1.52×`. */
export function formatRatio(r: number | undefined): string {
  return r === undefined || !Number.isFinite(r) ? '' : `${r.toFixed(2)}×`
}

/** A file-name-safe slug. */
export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/**
 * How a table's values were taken, e.g. `median of 3 processes × 5 rounds`, from
 * the first result that ran. `multiProcess`: the group's jobs run several
 * processes at once, so each repeat is a fresh set of processes, not one.
 */
export function methodPhrase(results: readonly Result[], multiProcess = false): string {
  const r =
    results.find((x) => x.passes && x.passes.length > 0) ?? results.find((x) => x.runs.length > 0)
  if (!r) return 'median'
  if (!r.passes) return `median of ${count(r.runs.length, 'round', 'rounds')}`
  const n = r.passes.length
  const rounds = count(r.passes[0]!.runs.length, 'round', 'rounds')
  return multiProcess
    ? `median of ${count(n, 'run', 'runs')} (each a fresh set of processes) × ${rounds}`
    : `median of ${count(n, 'process', 'processes')} × ${rounds}`
}

/**
 * How the bracketed ratios of `results` were computed: `'paired ratio to'` when
 * they are medians of per-process ratios (several processes per measurement), so
 * a ratio may differ from the quotient of the two medians printed beside it;
 * `'ratio to'` when they are plain quotients of the shown values.
 */
export function ratioPhrase(results: ReadonlyArray<{ passes?: readonly unknown[] }>): string {
  return results.some((r) => (r.passes?.length ?? 0) > 1) ? 'paired ratio to' : 'ratio to'
}
