/** The median of a non-empty list (mean of the two middle values for an even length). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list')
  const s = [...values].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/**
 * The `p`-th percentile of a non-empty list by the nearest-rank method: the smallest value with at
 * least `p` % of the list at or below it, so always one of the values (no interpolation). `p` is
 * in (0, 100]; `percentile(v, 50)` of an even-length list is the lower of the two middle values,
 * and `percentile(v, 99)` of 100 values is the second largest.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty list')
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`)
  const s = [...values].sort((a, b) => a - b)
  return s[Math.ceil((p / 100) * s.length) - 1]!
}

/** Median, min and max of a non-empty list. */
export function summarize(values: readonly number[]): { value: number; min: number; max: number } {
  return { value: median(values), min: Math.min(...values), max: Math.max(...values) }
}

/** What {@link pairedRatio} needs of a result: its value and, when it ran several times, each pass's. */
export interface Measured {
  value: number
  passes?: ReadonlyArray<{ value: number }>
}

/**
 * `a` over `b`, paired by pass: the median of `a.passes[i].value / b.passes[i].value`.
 * Within a pass the subjects of one configuration ran one after another, so a burst
 * of other load on the machine slows both sides of a pair and cancels out, where
 * the ratio of two medians would keep it. Without passes on both sides (or with
 * unequal counts) it is plain `a.value / b.value`.
 */
export function pairedRatio(a: Measured, b: Measured): number {
  const pa = a.passes
  const pb = b.passes
  if (!pa || !pb || pa.length !== pb.length || pa.length < 2) return a.value / b.value
  return median(pa.map((p, i) => p.value / pb[i]!.value))
}
