import { topCounts } from '../top-counts.js'

/**
 * Hindsight LFU: a cache that holds, for the whole stream, the `capacity` keys requested most
 * often over the whole stream (so each of them misses once, on its first request, as under
 * OPT; every other key always misses). Not a policy anyone can run — it knows the future's
 * counts — but for independent requests (a Zipf stream) the best policy that cannot see the
 * future holds the most probable keys, so this is roughly the ceiling of such policies there.
 */
export function simulateHindsightLfu(trace: ArrayLike<number>, capacity: number): number {
  let hits = 0
  for (const n of topCounts(trace, capacity)) hits += n - 1
  return hits
}
