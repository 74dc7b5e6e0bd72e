import {
  type Bench,
  type BenchFactory,
  Cursor,
  extraSubjects,
  hashIds,
  startTimer,
} from '../bench.js'
import { zipfStream } from '../zipf.js'
import { type SharedStore, type SharedSubject, sharedSubjects } from './shared-subjects.js'

/** Keeps results observable. */
export let sink = 0

/** A value of ≤ 64 bytes that encodes its key, so a wrong read is detectable. */
export function valueFor(id: number): string {
  return `value:${id}:`.padEnd(48, '~')
}

function smokeShared(store: SharedStore, index: number): string | undefined {
  const k = `smoke:${index}`
  if (store.get(`${k}:absent`) !== undefined)
    return 'get of a key never set did not return undefined'
  store.set(k, 'v1')
  if (store.get(k) !== 'v1') return `get('${k}') did not return what was set`
  store.set(k, 'v2')
  if (store.get(k) !== 'v2') return 'an overwritten key did not return its new value'
  store.set(1, 'number one')
  store.set('1', 'string one')
  if (store.get(1) !== 'number one' || store.get('1') !== 'string one') {
    return "1 and '1' share one entry"
  }
  return undefined
}

/** The shared suite's child side. */
export const createBench: BenchFactory = async (job, worker) => {
  const subjects = { ...sharedSubjects, ...(await extraSubjects<SharedSubject>(job)) }
  const def = subjects[job.subject]
  if (!def) throw new Error(`unknown shared subject ${job.subject}`)
  const c = job.config
  // A store of its own per pass: one left behind by a killed pass must not leak into the next.
  const store = await def.open(`${c.store}-${worker.pass}`, Number(c.max))
  const ids = zipfStream({
    n: Number(c.keys),
    alpha: Number(c.alpha),
    length: Number(c.ops),
    seed: job.seed + worker.index,
  })
  const n = ids.length
  const keys: string[] = new Array(n)
  const values: string[] = new Array(n)
  for (let i = 0; i < n; i++) {
    keys[i] = `key:${ids[i]}`
    values[i] = valueFor(ids[i]!)
  }
  for (let id = 0; id < Number(c.keys); id++) store.set(`key:${id}`, valueFor(id))
  const close = async () => {
    await store.close()
    if (worker.index === 0) await store.destroy()
  }

  const cursor = new Cursor(n)
  let slice: (from: number, to: number) => number
  if (c.phase === 'memoize') {
    const f = store.memoize((a: number) => valueFor(a))
    const args = Array.from(ids)
    slice = (from, to) => {
      let s = 0
      for (let i = from; i < to; i++) s += (f(args[i]!) as string).length
      sink += s
      return 0
    }
  } else if (c.phase === 'set') {
    slice = (from, to) => {
      for (let i = from; i < to; i++) store.set(keys[i]!, values[i]!)
      return 0
    }
  } else {
    slice = (from, to) => {
      let wrong = 0
      for (let i = from; i < to; i++) if (store.get(keys[i]!) !== values[i]) wrong++
      return wrong
    }
  }
  // Every process of a multi-process job must do the same work per round, so no calibration there.
  const bench: Bench = {
    streamHash: hashIds(ids),
    roundOps: worker.processes === 1 ? 1 << 12 : undefined,
    smoke: () => smokeShared(store, worker.index),
    close,
    round: () => {
      const ops = bench.roundOps ?? n
      let wrong = 0
      const stop = startTimer()
      cursor.take(ops, (from, to) => {
        wrong += slice(from, to)
      })
      const { ns, cpuNs } = stop()
      const values: Record<string, number> = c.phase === 'get' ? { 'wrong or missing': wrong } : {}
      return { ops, ns, cpuNs, values }
    },
  }
  return bench
}
