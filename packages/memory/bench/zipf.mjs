/** mulberry32: a small seeded PRNG, so every subject sees the same stream. */
export function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `length` ranks drawn from Zipf(alpha) over `n` keys (rank 0 most popular), by inverse CDF. */
export function zipfStream(n, alpha, length, seed) {
  const cdf = new Float64Array(n)
  let sum = 0
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1) ** alpha
  for (let i = 0; i < n; i++) cdf[i] /= sum
  const random = rng(seed)
  const out = new Uint32Array(length)
  for (let j = 0; j < length; j++) {
    const u = random()
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cdf[mid] < u) lo = mid + 1
      else hi = mid
    }
    out[j] = lo
  }
  // Scramble ranks to key ids so popular keys are not the small integers.
  const perm = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const k = Math.floor(random() * (i + 1))
    ;[perm[i], perm[k]] = [perm[k], perm[i]]
  }
  for (let j = 0; j < length; j++) out[j] = perm[out[j]]
  return out
}
