import {
  type Bench,
  type BenchFactory,
  Cursor,
  extraSubjects,
  hashIds,
  startTimer,
} from '../bench.js'
import { type CacheLike, smokeCache } from '../smoke.js'
import { zipfStream } from '../zipf.js'
import { type CacheSubject, memorySubjects } from './memory-subjects.js'

type Key = number | string

/**
 * Turns key ids into the keys used: integers, short strings (`key:123`) or URL paths
 * (`/api/v1/users/123/profile`), the strings built once per id up front.
 */
function toKeys(ids: Uint32Array, keyType: string): Key[] {
  const out: Key[] = new Array(ids.length)
  if (keyType === 'string' || keyType === 'path') {
    const name =
      keyType === 'path'
        ? (id: number) => `/api/v1/users/${id}/profile`
        : (id: number) => `key:${id}`
    const table = new Map<number, string>()
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!
      let s = table.get(id)
      if (s === undefined) table.set(id, (s = name(id)))
      out[i] = s
    }
  } else {
    for (let i = 0; i < ids.length; i++) out[i] = ids[i]!
  }
  return out
}

// Each child runs one subject with one key type, so these call sites stay monomorphic.
function getSetRound(cache: CacheLike, keys: Key[], from: number, to: number): number {
  let misses = 0
  for (let i = from; i < to; i++) {
    const k = keys[i]!
    if (cache.get(k) === undefined) {
      cache.set(k, k)
      misses++
    }
  }
  return misses
}

/** {@link getSetRound} with each key string built in the loop from its id. */
function freshRound(cache: CacheLike, ids: Key[], from: number, to: number): number {
  let misses = 0
  for (let i = from; i < to; i++) {
    const k = `key:${ids[i] as number}`
    if (cache.get(k) === undefined) {
      cache.set(k, k)
      misses++
    }
  }
  return misses
}

function hitRound(cache: CacheLike, keys: Key[], from: number, to: number): number {
  let found = 0
  for (let i = from; i < to; i++) if (cache.get(keys[i]!) !== undefined) found++
  return found
}

/** Holds the measured cache alive until its size is read. */
export let retained: unknown
/** Keeps results observable so the timed loops cannot be optimised away. */
export let sink = 0

function heapBench(make: (max: number) => CacheLike, entries: number, def: CacheSubject): Bench {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('the heap phase needs --expose-gc')
  const used = () => {
    const m = process.memoryUsage()
    return m.heapUsed + m.arrayBuffers
  }
  return {
    smoke: () => smokeCache(make, def),
    round: () => {
      retained = undefined
      gc()
      const before = used()
      const stop = startTimer()
      const cache = make(entries)
      for (let i = 0; i < entries; i++) cache.set(i, i)
      const { ns, cpuNs } = stop()
      retained = cache
      gc()
      gc()
      const bytes = used() - before
      return { ops: entries, ns, cpuNs, values: { 'bytes/entry': bytes / entries } }
    },
  }
}

/** The memory suite's child side. */
export const createBench: BenchFactory = async (job) => {
  const subjects = { ...memorySubjects, ...(await extraSubjects<CacheSubject>(job)) }
  const def = subjects[job.subject]
  if (!def) throw new Error(`unknown memory subject ${job.subject}`)
  const make = await def.load()
  const c = job.config
  const ops = Number(c.ops)
  if (c.phase === 'heap') return heapBench(make, Number(c.max), def)

  let ids: Uint32Array
  if (c.phase === 'evict') {
    ids = new Uint32Array(ops)
    for (let i = 0; i < ops; i++) ids[i] = i
  } else {
    ids = zipfStream({ n: Number(c.keys), alpha: Number(c.alpha), length: ops, seed: job.seed })
  }
  const keys = toKeys(ids, String(c.keyType))
  const hitKeys = c.phase === 'hit' ? new Set(keys) : undefined
  // `max: 'keys'`: exactly the hit phase's distinct keys, so its cache is full.
  const cache = make(c.max === 'keys' && hitKeys ? hitKeys.size : Number(c.max))
  if (hitKeys) for (const k of hitKeys) cache.set(k, k)
  const run = c.phase === 'hit' ? hitRound : c.keyType === 'fresh' ? freshRound : getSetRound
  const cursor = new Cursor(keys.length)
  const bench: Bench = {
    streamHash: hashIds(ids),
    roundOps: 1 << 14,
    smoke: () => smokeCache(make, def),
    round: () => {
      const n = bench.roundOps!
      let r = 0
      const stop = startTimer()
      cursor.take(n, (from, to) => {
        r += run(cache, keys, from, to)
      })
      const { ns, cpuNs } = stop()
      sink += r
      return c.phase === 'hit'
        ? { ops: n, ns, cpuNs, values: { misses: n - r } }
        : { ops: n, ns, cpuNs }
    },
  }
  return bench
}
