import { describe, expect, it } from 'vitest'
import { formatValue } from '../src/output/format.js'
import { targetLines } from '../src/output/markdown.js'
import { barChart, esc } from '../src/output/svg.js'
import { addRatios } from '../src/run.js'
import type { Result } from '../src/types.js'

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
    const svg = barChart(
      't <x>',
      'sub',
      [
        {
          label: 'c',
          bars: [
            { name: 'a', value: 2, text: '2' },
            { name: 'b', value: 1, text: '1' },
          ],
        },
      ],
      ['a', 'b'],
    )
    expect(svg).toContain('t &lt;x&gt;')
    expect(svg.match(/<rect x="190"/g)).toHaveLength(2)
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
    expect(written).toContain('[############------------] 1/2 memory lru-cache')
    written = ''
    const off = new Progress(false, stream)
    off.addTotal(1)
    off.tick('x')
    off.end()
    expect(written).toBe('')
  })
})

describe('markdown tables', () => {
  it('puts configurations in rows when there are many of them', async () => {
    const { renderMarkdown } = await import('../src/output/markdown.js')
    const results = Array.from({ length: 8 }, (_, i) => r('lru-cache', 10 + i, undefined, `c${i}`))
    const meta = {
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
    const md = renderMarkdown({ meta, results, skipped: [] })
    expect(md).toContain('| configuration | lru-cache |')
    expect(md).toContain('| c7 | 17 |')
    const few = renderMarkdown({ meta, results: results.slice(0, 2), skipped: [] })
    expect(few).toContain('| subject | c0 | c1 |')
  })
})
