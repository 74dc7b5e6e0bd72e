import type { PlanOptions } from '../plan.js'
import type { Job } from '../types.js'
import { MEMORY_BASELINE, memorySubjects } from './memory-subjects.js'

/** Title of one results table (a `group`). */
export const GROUP_GETSET = 'get + set on miss (ops/s)'
/** Title of one results table (a `group`). */
export const GROUP_HIT = 'get on a hit (ops/s)'
/** Title of one results table (a `group`). */
export const GROUP_EVICT = 'eviction-heavy: every get misses, every set evicts (ops/s)'
/** Title of one results table (a `group`). */
export const GROUP_HEAP = 'heap per entry, numeric keys and values (bytes, lower is better)'

/** Distinct keys of the Zipf streams. */
export const MEMORY_KEYS = 2_000

/** The memory suite's jobs for these options. */
export function planMemory(o: PlanOptions): Job[] {
  const ops = o.quick ? 1 << 15 : 1 << 16
  const keyTypes = ['int', 'string', 'fresh', 'path'] as const
  type KeyType = (typeof keyTypes)[number]
  /** `only`: the key types of this configuration (default: int and string). */
  const getset: Array<{ alpha: number; max: number; only?: readonly KeyType[] }> = []
  if (o.full) {
    for (const alpha of [0.8, 1.0, 1.2]) {
      for (const max of [128, 256, 512, 1024, 2048, 4096]) getset.push({ alpha, max })
    }
  } else if (o.quick) {
    getset.push({ alpha: 1.0, max: 1024 })
  } else {
    // The four configurations @warp/memory's targets are stated for, and α 0.8 / 1.2 (int keys).
    getset.push({ alpha: 1.0, max: 256 }, { alpha: 1.0, max: 1024 })
    getset.push({ alpha: 0.8, max: 1024, only: ['int'] }, { alpha: 1.2, max: 1024, only: ['int'] })
  }
  // Longer string keys (URL paths of 24–27 characters), which @warp/memory keeps in a Map.
  if (!o.quick) getset.push({ alpha: 1.0, max: 1024, only: ['path'] })
  // Short string keys built afresh per request (`'key:' + id` in the timed loop), as an
  // application building keys from request data does; beside the shared strings above.
  if (!o.quick) getset.push({ alpha: 1.0, max: 1024, only: ['fresh'] })
  const jobs: Job[] = []
  const base = {
    suite: 'memory' as const,
    processes: 1,
    seed: o.seed,
    subjectModule: o.subjectModule,
    clock: o.clock,
  }
  const timed = {
    warmup: 3,
    warmupMs: 100,
    rounds: o.rounds,
    metric: 'ops/s' as const,
  }
  for (const subject of o.subjects(Object.keys(memorySubjects))) {
    const def = memorySubjects[subject]
    for (const keyType of keyTypes) {
      for (const { alpha, max, only = ['int', 'string'] } of getset) {
        if (!only.includes(keyType)) continue
        jobs.push({
          ...base,
          ...timed,
          subject,
          group: GROUP_GETSET,
          label: `α${alpha.toFixed(1)} max=${max} ${keyType}`,
          config: { phase: 'getset', alpha, keys: MEMORY_KEYS, max, keyType, ops },
        })
      }
    }
    for (const keyType of o.quick ? (['int'] as const) : (['int', 'string'] as const)) {
      jobs.push({
        ...base,
        ...timed,
        subject,
        group: GROUP_HIT,
        label: `α1.0 ${MEMORY_KEYS} keys, max=4096 ${keyType}`,
        config: { phase: 'hit', alpha: 1.0, keys: MEMORY_KEYS, max: 4096, keyType, ops },
      })
      // The same hits in a cache that holds exactly those keys, so it is full: a policy that
      // works harder once its cache has filled (tinylfu counts every hit in its frequency
      // sketch from then on) pays for it here, and not in the 4,096 cell above.
      if (keyType === 'int' || o.full) {
        jobs.push({
          ...base,
          ...timed,
          subject,
          group: GROUP_HIT,
          label: `α1.0 ${MEMORY_KEYS} keys, full (max = keys) ${keyType}`,
          config: { phase: 'hit', alpha: 1.0, keys: MEMORY_KEYS, max: 'keys', keyType, ops },
        })
      }
      if (!def?.unbounded && (keyType === 'int' || o.full)) {
        jobs.push({
          ...base,
          ...timed,
          subject,
          group: GROUP_EVICT,
          label: `max=1024 ${keyType}`,
          config: { phase: 'evict', keys: ops, max: 1024, keyType, ops },
        })
      }
    }
    const entries = o.quick ? 100_000 : 1_000_000
    jobs.push({
      ...base,
      subject,
      group: GROUP_HEAP,
      label: `${entries / 1000}k entries`,
      metric: 'bytes/entry',
      warmup: 0,
      warmupMs: 0,
      // Not timed and nearly deterministic: one measurement after GC.
      rounds: 1,
      config: { phase: 'heap', max: entries, keyType: 'int', ops: entries },
    })
  }
  return jobs
}

/** Re-exported for the suite registry. */
export { MEMORY_BASELINE }
