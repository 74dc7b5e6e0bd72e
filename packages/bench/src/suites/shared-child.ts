import { type BenchFactory, extraSubjects, hashIds, nowNs } from '../bench.js'
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
  const store = await def.open(String(c.store), Number(c.max))
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

  if (c.phase === 'memoize') {
    const f = store.memoize((a: number) => valueFor(a))
    const args = Array.from(ids)
    return {
      streamHash: hashIds(ids),
      smoke: () => smokeShared(store, worker.index),
      close,
      round: () => {
        let s = 0
        const t0 = nowNs()
        for (let i = 0; i < n; i++) s += (f(args[i]!) as string).length
        const ns = nowNs() - t0
        sink += s
        return { ops: n, ns }
      },
    }
  }
  return {
    streamHash: hashIds(ids),
    smoke: () => smokeShared(store, worker.index),
    close,
    round: () => {
      let wrong = 0
      const t0 = nowNs()
      if (c.phase === 'set') {
        for (let i = 0; i < n; i++) store.set(keys[i]!, values[i]!)
      } else {
        for (let i = 0; i < n; i++) if (store.get(keys[i]!) !== values[i]) wrong++
      }
      const ns = nowNs() - t0
      return { ops: n, ns, values: c.phase === 'get' ? { 'wrong or missing': wrong } : {} }
    },
  }
}
