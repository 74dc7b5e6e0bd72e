import { execFile, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Ajv } from 'ajv'
import { afterAll, describe, expect, it, onTestFailed } from 'vitest'
import { parseCli } from '../src/args.js'
import { renderMarkdown } from '../src/output/markdown.js'
import { resultsSchema } from '../src/output/schema.js'
import { writeJson, writeReport } from '../src/output/write.js'
import { type RunOptions, runBench } from '../src/run.js'
import { GROUP_STAMPEDE } from '../src/suites/async.js'
import { GROUP_TIERED_INVALIDATION } from '../src/suites/tiered.js'
import type { RunOutput, SuiteName } from '../src/types.js'

const run = promisify(execFile)
const out = mkdtempSync(join(tmpdir(), 'warp-bench-e2e-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))
const bin = fileURLToPath(new URL('../bin/warp-bench.mjs', import.meta.url))
/**
 * `warp-bench hit-ratio --quick --peers-only --trace <trace> --json <json> [...more]`, as a user
 * runs it.
 */
const hitRatioCli = (trace: string, json: string, ...more: string[]) =>
  run(process.execPath, [
    bin,
    'hit-ratio',
    '--quick',
    '--peers-only',
    '--trace',
    trace,
    '--json',
    json,
    ...more,
  ])
const fixtures = new URL('./fixtures/wrong-subjects.mjs', import.meta.url).href
const flakyFixtures = new URL('./fixtures/flaky-subjects.mjs', import.meta.url).href

const ajv = new Ajv({
  allErrors: true,
  allowUnionTypes: true,
  formats: { 'date-time': (s: string) => !Number.isNaN(Date.parse(s)) },
})
const validate = ajv.compile(resultsSchema)

function tiny(
  suite: SuiteName,
  subjects: string[],
  extra: Partial<RunOptions> = {},
): Promise<RunOutput> {
  const lines: string[] = []
  // The bench's own log (failures of a subject's process among them), shown when a test fails.
  onTestFailed(() => console.log(`[bench e2e] ${suite} log:\n${lines.join('\n')}`))
  return runBench({
    suites: [suite],
    quick: true,
    rounds: 5,
    subjects,
    peersOnly: true,
    log: (l) => lines.push(l),
    ...extra,
  })
}

/** True when a warp package's build output exists (the child processes load dist/, not src/). */
function warpBuilt(pkg: string): boolean {
  return existsSync(fileURLToPath(new URL(`../../${pkg}/dist/index.js`, import.meta.url)))
}

function expectValid(o: RunOutput): void {
  const file = join(out, `${Math.random().toString(36).slice(2)}.json`)
  writeJson(file, o)
  const ok = validate(JSON.parse(readFileSync(file, 'utf8')))
  expect(validate.errors ?? []).toEqual([])
  expect(ok).toBe(true)
}

describe('a tiny end-to-end run of each suite', () => {
  it('memory', async () => {
    const o = await tiny('memory', ['lru-cache', 'warp SieveCache'])
    // Once @warp/memory has landed and is built, its SieveCache runs here too, and must not fail.
    const warp = o.results.filter((r) => r.subject === 'warp SieveCache')
    if (warpBuilt('memory')) for (const r of warp) expect(r.error ?? r.disqualified).toBeUndefined()
    const ok = o.results.filter((r) => !r.error && !r.disqualified)
    expect(ok.length).toBeGreaterThanOrEqual(4)
    for (const r of ok) {
      expect(r.runs.length).toBe(r.metric === 'bytes/entry' ? 1 : 5)
      expect(r.value).toBeGreaterThan(0)
      expect(r.min).toBeLessThanOrEqual(r.value)
      expect(r.max).toBeGreaterThanOrEqual(r.value)
      expect(r.baseline).toBe('lru-cache')
    }
    expect(ok.find((r) => r.subject === 'lru-cache')?.ratio).toBe(1)
    // The full-cache hit cell (max = the stream's distinct keys) holds every key: nothing misses.
    const full = ok.filter((r) => r.config.max === 'keys')
    expect(full.map((r) => r.subject)).toContain('lru-cache')
    for (const r of full) expect([r.subject, r.extra?.misses]).toEqual([r.subject, 0])
    expect(o.meta.node).toBe(process.version)
    expect(o.meta.cores).toBeGreaterThan(0)
    expectValid(o)
    const md = renderMarkdown(o)
    expect(md).toMatch(/\| lru-cache \| [\d.]+ [Mk]? ?\(1\.00×\)/)
    const files = writeReport(join(out, 'report'), o)
    const svgs = files.filter((f) => f.endsWith('.svg'))
    expect(svgs.length).toBeGreaterThanOrEqual(3)
    for (const f of svgs) {
      const svg = readFileSync(f, 'utf8')
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
      expect(svg).toMatch(/<rect x="\d+" y="[\d.]+" width="[\d.]+"/)
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
    }
    // --quick runs each measurement in one process; the report's details say so per row.
    expect(o.meta.runs).toBe(1)
    const report = readFileSync(join(out, 'report', 'report.md'), 'utf8')
    expect(report).toMatch(/\| lru-cache \| α1\.0 max=1024 int \|( [^|]+ \|){4} 1 × 5 \|/)
    expect(report).toContain('Median of 1 process × 5 rounds')
  })

  it('hit-ratio', async () => {
    const o = await tiny('hit-ratio', [])
    const opt = o.results.filter((r) => r.subject === 'OPT (Belady)')
    expect(opt.length).toBeGreaterThan(0)
    for (const r of opt) {
      const lru = o.results.find(
        (x) => x.subject === 'LRU (lru-cache)' && x.group === r.group && x.label === r.label,
      )!
      expect(r.value).toBeGreaterThanOrEqual(lru.value)
      expect(r.notes).toBeUndefined() // agrees with expected-hits.json where it applies
    }
    expectValid(o)
    expect(writeReport(join(out, 'hr'), o).some((f) => f.endsWith('hit-ratio.svg'))).toBe(true)
  })

  it('memoize', async () => {
    const o = await tiny('memoize', ['lru-cache memo', 'micro-memoize'])
    expect(o.results.filter((r) => !r.error && !r.disqualified && r.value > 0)).toHaveLength(4)
    expectValid(o)
  })

  it('shared (lmdb, 1 and 2 processes), each measurement in 2 fresh runs', async () => {
    const o = await tiny('shared', ['lmdb'], { clock: 'cpu', runs: 2 })
    const get = o.results.filter((r) => r.group.startsWith('get'))
    expect(get.map((r) => r.label)).toEqual(['1 process', '2 processes'])
    // CPU time would hide contention between processes, so multi-process rounds use wall time.
    expect(get.map((r) => r.clock)).toEqual(['cpu', 'wall'])
    expect(o.meta.clock).toBe('cpu')
    expect(o.meta.runs).toBe(2)
    for (const r of o.results) {
      expect(r.error).toBeUndefined()
      expect(r.value).toBeGreaterThan(0)
      // Two passes of 5 rounds; the value is the median (here: mean) of their medians.
      expect(r.passes?.map((p) => p.runs.length)).toEqual([5, 5])
      expect(r.value).toBeCloseTo((r.passes![0]!.value + r.passes![1]!.value) / 2)
      expect(r.runs).toEqual(r.passes!.flatMap((p) => p.runs))
      expect(r.min).toBe(Math.min(...r.runs))
      expect(r.max).toBe(Math.max(...r.runs))
    }
    for (const r of get) {
      expect(r.extra?.['wrong or missing']).toBe(0)
      for (const p of r.passes!) expect(p.extra?.['wrong or missing']).toBe(0)
    }
    // Each pass opened a store of its own and removed it.
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`warp-bench-${process.pid}-`))).toEqual(
      [],
    )
    expectValid(o)
    const md = renderMarkdown(o)
    expect(md).toContain('Median of 2 runs (each a fresh set of processes) × 5 rounds')
    expect(md).toContain('Median of 2 processes × 5 rounds')
    expect(md).toContain('Each measurement ran in 2 fresh processes')
  })

  it('async', async () => {
    const o = await tiny('async', ['p-memoize (Map)'])
    const coalesce = o.results.find((r) => r.metric === 'ms')!
    expect(coalesce.error).toBeUndefined()
    expect(coalesce.extra?.['loader calls']).toBe(10)
    // The stampede: a store per process loads each of the 200 keys once per process (2 with --quick).
    const stampede = o.results.find((r) => r.group === GROUP_STAMPEDE)!
    expect(stampede.error).toBeUndefined()
    expect(stampede.extra?.['loader calls']).toBe(400)
    expectValid(o)
  })

  // The tiered suite needs a Redis server: WARP_REDIS_URL, or a redis-server it starts itself.
  const noRedis =
    !process.env.WARP_REDIS_URL &&
    spawnSync('redis-server', ['--version']).status !== 0 &&
    process.env.CI !== 'true'
  it.skipIf(noRedis)(
    `tiered (cacheable, --clock cpu): invalidation p50 and p99${noRedis ? ' — skipped: no WARP_REDIS_URL and no redis-server on PATH' : ''}`,
    async () => {
      const o = await tiny('tiered', ['cacheable'], { clock: 'cpu' })
      expect(o.skipped).toEqual([])
      expect(o.results.map((r) => r.label)).toEqual([
        'L1 hit',
        'L2 hit (fresh instance)',
        'set → other instance sees it',
      ])
      for (const r of o.results) {
        expect(r.error ?? r.disqualified).toBeUndefined()
        expect(r.value).toBeGreaterThan(0)
      }
      const inv = o.results.find((r) => r.group === GROUP_TIERED_INVALIDATION)!
      // Latency is mostly waiting on Redis: wall clock even under --clock cpu.
      expect(inv.clock).toBe('wall')
      const p50 = inv.extra?.['p50 ms']
      const p99 = inv.extra?.['p99 ms']
      expect(p50).toBeGreaterThan(0)
      expect(p99).toBeGreaterThanOrEqual(p50!)
      // The ops of a round fit in its time, so at least half of them cannot take more than twice
      // the mean, 1 / (ops/s): p50 ≤ 2 × the slowest round's mean.
      expect(p50!).toBeLessThanOrEqual((2 * 1000) / inv.min)
      expect(inv.passes?.[0]?.extra).toEqual(inv.extra)
      for (const r of o.results.filter((x) => x !== inv)) {
        expect(r.clock).toBe('cpu')
        expect(r.extra?.['p50 ms']).toBeUndefined()
      }
      expectValid(o)
      const md = renderMarkdown(o)
      expect(md).toMatch(
        /\| cacheable \(primary \+ secondary \+ sync\) \| [\d.]+( k)?, p50 [\d.]+ ms · p99 [\d.]+ ms/,
      )
    },
  )
})

