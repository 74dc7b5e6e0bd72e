import { SUITES } from '../run.js'
import { pairedRatio } from '../stats.js'
import {
  POLICY_FIFO,
  POLICY_LRU,
  POLICY_OPT,
  POLICY_SIEVE,
  POLICY_TINYLFU,
  POLICY_WARP_LRU,
} from '../suites/hit-ratio.js'
import { higherIsBetter, type Result, type RunOutput, SUITE_NAMES } from '../types.js'
import { formatRatio, formatValue, methodPhrase, ratioPhrase } from './format.js'

/** Groups preserving first-seen order. */
function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>()
  for (const it of items) {
    const k = key(it)
    const l = m.get(k)
    if (l) l.push(it)
    else m.set(k, [it])
  }
  return m
}

function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
}

function cell(r: Result | undefined): string {
  if (!r) return ''
  if (r.disqualified) return 'disqualified'
  if (r.error) return 'error'
  let s = formatValue(r.metric, r.value)
  if (r.extra?.['loader calls'] !== undefined) s += `, ${r.extra['loader calls']} loads`
  if (r.extra?.['wrong or missing']) s += `, ${r.extra['wrong or missing']} wrong`
  if (r.extra?.misses) s += `, ${r.extra.misses} misses`
  const p50 = r.extra?.['p50 ms']
  const p99 = r.extra?.['p99 ms']
  if (p50 !== undefined && p99 !== undefined) {
    s += `, p50 ${formatValue('ms', p50)} · p99 ${formatValue('ms', p99)}`
  }
  const ratio = formatRatio(r.ratio)
  return ratio ? `${s} (${ratio})` : s
}

/** The one-paragraph machine line. */
export function metaLine(out: RunOutput): string {
  const m = out.meta
  return (
    `${m.date} · Node ${m.node} (V8 ${m.v8}) · ${m.cpu} × ${m.cores} cores · ` +
    `${m.platform}/${m.arch} · load ${m.loadAverage} · commit ${m.commit?.slice(0, 10) ?? 'unknown'} · seed ${m.seed}` +
    `${m.quick ? ' · --quick' : ''}${m.runs ? ` · runs ${m.runs}` : ''} · ${m.clock === 'cpu' ? 'CPU-time clock · ' : ''}${(m.durationMs / 1000).toFixed(0)} s`
  )
}

/** True for a group whose jobs run several processes at once (the shared suite's gets). */
export function isMultiProcessGroup(results: readonly Result[]): boolean {
  return results.some((r) => r.label === '1 process')
}

function groupTable(results: Result[], baseline: string, details: boolean): string[] {
  const lines: string[] = []
  const labels = [...new Set(results.map((r) => r.label))]
  const subjects = [...new Set(results.map((r) => r.subject))]
  const metric = results[0]!.metric
  const method = methodPhrase(results, isMultiProcessGroup(results))
  const find = (s: string, l: string) => results.find((r) => r.subject === s && r.label === l)
  if (labels.length > 6 && labels.length > subjects.length) {
    // Many configurations (--full): one row per configuration keeps the table readable.
    lines.push(row(['configuration', ...subjects]))
    lines.push(row(['---', ...subjects.map(() => '---:')]))
    for (const l of labels) lines.push(row([l, ...subjects.map((s) => cell(find(s, l)))]))
  } else {
    lines.push(row(['subject', ...labels]))
    lines.push(row(['---', ...labels.map(() => '---:')]))
    for (const s of subjects) lines.push(row([s, ...labels.map((l) => cell(find(s, l)))]))
  }
  lines.push(
    '',
    `${method[0]!.toUpperCase()}${method.slice(1)}; in brackets the ${ratioPhrase(results)} **${baseline}**` +
      ` (${higherIsBetter(metric) ? 'higher' : 'lower'} is better)${ratioPhrase(results) === 'ratio to' ? '.' : '¹.'}`,
  )
  if (ratioPhrase(results) !== 'ratio to') {
    lines.push(
      '',
      '¹ Paired ratio: the median over processes of (this subject ÷ the baseline) in the same pass, ' +
        'which cancels load that hit both; it can differ from the quotient of the two medians shown.',
    )
  }
  const notes = new Map<string, string>()
  for (const r of results) {
    for (const n of r.notes ?? []) notes.set(`${r.subject}: ${n}`, '')
    if (r.disqualified) notes.set(`${r.subject}: disqualified — ${r.disqualified}`, '')
    if (r.error) notes.set(`${r.subject} (${r.label}): error — ${r.error.split('\n')[0]}`, '')
  }
  if (notes.size > 0) lines.push('', ...[...notes.keys()].map((n) => `- ${n}`))
  if (details) {
    lines.push(
      '',
      row([
        'subject',
        'config',
        'median',
        'min',
        'max',
        'per-process medians',
        'processes × rounds',
      ]),
    )
    lines.push(row(['---', '---', '---:', '---:', '---:', '---:', '---:']))
    for (const r of results) {
      if (r.error || r.disqualified) continue
      const passes = r.passes ?? [{ value: r.value, runs: r.runs }]
      lines.push(
        row([
          r.subject,
          r.label,
          formatValue(r.metric, r.value),
          formatValue(r.metric, r.min),
          formatValue(r.metric, r.max),
          passes.map((p) => formatValue(r.metric, p.value)).join(' · '),
          `${passes.length} × ${passes[0]?.runs.length ?? 0}`,
        ]),
      )
    }
  }
  return lines
}

