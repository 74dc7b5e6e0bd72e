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

/**
 * Operations per round of a multi-process job: the same for every process (no
 * calibration there), and enough that a round lasts tens of milliseconds even for
 * the fastest store, so the moments the processes start and stop barely count.
 */
const MULTI_PROCESS_ROUND_OPS = 1 << 18

/** How long a worker waits for worker 0 to fill the store before giving up. */
const POPULATE_TIMEOUT_MS = 30_000

/**
 * Worker 0 writes every key; the others wait until the last key is there (a store per
 * process is filled by each: pass index 0). Only one
 * process writes while the store is brand new: two processes writing a fresh lmdb
 * environment at the same instant sometimes fail with MDB_BAD_TXN ("mdb_page_touch
 * no parent"), and the timed phase only reads anyway.
 */
async function populate(store: SharedStore, keys: number, index: number): Promise<void> {
  const last = `key:${keys - 1}`
  if (index === 0) {
    for (let id = 0; id < keys; id++) store.set(`key:${id}`, valueFor(id))
    return
  }
  const deadline = Date.now() + POPULATE_TIMEOUT_MS
  while (store.get(last) !== valueFor(keys - 1)) {
    if (Date.now() > deadline) throw new Error(`worker ${index}: worker 0 did not fill the store`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
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
  await populate(store, Number(c.keys), def.perProcess ? 0 : worker.index)
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
  const bench: Bench = {
    streamHash: hashIds(ids),
    // Calibrated by the runner; a multi-process job does a fixed MULTI_PROCESS_ROUND_OPS instead.
    roundOps: worker.processes === 1 ? 1 << 12 : undefined,
    smoke: () => smokeShared(store, worker.index),
    close,
    round: () => {
      const ops = bench.roundOps ?? MULTI_PROCESS_ROUND_OPS
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
