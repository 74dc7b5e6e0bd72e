import { zipfStream } from './zipf.js'

/** A synthetic request stream for the hit-ratio suite. */
export interface Workload {
  name: string
  description: string
  keys: Uint32Array
}

/** Zipf(α) over `n` keys. */
export function zipfWorkload(alpha: number, n: number, length: number, seed: number): Workload {
  return {
    name: `zipf-${alpha.toFixed(1)}`,
    description: `Zipf α=${alpha} over ${n} keys`,
    keys: zipfStream({ n, alpha, length, seed }),
  }
}

/**
 * A hot set of `hot` keys (Zipf 0.9) interrupted every `period` requests by a
 * scan of `scan` keys never seen before — the one-hit wonders that flush LRU.
 */
export function scanWorkload(
  hot: number,
  scan: number,
  period: number,
  length: number,
  seed: number,
): Workload {
  const base = zipfStream({ n: hot, alpha: 0.9, length, seed })
  const out = new Uint32Array(length)
  let next = hot
  let j = 0
  for (let i = 0; i < length; i++) {
    if (i % period === period - 1) {
      for (let s = 0; s < scan && i < length; s++, i++) out[i] = next++
      i--
    } else {
      out[i] = base[j++]!
    }
  }
  return {
    name: 'scan+hot',
    description: `${hot} hot keys, a scan of ${scan} new keys every ${period} requests`,
    keys: out,
  }
}

/** A loop over `span` keys, repeated: larger than the cache, the worst case of LRU and FIFO. */
export function loopWorkload(span: number, length: number): Workload {
  const out = new Uint32Array(length)
  for (let i = 0; i < length; i++) out[i] = i % span
  return { name: `loop-${span}`, description: `a cyclic loop over ${span} keys`, keys: out }
}

/**
 * A working set of `width` keys (Zipf 1.0 inside it) that moves to fresh keys
 * by `shift` every `phase` requests.
 */
export function shiftingWorkload(
  width: number,
  shift: number,
  phase: number,
  length: number,
  seed: number,
): Workload {
  const inner = zipfStream({ n: width, alpha: 1.0, length, seed: seed + 1 })
  const out = new Uint32Array(length)
  for (let i = 0; i < length; i++) {
    const offset = Math.floor(i / phase) * shift
    out[i] = offset + inner[i]!
  }
  return {
    name: 'shifting',
    description: `${width} hot keys moving by ${shift} every ${phase} requests`,
    keys: out,
  }
}

/** The synthetic workloads that always exist, independent of `../shared/traces`. */
export function syntheticWorkloads(length: number, seed: number): Workload[] {
  return [
    zipfWorkload(0.6, 10_000, length, seed),
    zipfWorkload(0.8, 10_000, length, seed),
    zipfWorkload(1.0, 10_000, length, seed),
    zipfWorkload(1.2, 10_000, length, seed),
    scanWorkload(800, 2_000, 10_000, length, seed),
    loopWorkload(2_500, length),
    shiftingWorkload(1_500, 500, 20_000, length, seed),
  ]
}
