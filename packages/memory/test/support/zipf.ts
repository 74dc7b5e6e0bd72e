import { mulberry32 } from '../../src/policy/mulberry32.js'

/** A small seeded PRNG of floats in [0, 1) (the admission coin's mulberry32). */
export function rng(seed: number): () => number {
  const next = mulberry32(seed)
  return () => next() / 4294967296
}

/** `length` key ids from Zipf(alpha) over `n` keys, deterministic by seed. */
export function zipfTrace(n: number, alpha: number, length: number, seed: number): number[] {
  const cdf = new Float64Array(n)
  let sum = 0
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1) ** alpha
  const random = rng(seed)
  const out: number[] = []
  for (let j = 0; j < length; j++) {
    const u = random() * sum
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cdf[mid]! < u) lo = mid + 1
      else hi = mid
    }
    out.push(lo)
  }
  return out
}
