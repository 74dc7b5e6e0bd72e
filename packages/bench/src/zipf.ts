import { createRng, permutation } from './rng.js'
import { topCounts } from './top-counts.js'

/** Options of {@link zipfStream}. */
export interface ZipfOptions {
  /** Number of distinct keys (ranks 1 … n). A positive integer. */
  n: number
  /** Skew: the probability of rank r is proportional to r^-α. `0` is uniform; ≥ 0. */
  alpha: number
  /** Length of the stream. */
  length: number
  /** PRNG seed (32-bit integer). The same seed gives the same stream. */
  seed: number
  /**
   * Whether rank r maps to key id r-1 (`false`) or to a seeded random id (`true`,
   * the default), so the hottest keys are not simply the smallest integers.
   */
  shuffle?: boolean
}

/** The cumulative distribution of Zipf(n, α) over ranks 1 … n. */
export function zipfCdf(n: number, alpha: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new TypeError(`zipf: n must be a positive integer`)
  if (!(alpha >= 0)) throw new TypeError(`zipf: alpha must be ≥ 0`)
  const cdf = new Float64Array(n)
  let sum = 0
  for (let r = 1; r <= n; r++) {
    sum += r ** -alpha
    cdf[r - 1] = sum
  }
  for (let i = 0; i < n; i++) cdf[i] = cdf[i]! / sum
  cdf[n - 1] = 1
  return cdf
}

/** Samples a rank index (0-based) from a CDF by binary search. */
function sample(cdf: Float64Array, u: number): number {
  let lo = 0
  let hi = cdf.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cdf[mid]! > u) hi = mid
    else lo = mid + 1
  }
  return lo
}

/**
 * A deterministic stream of key ids in `[0, n)` whose ranks follow Zipf(α).
 * Generated once, before any timed region.
 */
export function zipfStream(options: ZipfOptions): Uint32Array {
  const { n, alpha, length, seed } = options
  const rng = createRng(seed)
  const cdf = zipfCdf(n, alpha)
  const ids = options.shuffle === false ? undefined : permutation(n, createRng(seed ^ 0x5bd1e995))
  const out = new Uint32Array(length)
  for (let i = 0; i < length; i++) {
    const rank = sample(cdf, rng.next())
    out[i] = ids ? ids[rank]! : rank
  }
  return out
}

/**
 * The least-squares slope of log(frequency) against log(rank) over the `top`
 * most frequent keys of a stream. For a Zipf(α) stream it is close to `-α`.
 */
export function rankFrequencySlope(stream: ArrayLike<number>, top: number): number {
  const freq = topCounts(stream, top)
  let sx = 0
  let sy = 0
  let sxx = 0
  let sxy = 0
  const m = freq.length
  for (let i = 0; i < m; i++) {
    const x = Math.log(i + 1)
    const y = Math.log(freq[i]!)
    sx += x
    sy += y
    sxx += x * x
    sxy += x * y
  }
  return (m * sxy - sx * sy) / (m * sxx - sx * sx)
}
