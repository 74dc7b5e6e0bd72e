import { describe, expect, it } from 'vitest'
import { formatValue } from '../src/output/format.js'
import { targetLines } from '../src/output/markdown.js'
import { barChart, colorFor, esc } from '../src/output/svg.js'
import { addRatios } from '../src/run.js'
import type { Result } from '../src/types.js'

const META = {
  date: '2026-01-01T00:00:00.000Z',
  node: 'v20.0.0',
  v8: '11',
  cpu: 'cpu',
  cores: 2,
  commit: null,
  platform: 'linux',
  arch: 'x64',
  totalMemoryGiB: 1,
  loadAverage: 0,
  seed: 1,
  quick: false,
  clock: 'wall' as const,
  runs: 3,
  durationMs: 0,
}

function r(subject: string, value: number, tags?: string[], label = 'c1'): Result {
  return {
    suite: 'memory',
    subject,
    group: 'g',
    label,
    config: {},
    metric: 'ops/s',
    value,
    min: value,
    max: value,
    runs: [value],
    ...(tags ? { tags } : {}),
  }
}

describe('report', () => {
  it('adds ratios to the named baseline, skipping failed subjects', () => {
    const rs = [r('lru-cache', 10), r('a', 15), { ...r('bad', 99), disqualified: 'wrong' }]
    addRatios(rs, () => 'lru-cache')
    expect(rs.map((x) => x.ratio)).toEqual([1, 1.5, undefined])
    expect(rs[1]!.baseline).toBe('lru-cache')
  })

  it('compares warp with the best bounded peer that keeps 1 and "1" apart', () => {
    const rs = [
      r('warp SieveCache', 20, ['warp']),
      r('lru-cache', 10),
      r('fast-peer', 16),
      r('tiny-lru', 40, ['object-keyed']),
      r('Map', 50, ['unbounded']),
    ]
    const lines = targetLines(rs)
    expect(lines[0]).toBe(
      "- **warp SieveCache** vs the best peer that is bounded and keeps 1 and '1' apart: c1: 1.25× (fast-peer)",
    )
    expect(lines[1]).toBe('- **warp SieveCache** vs a bare Map: c1: 0.40×')
    expect(targetLines(rs, { unbounded: true, objectKeyed: true })[0]).toMatch(/0\.40× \(Map\)/)
  })

  it('formats values in their units', () => {
    expect(formatValue('ops/s', 12_345_678)).toBe('12.3 M')
    expect(formatValue('ops/s', 950_000)).toBe('950 k')
    expect(formatValue('hit ratio', 0.4567)).toBe('45.7%')
    expect(formatValue('bytes/entry', 57.4)).toBe('57.4 B')
    expect(formatValue('ms', Number.NaN)).toBe('–')
  })

  it('escapes text in SVG and draws one bar per subject', () => {
    expect(esc('<a & "b">')).toBe('&lt;a &amp; &quot;b&quot;&gt;')
    const svg = barChart('t <x>', 'sub', [
      {
        label: 'c',
        bars: [
          { name: 'a', value: 2, text: '2' },
          { name: 'b', value: 1, text: '1' },
        ],
      },
    ])
    expect(svg).toContain('t &lt;x&gt;')
    expect(svg.match(/<rect x="190"/g)).toHaveLength(2)
  })

  it("keeps a subject's colour whatever else is charted, and tells SIEVE from LRU", () => {
    expect(colorFor('mnemonist LRUMap')).toBe(colorFor('mnemonist LRUMap'))
    const alone = barChart('t', 's', [
      { label: 'c', bars: [{ name: 'tiny-lru', value: 1, text: '1' }] },
    ])
    const crowd = barChart('t', 's', [
      {
        label: 'c',
        bars: ['quick-lru', 'lru.min', 'tiny-lru'].map((name) => ({ name, value: 1, text: '1' })),
      },
    ])
    const fill = (svg: string) =>
      svg.match(/<rect x="190"[^>]*fill="(#[0-9a-f]{6})"><title>tiny-lru/)?.[1]
    expect(fill(alone)).toBeDefined()
    expect(fill(alone)).toBe(fill(crowd))
    expect(colorFor('SIEVE (warp)')).not.toBe(colorFor('LRU (lru-cache)'))
    expect(colorFor('warp SieveCache')).not.toBe(colorFor('lru-cache'))
  })

  it('gives every subject of a suite its own colour', async () => {
    const suites = await Promise.all([
      import('../src/suites/memory-subjects.js').then((m) => m.memorySubjects),
      import('../src/suites/memoize-subjects.js').then((m) => m.memoizeSubjects),
      import('../src/suites/shared-subjects.js').then((m) => m.sharedSubjects),
      import('../src/suites/async-subjects.js').then((m) => m.asyncSubjects),
      import('../src/suites/redis-subjects.js').then((m) => m.redisSubjects),
      import('../src/suites/tiered-subjects.js').then((m) => m.tieredSubjects),
    ])
    const { POLICY_SIEVE, POLICY_LRU, POLICY_WARP_LRU, POLICY_TINYLFU, POLICY_FIFO, POLICY_OPT } =
      await import('../src/suites/hit-ratio.js')
    const policies = [
      POLICY_SIEVE,
      POLICY_LRU,
      POLICY_WARP_LRU,
      POLICY_TINYLFU,
      POLICY_FIFO,
      POLICY_OPT,
    ]
    for (const names of [...suites.map((subjects) => Object.keys(subjects)), policies]) {
      const byColour = new Map<string, string[]>()
      for (const n of names) byColour.set(colorFor(n), [...(byColour.get(colorFor(n)) ?? []), n])
      expect([...byColour.values()].filter((same) => same.length > 1)).toEqual([])
    }
  })

  it('makes room for long subject names and titles instead of cutting them', () => {
    const name = 'cacheable (primary + secondary + sync)'
    const title = 'tiered: set in one instance until another instance reads the new value (ops/s)'
    const svg = barChart(title, 's', [{ label: 'c', bars: [{ name, value: 1, text: '1' }] }])
    const left = Number(svg.match(/<rect x="(\d+)"[^>]*fill="#/)?.[1])
    // The name is right-aligned 8 px before the bars at ~6 px per character of 11 px text.
    expect(left - 8).toBeGreaterThanOrEqual(name.length * 6)
    const width = Number(svg.match(/<svg [^>]*width="([\d.]+)"/)?.[1])
    expect(width).toBeGreaterThanOrEqual(title.length * 9)
  })

  it('draws a min–max whisker that reaches past the bar', () => {
    const svg = barChart('t', 's', [
      { label: 'c', bars: [{ name: 'a', value: 50, text: '50', min: 40, max: 100 }] },
    ])
    // The scale's top is the largest max, so the whisker ends at the chart's right edge.
    expect(svg).toMatch(/<path d="M\d+(\.\d)? \d+H710(\.0)?/)
  })
})

describe('paired ratios', () => {
  it('labels bracketed ratios as paired, with a footnote, when measurements ran in several processes', async () => {
    const { renderMarkdown } = await import('../src/output/markdown.js')
    const passes = (v: number[]) => v.map((value) => ({ value, runs: [value] }) as never)
    const a = { ...r('lru-cache', 10), passes: passes([9, 10, 11]), ratio: 1 }
    const b = { ...r('warp SieveCache', 20), passes: passes([22, 20, 18]), ratio: 2.2 }
    const meta = { ...META, runs: 3 }
    const md = renderMarkdown({ meta, results: [a, b], skipped: [] } as never)
    expect(md).toContain('paired ratio to')
    expect(md).toMatch(/¹ Paired ratio/)
    const single = renderMarkdown({
      meta,
      results: [r('lru-cache', 10), r('warp SieveCache', 20)],
      skipped: [],
    } as never)
    expect(single).not.toContain('paired')
  })
})

describe('progress bar', () => {
  it('draws on an enabled stream, even one that reports 0 columns, and nothing when disabled', async () => {
    const { Progress } = await import('../src/progress.js')
    let written = ''
    const stream = {
      columns: 0,
      write: (s: string) => {
        written += s
        return true
      },
    } as unknown as NodeJS.WriteStream
    const p = new Progress(true, stream)
    p.addTotal(2)
    p.tick('memory lru-cache')
    p.end()
    expect(written).toContain('[##########----------] 1/2 memory lru-cache')
    written = ''
    const off = new Progress(false, stream)
    off.addTotal(1)
    off.tick('x')
    off.end()
    expect(written).toBe('')
  })

  it('fits the label and an ETA into the terminal width', async () => {
    const { Progress } = await import('../src/progress.js')
    const lines: string[] = []
    let t = 0
    const p = new Progress('bar', { columns: 60, write: (s: string) => lines.push(s) }, () => t)
    p.addTotal(4)
    t = 10_000
    p.tick(`memory ${'very long subject name '.repeat(5)}α1.0 max=1024`)
    const last = lines.at(-1)!.replace('\r', '')
    expect(last.length).toBeLessThanOrEqual(59)
    expect(last).toContain('…')
    expect(last).toMatch(/ETA 30 s$/) // 1 done in 10 s, 3 to go
  })

  it('prints one line per finished measurement when not on a terminal', async () => {
    const { Progress } = await import('../src/progress.js')
    let written = ''
    const p = new Progress('lines', { write: (s: string) => (written += s) }, () => 0)
    p.addTotal(2)
    p.draw('running a')
    p.tick('a: 1.0 M ops/s')
    p.tick('b: 2.0 M ops/s')
    p.end()
    expect(written.split('\n').filter(Boolean)).toEqual([
      '[1/2] a: 1.0 M ops/s · ETA 0 s',
      '[2/2] b: 2.0 M ops/s',
    ])
    expect(written).not.toContain('\r')
  })
})

describe('markdown tables', () => {
  it('puts configurations in rows when there are many of them', async () => {
    const { renderMarkdown } = await import('../src/output/markdown.js')
    const results = Array.from({ length: 8 }, (_, i) => r('lru-cache', 10 + i, undefined, `c${i}`))
    const meta = META
    const md = renderMarkdown({ meta, results, skipped: [] })
    expect(md).toContain('| configuration | lru-cache |')
    expect(md).toContain('| c7 | 17 |')
    const few = renderMarkdown({ meta, results: results.slice(0, 2), skipped: [] })
    expect(few).toContain('| subject | c0 | c1 |')
  })

  it('prints the p50 and p99 of a result that timed every op beside its value', async () => {
    const { renderMarkdown } = await import('../src/output/markdown.js')
    const inv = { ...r('bento', 1250), extra: { 'p50 ms': 0.412, 'p99 ms': 2.5 } }
    const md = renderMarkdown({ meta: META, results: [inv, r('other', 900)], skipped: [] })
    expect(md).toContain('| bento | 1.3 k, p50 0.41 ms · p99 2.50 ms |')
    expect(md).toContain('| other | 900 |')
  })
})
