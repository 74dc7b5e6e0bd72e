import { inject } from 'vitest'

/**
 * The Redis server the tests share: from WARP_REDIS_URL (CI: scripts/redis-servers.sh), or
 * the one test/global-setup.ts started. `skip` says why there is none; with CI=true a missing
 * server is a failure, never a skip.
 */
export function redisServer(): { url?: string; skip?: string } {
  const url = process.env.WARP_REDIS_URL || inject('WARP_REDIS_URL')
  if (url) return { url }
  const reason = 'no Redis server: set WARP_REDIS_URL, or put redis-server on PATH'
  if (process.env.CI === 'true')
    throw new Error(`${reason} (CI=true: a missing server is a failure)`)
  return { skip: reason }
}

/** A namespace unique to this run, so runs on a shared server never see each other. */
export function uniquePrefix(label: string): string {
  return `${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
}

/** The value at quantile `q` (0–1) of `values`. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}
