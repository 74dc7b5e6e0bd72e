/**
 * A small seeded PRNG (sfc32, seeded through splitmix32). Deterministic across
 * platforms and Node versions, unlike `Math.random`, so every subject in a run
 * and every rerun with the same seed sees the same key stream.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, n). */
  int(n: number): number
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

/** Creates a generator from a 32-bit integer seed. */
export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${seed}`)
  const mix = splitmix32(seed)
  let a = mix()
  let b = mix()
  let c = mix()
  let d = mix()
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    return t
  }
  for (let i = 0; i < 12; i++) u32()
  return {
    next: () => u32() / 4294967296,
    int: (n: number) => Math.floor((u32() / 4294967296) * n),
  }
}

/** A seeded Fisher–Yates permutation of `0 … n-1`. */
export function permutation(n: number, rng: Rng): Uint32Array {
  const p = new Uint32Array(n)
  for (let i = 0; i < n; i++) p[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = p[i]!
    p[i] = p[j]!
    p[j] = t
  }
  return p
}