const ok = (r: Result | undefined): r is Result => !!r && !r.error && !r.disqualified

/**
 * The comparisons warp's targets are stated in: each warp subject against the
 * best peer that is bounded and keeps `1` and `'1'` apart (`allow` lets
 * unbounded or object-keyed peers count, as the async targets do), per configuration.
 */
export function targetLines(
  results: Result[],
  allow: { unbounded?: boolean; objectKeyed?: boolean } = {},
): string[] {
  const labels = [...new Set(results.map((r) => r.label))]
  const warp = [...new Set(results.filter((r) => r.tags?.includes('warp')).map((r) => r.subject))]
  const lines: string[] = []
  const better = higherIsBetter(results[0]!.metric)
  for (const w of warp) {
    const parts: string[] = []
    for (const l of labels) {
      const mine = results.find((r) => r.subject === w && r.label === l)
      const peers = results.filter(
        (r) =>
          r.label === l &&
          ok(r) &&
          !r.tags?.includes('warp') &&
          (allow.objectKeyed || !r.tags?.includes('object-keyed')) &&
          (allow.unbounded || !r.tags?.includes('unbounded')),
      )
      if (!ok(mine) || peers.length === 0) continue
      const best = peers.reduce((a, b) =>
        (better ? b.value > a.value : b.value < a.value) ? b : a,
      )
      parts.push(`${l}: ${formatRatio(pairedRatio(mine, best))} (${best.subject})`)
    }
    if (parts.length > 0) {
      const which =
        allow.unbounded && allow.objectKeyed
          ? 'the best peer'
          : "the best peer that is bounded and keeps 1 and '1' apart"
      const direction = better ? '' : ' (lower is better)'
      lines.push(`- **${w}** vs ${which}${direction}: ${parts.join(' · ')}`)
    }
  }
  const floor = results.filter((r) => r.subject === 'Map')
  if (floor.length > 0) {
    for (const w of warp) {
      const parts = labels.flatMap((l) => {
        const mine = results.find((r) => r.subject === w && r.label === l)
        const map = floor.find((r) => r.label === l)
        return ok(mine) && ok(map) ? [`${l}: ${formatRatio(pairedRatio(mine, map))}`] : []
      })
      if (parts.length > 0) lines.push(`- **${w}** vs a bare Map: ${parts.join(' · ')}`)
    }
  }
  return lines
}

/** For multi-process groups: each subject's throughput with N processes over 1 process. */
function scalingLines(results: Result[]): string[] {
  const lines: string[] = []
  for (const s of new Set(results.map((r) => r.subject))) {
    const mine = results.filter((r) => r.subject === s && ok(r))
    const one = mine.find((r) => r.label === '1 process')
    if (!one) continue
    const parts = mine
      .filter((r) => r !== one)
      .map((r) => `${r.label}: ${formatRatio(pairedRatio(r, one))}`)
    if (parts.length > 0) lines.push(`- **${s}** scaling over 1 process: ${parts.join(' · ')}`)
  }
  return lines
}

