import { type Clock, defaultClock } from '@warp/core'

/**
 * How deep `dispose` → cache call → `dispose` may nest (in `SieveCache` and `LRUCache`)
 * before further dispose calls are skipped and the outermost operation throws a `RangeError`.
 */
export const MAX_DISPOSE_DEPTH = 16

/**
 * How many callbacks caused by callbacks (nested, at any depth) one cache operation runs
 * before skipping the rest with a `RangeError`, as for {@link MAX_DISPOSE_DEPTH}.
 */
export const MAX_NESTED_CALLBACKS = 1024

import { InvalidOptionError } from '@warp/core'
/** The largest `max` a {@link SieveCache} accepts: 2^30 entries. */
export const MAX_ENTRIES = 2 ** 30

/**
 * A source of time in milliseconds: `@warp/core`'s `Clock` under the name lru-cache uses
 * for its `perf` option. Kept as an alias for code that imported it.
 */
export type Perf = Clock

/** The default clock, looked up when a cache is constructed (never at module load). */
export const defaultPerf: () => Clock = defaultClock

/** True for a finite integer > 0. */
export function isPositiveInteger(n: unknown): n is number {
  return typeof n === 'number' && n > 0 && Number.isInteger(n)
}

/** Throws `TypeError` naming the option unless `value` is undefined or a function. */
export function optionalFunction(owner: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new InvalidOptionError(
      name,
      `${owner}: option \`${name}\` must be a function, got ${describe(value)}`,
    )
  }
}

/** Throws `TypeError` naming the option unless `value` is undefined or a positive integer. */
export function optionalPositiveInteger(
  owner: string,
  name: string,
  value: unknown,
  limit = Number.MAX_SAFE_INTEGER,
): void {
  if (value !== undefined && !(isPositiveInteger(value) && value <= limit)) {
    const bound = limit === Number.MAX_SAFE_INTEGER ? '' : ` ≤ ${limit}`
    throw new InvalidOptionError(
      name,
      `${owner}: option \`${name}\` must be a positive integer${bound}, got ${describe(value)}`,
    )
  }
}

/** Throws `TypeError` naming the option unless `value` is undefined or a number ≥ 0 (Infinity allowed). */
export function optionalNonNegative(owner: string, name: string, value: unknown): void {
  if (value !== undefined && !(typeof value === 'number' && value >= 0)) {
    throw new InvalidOptionError(
      name,
      `${owner}: option \`${name}\` must be a number ≥ 0, got ${describe(value)}`,
    )
  }
}

/** A short, safe description of a value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value)
  }
  if (value === null) return 'null'
  if (typeof value === 'function') return 'a function'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : typeof value
}

/**
 * A copy of `from` with exactly `length` slots (push would over-allocate by up to 50%).
 * Left holey rather than filled with `undefined`, so an array of small integers keeps
 * V8's SMI element kind.
 */
export function resized<T>(from: readonly T[], length: number): (T | undefined)[] {
  const to = new Array<T | undefined>(length)
  for (let i = 0; i < from.length; i++) if (i in from) to[i] = from[i]
  return to
}
