import { type Bench, type BenchFactory, extraSubjects, hashIds, startTimer } from '../bench.js'
import { zipfStream } from '../zipf.js'
import { type AsyncMaker, type AsyncSubject, asyncSubjects } from './async-subjects.js'

/** Keeps results observable. */
export let sink = 0

/** Checks an async memoizer like `smokeMemoize` does a sync one. */
export async function smokeAsync(
  make: AsyncMaker,
  flags: AsyncSubject,
): Promise<string | undefined> {
  let calls = 0
  const f = make(async (a: unknown) => {
    calls++
    return `${typeof a}:${String(a)}`
  }, 64)
  for (let i = 0; i < 10; i++) {
    const r = await f(i)
    if (r !== `number:${i}`) return `f(${i}) resolved to ${String(r)}`
  }
  const before = calls
  for (let i = 0; i < 10; i++) {
    const r = await f(i)
    if (r !== `number:${i}`) return `a repeated f(${i}) resolved to ${String(r)}`
  }
  if (calls !== before) return `repeated calls ran the function again (${calls - before} times)`
  if (!flags.objectKeyed) {
    const a = await f(1)
    const b = await f('1')
    if (a !== 'number:1' || b !== 'string:1') return "f(1) and f('1') share one result"
  }
  return undefined
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
/** Coalescing scenarios per timed round (see the coalesce round). */
const SCENARIOS = 20

/** The async suite's child side. */
export const createBench: BenchFactory = async (job, worker) => {
  const subjects = { ...asyncSubjects, ...(await extraSubjects<AsyncSubject>(job)) }
  const def = subjects[job.subject]
  if (!def) throw new Error(`unknown async subject ${job.subject}`)
  const make = await def.load()
  const c = job.config
  const smoke = () => smokeAsync(make, def)

  if (c.phase === 'stampede') {
    // Every process of the job asks for the same `keys` cold keys at once, each
    // round a fresh set (round numbers agree across processes: fixed warm-up).
    // Loader calls are summed over the processes: `keys` for a store shared
    // across processes (one load per key per machine), N × `keys` for a store per process.
    const keys = Number(c.keys)
    const loadMs = Number(c.loadMs)
    const store = `${String(c.store)}-${worker.pass}`
    let loads = 0
    const f = make(
      async (k: string) => {
        loads++
        await new Promise((resolve) => setTimeout(resolve, loadMs))
        return `v:${k}`
      },
      4096,
      store,
    )
    let round = 0
    const ids = new Uint32Array(keys).map((_, i) => i)
    return {
      streamHash: hashIds(ids),
      smoke,
      round: async () => {
        const prefix = `r${round++}:`
        const before = loads
        const pending: Promise<unknown>[] = new Array(keys)
        const stop = startTimer()
        for (let i = 0; i < keys; i++) pending[i] = f(`${prefix}${i}`)
        const out = await Promise.all(pending)
        const { ns, cpuNs } = stop()
        for (let i = 0; i < keys; i++) {
          if (out[i] !== `v:${prefix}${i}`) throw new Error(`key ${i} got ${String(out[i])}`)
        }
        return { ops: keys, ns, cpuNs, values: { 'loader calls': loads - before } }
      },
      close: async () => {
        if (worker.index === 0) await def.destroy?.(store)
      },
    }
  }

  if (c.phase === 'coalesce') {
    const callers = Number(c.callers)
    const keys = Number(c.keys)
    const ids = new Uint32Array(callers)
    for (let i = 0; i < callers; i++) ids[i] = i % keys
    return {
      streamHash: hashIds(ids),
      smoke,
      round: async () => {
        let loads = 0
        // Fresh memoized functions, made before the timer: every key starts cold. One
        // scenario takes ~0.1 ms, so a single GC pause (~1 ms) would decide a round; timing
        // SCENARIOS back to back and reporting the mean spreads it over all of them.
        const fns = Array.from({ length: SCENARIOS }, () =>
          make(async (k: number) => {
            loads++
            await tick()
            return k * 2
          }, 1024),
        )
        const results: unknown[][] = []
        const stop = startTimer()
        for (const f of fns) {
          const pending: Promise<unknown>[] = new Array(callers)
          for (let i = 0; i < callers; i++) pending[i] = f(ids[i]!)
          results.push(await Promise.all(pending))
        }
        const { ns, cpuNs } = stop()
        for (const out of results) {
          for (let i = 0; i < callers; i++) {
            if (out[i] !== ids[i]! * 2) throw new Error(`caller ${i} got ${String(out[i])}`)
          }
        }
        // This round's functions are done with: free their stores (SharedCache files).
        def.release?.()
        return {
          ops: callers * SCENARIOS,
          ns: ns / SCENARIOS,
          cpuNs: cpuNs / SCENARIOS,
          values: { 'loader calls': loads / SCENARIOS },
        }
      },
    }
  }

  const ids = zipfStream({
    n: Number(c.keys),
    alpha: Number(c.alpha),
    length: Number(c.ops),
    seed: job.seed,
  })
  const keys = Array.from(ids)
  const f = make(async (k: number) => k * 2 + 1, Number(c.max))
  for (const k of new Set(keys)) await f(k)
  let pos = 0
  const bench: Bench = {
    streamHash: hashIds(ids),
    roundOps: 1 << 12,
    smoke,
    round: async () => {
      const ops = bench.roundOps!
      const len = keys.length
      let s = 0
      const stop = startTimer()
      for (let j = 0; j < ops; j++) {
        s += (await f(keys[pos]!)) as number
        if (++pos === len) pos = 0
      }
      const { ns, cpuNs } = stop()
      sink += s
      return { ops, ns, cpuNs }
    },
  }
  return bench
}