describe('correctness gate', () => {
  it('disqualifies deliberately wrong subjects and does not rank them', async () => {
    const o = await runBench({
      suites: ['memory', 'memoize'],
      quick: true,
      subjects: ['lru-cache', 'wrong'],
      peersOnly: true,
      subjectModule: fixtures,
      extraSubjects: { memory: [{ id: 'wrong-cache' }], memoize: [{ id: 'wrong-memo' }] },
      log: () => {},
    })
    const wrong = o.results.filter((r) => r.subject.startsWith('wrong'))
    expect(wrong.length).toBeGreaterThan(0)
    for (const r of wrong) {
      expect(r.disqualified).toBeTruthy()
      expect(r.ratio).toBeUndefined()
    }
    expect(renderMarkdown(o)).toMatch(/wrong-cache: disqualified/)
    expectValid(o)
  }, 60_000)

  it('runs a failed measurement once more: a flake passes with a note, a real failure stays', async () => {
    const marker = join(out, `flaky-${process.pid}`)
    process.env.WARP_BENCH_FLAKY_MARKER = marker
    const lines: string[] = []
    try {
      const o = await runBench({
        suites: ['memory'],
        quick: true,
        subjects: ['lru-cache', 'flaky', 'broken'],
        peersOnly: true,
        subjectModule: flakyFixtures,
        extraSubjects: { memory: [{ id: 'flaky-cache' }, { id: 'broken-cache' }] },
        log: (l) => lines.push(l),
      })
      const flaky = o.results.filter((r) => r.subject === 'flaky-cache')
      const broken = o.results.filter((r) => r.subject === 'broken-cache')
      expect(flaky.length).toBeGreaterThan(0)
      // Only the very first process failed: that measurement carries the note, all have values.
      expect(
        flaky.filter((r) => r.notes?.some((n) => n.includes('passed when run again'))),
      ).toHaveLength(1)
      for (const r of flaky) {
        expect(r.error).toBeUndefined()
        expect(r.value).toBeGreaterThan(0)
      }
      for (const r of broken) expect(r.error).toMatch(/never starts/)
      expect(
        lines.filter((l) => l.includes('flaky-cache') && l.includes('running it again')),
      ).toHaveLength(1)
      expect(
        lines.filter((l) => l.includes('broken-cache') && l.includes('running it again')),
      ).toHaveLength(broken.length)
    } finally {
      delete process.env.WARP_BENCH_FLAKY_MARKER
    }
  }, 60_000)

  it('skips a suite whose warp package has not landed, saying so', async () => {
    const lines: string[] = []
    const o = await runBench({
      suites: ['shared'],
      quick: true,
      needs: { shared: { pkg: '@warp/core', name: 'SharedCache' } },
      log: (l) => lines.push(l),
    })
    expect(o.skipped).toEqual([
      { suite: 'shared', reason: '@warp/core has not landed (no export SharedCache)' },
    ])
    expect(lines).toContain('shared: skipped: @warp/core has not landed (no export SharedCache)')
    expect(o.results).toHaveLength(0)
    expect(renderMarkdown(o)).toMatch(/\*\*shared\*\*: skipped: @warp\/core has not landed/)
  })
})

