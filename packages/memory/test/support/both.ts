import { LRUCache as Theirs } from 'lru-cache'
import { expect } from 'vitest'
import { LRUCache as Ours } from '../../src/index.js'

/** A clock both caches share, moved by hand. */
export class TestClock {
  t = 1_000
  now = (): number => this.t
  advance(ms: number): void {
    this.t += ms
  }
}

type AnyCache = Ours<any, any, any> | Theirs<any, any, any>

/** What an operation did: its result or the class and message of what it threw. */
export function outcome(fn: () => unknown): unknown {
  try {
    return { ok: normalize(fn()) }
  } catch (error) {
    return { threw: (error as Error).constructor.name, message: (error as Error).message }
  }
}

/** Strips the `cache` back-reference from status objects so they compare by value. */
export function normalize(value: unknown): unknown {
  if (value instanceof Ours || value instanceof Theirs) return '<cache>'
  if (Array.isArray(value)) return value.map(normalize)
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const { cache: _cache, ...rest } = value as Record<string, unknown>
    return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, normalize(v)]))
  }
  return value
}

/**
 * The same options on warp's LRUCache and on lru-cache, with one shared clock and
 * `ttlResolution: 0` (lru-cache otherwise caches `now()` for 1 ms of real time).
 */
export function both(options: Record<string, unknown>, clock = new TestClock()) {
  const log: { ours: unknown[]; theirs: unknown[] } = { ours: [], theirs: [] }
  const make = (C: typeof Ours | typeof Theirs, into: unknown[]) => {
    const o: Record<string, unknown> = { ttlResolution: 0, perf: clock, ...options }
    for (const cb of ['dispose', 'disposeAfter', 'onInsert'] as const) {
      if (o[cb] === true) o[cb] = (v: unknown, k: unknown, r: unknown) => into.push([cb, v, k, r])
    }
    return new (C as any)(o) as AnyCache
  }
  const ours = make(Ours, log.ours) as Ours<any, any, any>
  const theirs = make(Theirs, log.theirs) as Theirs<any, any, any>
  /** Runs `fn` on both and expects the same outcome and the same callbacks (in order) during it. */
  const same = (fn: (c: any) => unknown, label = fn.toString()): unknown => {
    const a = outcome(() => fn(ours))
    const b = outcome(() => fn(theirs))
    expect(a, label).toEqual(b)
    expect(log.ours, `callbacks after ${label}`).toEqual(log.theirs)
    log.ours.length = log.theirs.length = 0
    return a
  }
  /** Same, comparing results and callbacks as sorted lists (order may differ). */
  const sameSet = (fn: (c: any) => unknown[], label = fn.toString()): void => {
    const sort = (xs: unknown[]) => xs.map((x) => JSON.stringify(normalize(x))).sort()
    expect(sort(fn(ours)), label).toEqual(sort(fn(theirs)))
    expect(sort(log.ours), `callbacks after ${label}`).toEqual(sort(log.theirs))
    log.ours.length = log.theirs.length = 0
  }
  return { ours, theirs, clock, log, same, sameSet }
}
