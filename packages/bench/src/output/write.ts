import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { SUITES } from '../run.js'
import { higherIsBetter, type Result, type RunOutput, SUITE_NAMES } from '../types.js'
import { formatRatio, formatValue, methodPhrase, ratioPhrase, slug } from './format.js'
import { isMultiProcessGroup, metaLine, renderMarkdown } from './markdown.js'
import { type BarGroup, barChart, type LinePanel, lineGrid } from './svg.js'

/** Writes `--json FILE`. */
export function writeJson(file: string, out: RunOutput): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`)
}

function charts(out: RunOutput): Array<{ key: string; file: string; svg: string }> {
  const files: Array<{ key: string; file: string; svg: string }> = []
  const sub = metaLine(out)
  for (const suite of SUITE_NAMES) {
    const rs = out.results.filter((r) => r.suite === suite)
    if (rs.length === 0) continue
    const names = [...new Set(rs.map((r) => r.subject))]
    if (suite === 'hit-ratio') {
      const panels: LinePanel[] = []
      const bySource = new Map<string, Result[]>()
      for (const r of rs) bySource.set(r.group, [...(bySource.get(r.group) ?? []), r])
      for (const [source, list] of bySource) {
        const xs = [...new Set(list.map((r) => Number(r.config.size)))].sort((a, b) => a - b)
        panels.push({
          title: source,
          xs,
          series: names.map((n) => ({
            name: n,
            ys: xs.map((x) => list.find((r) => r.subject === n && r.config.size === x)?.value ?? 0),
          })),
        })
      }
      files.push({
        key: 'hit-ratio',
        file: 'hit-ratio.svg',
        svg: lineGrid('Hit ratio by cache size (log scale)', sub, panels, names),
      })
      continue
    }
    const groups = new Map<string, Result[]>()
    for (const r of rs) groups.set(r.group, [...(groups.get(r.group) ?? []), r])
    for (const [group, list] of groups) {
      const labels = [...new Set(list.map((r) => r.label))]
      const bars: BarGroup[] = labels.map((label) => ({
        label,
        bars: names
          .map((n) => list.find((r) => r.subject === n && r.label === label))
          .filter((r): r is Result => r !== undefined)
          .map((r) => ({
            name: r.subject,
            value: r.value,
            text: `${formatValue(r.metric, r.value)}${r.ratio !== undefined ? `  ${formatRatio(r.ratio)}` : ''}`,
            missing: r.disqualified ? 'disqualified' : r.error ? 'error' : undefined,
            min: r.min,
            max: r.max,
          })),
      }))
      const metric = list[0]!.metric
      // Some groups already name their suite ('tiered: get, …'): no 'tiered: tiered:'.
      const title = group.startsWith(`${suite}:`) ? group : `${suite}: ${group}`
      const subtitle = `${higherIsBetter(metric) ? 'longer is better' : 'shorter is better'} · ${methodPhrase(list, isMultiProcessGroup(list))} · ${ratioPhrase(list)} ${SUITES[suite].baseline} · whiskers: slowest–fastest timed round\n${sub}`
      files.push({
        key: `${suite}\u0000${group}`,
        file: `${suite}-${slug(group)}.svg`,
        svg: barChart(title, subtitle, bars),
      })
    }
  }
  return files
}

/** Writes `--out DIR`: one SVG per table, `report.md` embedding them, and `results.json`. Returns the files written. */
export function writeReport(dir: string, out: RunOutput): string[] {
  mkdirSync(dir, { recursive: true })
  const written: string[] = []
  const images = new Map<string, string>()
  for (const c of charts(out)) {
    writeFileSync(join(dir, c.file), c.svg)
    images.set(c.key, c.file)
    written.push(join(dir, c.file))
  }
  writeFileSync(join(dir, 'report.md'), renderMarkdown(out, { details: true, images }))
  written.push(join(dir, 'report.md'))
  writeJson(join(dir, 'results.json'), out)
  written.push(join(dir, 'results.json'))
  return written
}