describe('CLI', () => {
  it('parses flags', () => {
    const a = parseCli([
      'memory',
      'hit-ratio',
      '--quick',
      '--json',
      'x.json',
      '--trace',
      'a.u32',
      '--trace',
      'b.u32',
    ])
    expect(a.suites).toEqual(['memory', 'hit-ratio'])
    expect(a.quick).toBe(true)
    expect(a.json).toBe('x.json')
    expect(a.traces).toEqual(['a.u32', 'b.u32'])
    expect(parseCli([]).suites).toEqual([
      'memory',
      'hit-ratio',
      'memoize',
      'shared',
      'async',
      'tiered',
    ])
    expect(() => parseCli(['nope'])).toThrow(/unknown suite "nope"/)
    expect(() => parseCli(['--rounds', '3'])).toThrow(/--rounds must be an integer ≥ 5/)
    expect(parseCli(['--clock', 'cpu']).clock).toBe('cpu')
    expect(parseCli([]).clock).toBe('wall')
    expect(() => parseCli(['--clock', 'tsc'])).toThrow(/--clock must be wall or cpu/)
    expect(parseCli([]).sizes).toBeUndefined()
    expect(parseCli(['--sizes', '1000, 50,50']).sizes).toEqual([50, 1000])
    for (const bad of ['0', '12,x', '1.5', '100,,200', '']) {
      expect(() => parseCli(['--sizes', bad]), bad).toThrow(/--sizes takes cache sizes ≥ 1/)
    }
  })

  it('prints --help and fails clearly on a bad suite', async () => {
    const help = await run(process.execPath, [bin, '--help'])
    expect(help.stdout).toMatch(/Usage: warp-bench/)
    expect(help.stdout).toMatch(/--json FILE/)
    await expect(run(process.execPath, [bin, 'nope'])).rejects.toMatchObject({ code: 2 })
    await expect(run(process.execPath, [bin, '--runs', '0'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--runs must be an integer ≥ 1, got 0/),
    })
  })

  it('writes --json and markdown from the real command (--trace, hit-ratio)', async () => {
    const json = join(out, 'cli.json')
    const trace = join(out, 'loop.u32')
    const buf = Buffer.alloc(4 * 3000)
    for (let i = 0; i < 3000; i++) buf.writeUInt32LE(i % 300, i * 4)
    writeFileSync(trace, buf)
    const r = await hitRatioCli(trace, json)
    expect(r.stdout).toMatch(/## hit-ratio/)
    expect(r.stdout).toMatch(/\| loop\.u32 \| 100 \|/)
    const parsed = JSON.parse(readFileSync(json, 'utf8'))
    expect(validate(parsed)).toBe(true)
  }, 60_000)

  it('replays a text trace given to --trace at the --sizes asked for, and refuses a binary one by name', async () => {
    const trace = join(out, 'paths.txt')
    // 300 distinct paths in a loop: no cache of 100 entries under LRU or FIFO keeps any.
    const lines: string[] = []
    for (let i = 0; i < 3000; i++) lines.push(`/item/${i % 300}`)
    writeFileSync(trace, `${lines.join('\n')}\n`)
    const json = join(out, 'text.json')
    const r = await hitRatioCli(trace, json, '--sizes', '100,7')
    expect(r.stdout).toMatch(/\| paths\.txt \| 7 \|/)
    expect(r.stdout).toMatch(/\| paths\.txt \| 100 \|/)
    // --quick alone would also give 1,000.
    expect(r.stdout).not.toMatch(/\| paths\.txt \| 1000 \|/)
    const parsed = JSON.parse(readFileSync(json, 'utf8')) as RunOutput
    const lru = parsed.results.find(
      (x) => x.group === 'paths.txt' && x.config.size === 100 && /lru-cache/i.test(x.subject),
    )
    const opt = parsed.results.find(
      (x) => x.group === 'paths.txt' && x.config.size === 100 && /OPT/.test(x.subject),
    )
    expect(lru?.value).toBe(0)
    // OPT keeps 99 of the 300 for their next turn: 2,700 repeats, of which a third hit.
    expect(opt?.value).toBeGreaterThan(0.25)
    const binary = join(out, 'ids.dat')
    writeFileSync(binary, Buffer.from([1, 0, 0, 0]))
    await expect(
      run(process.execPath, [bin, 'hit-ratio', '--quick', '--peers-only', '--trace', binary]),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/looks binary/) })
  }, 60_000)
})