function hitRatioTable(results: Result[]): string[] {
  const policies = [
    POLICY_SIEVE,
    POLICY_WARP_LRU,
    POLICY_TINYLFU,
    POLICY_LRU,
    POLICY_FIFO,
    POLICY_OPT,
  ].filter((p) => results.some((r) => r.subject === p))
  const hasSieve = policies.includes(POLICY_SIEVE)
  const lines = [
    'Hits / requests when every request is `get`, and a miss is followed by `set`. OPT is the offline upper bound.',
    '',
    row(['source', 'size', ...policies, ...(hasSieve ? ['SIEVE − LRU'] : [])]),
    row(['---', '---:', ...policies.map(() => '---:'), ...(hasSieve ? ['---:'] : [])]),
  ]
  for (const [, list] of groupBy(results, (r) => `${r.group}\u0000${r.label}`)) {
    const first = list[0]!
    const get = (p: string) => list.find((r) => r.subject === p)
    const cells = policies.map((p) => {
      const r = get(p)
      return r ? formatValue('hit ratio', r.value) + (r.notes ? ' ⚠' : '') : ''
    })
    const diff = hasSieve
      ? [
          `${(((get(POLICY_SIEVE)?.value ?? 0) - (get(POLICY_LRU)?.value ?? 0)) * 100).toFixed(1)} pt`,
        ]
      : []
    lines.push(row([first.group, String(first.config.size), ...cells, ...diff]))
  }
  const warnings = results.filter((r) => r.notes)
  if (warnings.length > 0) {
    lines.push(
      '',
      ...warnings.map((r) => `- ⚠ ${r.subject} on ${r.group} ${r.label}: ${r.notes!.join('; ')}`),
    )
  }
  return lines
}

/**
 * Renders a run as markdown: the machine line, skipped suites, and per suite one
 * table per group. `details` adds median/min/max per result (for the report file).
 */
export function renderMarkdown(
  out: RunOutput,
  options: { details?: boolean; images?: Map<string, string> } = {},
): string {
  const lines: string[] = ['# warp-bench', '', metaLine(out), '']
  const runs = out.meta.runs ?? 1
  const repeats =
    runs > 1
      ? `Each measurement ran in ${runs} fresh processes, interleaved with the other subjects' ` +
        '(the first process of every measurement of a suite, then the second, …); a value is the median ' +
        'of the per-process medians, because the speed of one process varies from the next. '
      : 'Each measurement ran in one fresh process (`--runs 1`), so one process that happened to run ' +
        'slow or fast sets its value. '
  lines.push(
    'Absolute numbers depend on the machine; compare the ratios. ' +
      repeats +
      'Every subject ran in processes of its own, on the same seeded key streams, after a correctness smoke test.',
    '',
  )
  if (out.meta.loadAverage > out.meta.cores) {
    lines.push(
      `> **Noisy machine:** the load average (${out.meta.loadAverage}) was above the core count ` +
        `(${out.meta.cores}) when this run started; other work competed for the CPU.`,
      '',
    )
  }
  const suiteSkips = out.skipped.filter((s) => !s.subject)
  for (const s of suiteSkips) lines.push(`- **${s.suite}**: skipped: ${s.reason}`)
  const subjectSkips = out.skipped.filter((s) => s.subject)
  for (const s of subjectSkips) lines.push(`- ${s.suite} / ${s.subject}: skipped: ${s.reason}`)
  if (out.skipped.length > 0) lines.push('')
  for (const suite of SUITE_NAMES) {
    const rs = out.results.filter((r) => r.suite === suite)
    if (rs.length === 0) continue
    lines.push(`## ${SUITES[suite].title}`, '')
    if (suite === 'hit-ratio') {
      const img = options.images?.get('hit-ratio')
      if (img) lines.push(`![hit ratio](${img})`, '')
      lines.push(...hitRatioTable(rs), '')
      continue
    }
    for (const [group, list] of groupBy(rs, (r) => r.group)) {
      lines.push(`### ${group}`, '')
      const img = options.images?.get(`${suite}\u0000${group}`)
      if (img) lines.push(`![${group}](${img})`, '')
      lines.push(...groupTable(list, SUITES[suite].baseline, options.details ?? false), '')
      const extra = [
        ...targetLines(list, suite === 'async' ? { unbounded: true, objectKeyed: true } : {}),
        ...(list.some((r) => r.label === '1 process') ? scalingLines(list) : []),
      ]
      if (extra.length > 0) lines.push(...extra, '')
    }
  }
  return `${lines.join('\n').trimEnd()}\n`
}
