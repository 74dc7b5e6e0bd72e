import {
  type Bench,
  type BenchFactory,
  extraSubjects,
  hashIds,
  nowNs,
  startTimer,
} from '../bench.js'
import { zipfStream } from '../zipf.js'
import { type TieredOps, type TieredSubject, tieredSubjects } from './tiered-subjects.js'

/** Keeps results observable. */
export let sink = 0

/**
 * The tiered suite's child side: one subject, one workload, against WARP_REDIS_URL.
 * - `l1`: gets of keys this instance has read before (L1 hits), over a Zipf stream.
 * - `l2`: gets by an instance made (untimed) for the round, each key read once (L2 hits).
 * - `invalidate`: a writer sets a key a reader holds in L1; timed until the reader returns the
 *   new value (polled on the event loop), so one op = write + invalidation + read. Each op's
 *   wall time is reported too (`latencyNs`), for the p50 and p99 of the cell.
 */
export const createBench: BenchFactory = async (job, worker) => {
  const url = process.env.WARP_REDIS_URL
  if (!url)
    throw new Error(
      'the tiered suite needs WARP_REDIS_URL (warp-bench starts a server when redis-server is on PATH)',
    )
  const subjects = { ...tieredSubjects, ...(await extraSubjects<TieredSubject>(job)) }
  const def = subjects[job.subject]
  if (!def) throw new Error(`unknown tiered subject ${job.subject}`)
  const namespace = `bench-tiered-${process.pid}-${worker.pass}`
  const c = job.config
  const n = Number(c.keys)
  const total = Number(c.ops)
  const names = Array.from({ length: n }, (_, i) => `key:${i}`)
  const value = 'v'.repeat(64)
  const writer = await def.load(url, namespace)
  const reader = await def.load(url, namespace)
  // Setup, not timed: every key in L2, and read once by the reader (so in its L1).
  for (let i = 0; i < n; i += 1000) {
    await Promise.all(names.slice(i, i + 1000).map((k) => writer.set(k, value)))
  }
  for (const k of names) await reader.get(k)
  const ids = zipfStream({ n, alpha: 1.0, length: 1 << 16, seed: job.seed })
  const stream = Array.from(ids, (id) => names[id] as string)
  let pos = 0
  let version = 0
  const smoke = async () => {
    await writer.set('smoke', 'x')
    for (let i = 0; i < 1000 && (await reader.get('smoke')) !== 'x'; i++) {
      await new Promise((r) => setTimeout(r, 1))
    }
    const got = await reader.get('smoke')
    return got === 'x' ? undefined : `another instance read ${String(got)} after a set of x`
  }
  const round = async () => {
    let s = 0
    let fresh: TieredOps | undefined
    let latencyNs: number[] | undefined
    if (c.op === 'l2') fresh = await def.load(url, namespace)
    if (c.op === 'invalidate') latencyNs = new Array<number>(total)
    const stop = startTimer()
    if (c.op === 'l1') {
      for (let i = 0; i < total; i++) {
        const k = stream[pos] as string
        if (++pos === stream.length) pos = 0
        s += (await reader.get(k)) ? 1 : 0
      }
    } else if (c.op === 'l2') {
      for (let i = 0; i < total; i++) s += (await fresh?.get(names[i % n] as string)) ? 1 : 0
    } else {
      for (let i = 0; i < total; i++) {
        const k = names[i % 100] as string
        const v = `v${++version}`
        const t0 = nowNs()
        await writer.set(k, v)
        while ((await reader.get(k)) !== v) await new Promise((r) => setImmediate(r))
        latencyNs![i] = nowNs() - t0
        s++
      }
    }
    const { ns, cpuNs } = stop()
    await fresh?.close()
    sink += s
    return latencyNs ? { ops: total, ns, cpuNs, latencyNs } : { ops: total, ns, cpuNs }
  }
  const bench: Bench = {
    streamHash: hashIds(ids),
    smoke,
    round,
    close: async () => {
      await reader.close()
      await writer.close()
    },
  }
  return bench
}
