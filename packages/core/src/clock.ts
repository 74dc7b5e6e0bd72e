/**
 * A source of time in milliseconds. Backends take one as `perf` (the name
 * lru-cache uses) so tests can move time by hand instead of sleeping.
 * Only differences between readings matter; the origin is arbitrary.
 */
export interface Clock {
  /** The current time in milliseconds (any origin; may have a fraction). */
  now(): number
}

/** A clock that only moves when told to: for TTL tests. */
export class ManualClock implements Clock {
  #now: number

  /** @param start the first reading in ms (default 1_000_000, so `0` is never "now"). */
  constructor(start = 1_000_000) {
    this.#now = start
  }

  /** The current reading in ms: the start plus every {@link ManualClock.advance} so far. */
  now(): number {
    return this.#now
  }

  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance: ms must be ≥ 0, got ${ms}`)
    this.#now += ms
  }
}

/**
 * The clock backends use when none is given: `performance` (monotonic, sub-millisecond),
 * or `Date` where `performance` is missing. Call it when a backend is constructed, not at
 * module load, so a test that replaces `globalThis.performance` first is honoured.
 */
export function defaultClock(): Clock {
  const p = (globalThis as { performance?: Clock }).performance
  return p && typeof p.now === 'function' ? p : Date
}
