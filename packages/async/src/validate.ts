import { InvalidOptionError } from '@warp/core'

/** The longest delay `setTimeout` honours (larger values fire at once). */
export const MAX_TIMEOUT = 2 ** 31 - 1

/** A short, safe description of a value for error messages (never the value of a long string). */
export function describe(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value)
  }
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : typeof value
}

function invalid(owner: string, name: string, rule: string, value: unknown): InvalidOptionError {
  return new InvalidOptionError(
    name,
    `${owner}: option \`${name}\` must be ${rule}, got ${describe(value)}`,
  )
}

/**
 * A duration option in ms: `undefined` gives `fallback`; otherwise a number ≥ 0
 * and ≤ `limit`, or `Infinity` (returned as is; the caller says what it means).
 */
export function duration(
  owner: string,
  name: string,
  value: unknown,
  fallback: number,
  limit = Number.POSITIVE_INFINITY,
): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !(value >= 0) || (value > limit && value !== Infinity)) {
    const rule =
      limit === Number.POSITIVE_INFINITY
        ? 'a number of milliseconds ≥ 0'
        : `a number of milliseconds from 0 to ${limit} (or Infinity)`
    throw invalid(owner, name, rule, value)
  }
  return value
}

/** A positive integer option: `undefined` gives `fallback`. */
export function positiveInteger(
  owner: string,
  name: string,
  value: unknown,
  fallback: number,
): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalid(owner, name, 'a positive integer', value)
  }
  return value
}

/** A function option: `undefined` gives `undefined`. */
export function optionalFunction<T>(owner: string, name: string, value: T): T {
  if (value !== undefined && typeof value !== 'function') {
    throw invalid(owner, name, 'a function', value)
  }
  return value
}
