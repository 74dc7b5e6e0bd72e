import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PlanOptions } from '../plan.js'
import { simulateFifo } from '../sim/fifo.js'
import { nextUses, simulateOpt } from '../sim/opt.js'
import { readTrace, sharedTracePaths, sharedTracesDir, type Trace } from '../traces.js'
import type { Result } from '../types.js'
import { syntheticWorkloads } from '../workloads.js'

/** Policy names, in table order. */
export const POLICY_SIEVE = 'SIEVE (warp)'
export const POLICY_LRU = 'LRU (lru-cache)'
export const POLICY_WARP_LRU = 'LRU (warp)'
export const POLICY_TINYLFU = 'W-TinyLFU (warp)'
export const POLICY_FIFO = 'FIFO'
export const POLICY_OPT = 'OPT (Belady)'
export const HIT_RATIO_BASELINE = POLICY_LRU

interface GetSet {
  get(k: number): unknown
  set(k: number, v: number): unknown
}

/** Replays a trace on a real cache: `get`, and `set` on a miss. Returns the hits. */
export function replay(cache: GetSet, keys: Uint32Array): number {
  let hits = 0
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!
    if (cache.get(k) === undefined) cache.set(k, 1)
    else hits++
  }
  return hits
}

/** What the hit-ratio suite needs from outside: options, the SIEVE implementation, progress. */
export interface HitRatioContext {
  options: PlanOptions
  /** Extra trace files from `--trace` (`.u32`, or text with one key per line). */
  traces: string[]
  /** Cache sizes instead of the suite's own (`--sizes`). */
  sizes?: number[]
  /** `new SieveCache({ max, policy })` from @warp/memory, or undefined when it has not landed. */
  makeSieve?: (max: number, policy?: 'sieve' | 'lru' | 'tinylfu') => GetSet
  /** Called once per (source, size) simulated. */
  tick(label: string): void
  /** Visible notes (e.g. "no shared traces here"). */
  note(line: string): void
}

type Expected = Record<
  string,
  { sieve: Record<string, number>; lru: Record<string, number>; opt: Record<string, number> }
>

function expectedHits(): Expected | undefined {
  const dir = sharedTracesDir()
  const file = dir && join(dir, 'expected-hits.json')
  if (!file || !existsSync(file)) return undefined
  return (JSON.parse(readFileSync(file, 'utf8')) as { traces: Expected }).traces
}

/** The sources and sizes the suite will simulate (for the progress total). */
export function hitRatioSources(
  o: PlanOptions,
  extra: string[],
  only?: number[],
): {
  sources: Array<{ kind: 'synthetic' | 'trace'; load: () => Trace; name: string }>
  sizes: number[]
} {
  const length = o.quick ? 50_000 : 100_000
  const synth = syntheticWorkloads(length, o.seed)
  const sources: Array<{ kind: 'synthetic' | 'trace'; load: () => Trace; name: string }> =
    synth.map((w) => ({
      kind: 'synthetic',
      name: w.name,
      load: () => ({ name: w.name, keys: w.keys }),
    }))
  const paths = [...(o.quick ? sharedTracePaths().slice(0, 2) : sharedTracePaths()), ...extra]
  for (const p of paths) {
    sources.push({ kind: 'trace', name: p.split('/').pop()!, load: () => readTrace(p) })
  }
  const sizes =
    only ??
    (o.full
      ? [16, 64, 100, 256, 500, 1000, 2000]
      : o.quick
        ? [100, 1000]
        : [16, 100, 256, 1000, 2000])
  return { sources, sizes }
}

/** Runs the hit-ratio suite in this process (nothing here is timed). */
export async function runHitRatio(ctx: HitRatioContext): Promise<Result[]> {
  const { sources, sizes } = hitRatioSources(ctx.options, ctx.traces, ctx.sizes)
  if (!sharedTracesDir()) {
    ctx.note('hit-ratio: ../shared/traces is not beside this checkout; synthetic workloads only')
  }
  const { LRUCache } = await import('lru-cache')
  const expected = expectedHits()
  const results: Result[] = []
  for (const source of sources) {
    const trace = source.load()
    const n = trace.keys.length
    const next = nextUses(trace.keys)
    for (const size of sizes) {
      ctx.tick(`hit-ratio ${source.name} max=${size}`)
      const policies: Array<[string, () => number]> = []
      if (ctx.makeSieve) {
        policies.push([POLICY_SIEVE, () => replay(ctx.makeSieve!(size), trace.keys)])
        policies.push([POLICY_WARP_LRU, () => replay(ctx.makeSieve!(size, 'lru'), trace.keys)])
        policies.push([POLICY_TINYLFU, () => replay(ctx.makeSieve!(size, 'tinylfu'), trace.keys)])
      }
      policies.push([
        POLICY_LRU,
        () => replay(new LRUCache<number, number>({ max: size }), trace.keys),
      ])
      policies.push([POLICY_FIFO, () => simulateFifo(trace.keys, size)])
      policies.push([POLICY_OPT, () => simulateOpt(trace.keys, size, next)])
      for (const [policy, run] of policies) {
        const hits = run()
        const value = hits / n
        const r: Result = {
          suite: 'hit-ratio',
          subject: policy,
          group: source.name,
          label: `max=${size}`,
          config: { source: source.name, kind: source.kind, size, requests: n },
          metric: 'hit ratio',
          value,
          min: value,
          max: value,
          runs: [value],
          extra: { hits, requests: n },
        }
        const exp = expected?.[trace.name]
        const column =
          policy === POLICY_SIEVE
            ? 'sieve'
            : policy === POLICY_LRU || policy === POLICY_WARP_LRU
              ? 'lru'
              : policy === POLICY_OPT
                ? 'opt'
                : undefined
        const want = source.kind === 'trace' && column ? exp?.[column]?.[String(size)] : undefined
        if (want !== undefined && want !== hits) {
          r.notes = [`expected-hits.json says ${want} hits, got ${hits}`]
          ctx.note(
            `hit-ratio: ${policy} on ${trace.name} max=${size}: ${hits} hits, expected ${want}`,
          )
        }
        results.push(r)
      }
    }
  }
  return results
}
