/** The median of a non-empty list (mean of the two middle values for an even length). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list')
  const s = [...values].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Median, min and max of a non-empty list. */
export function summarize(values: readonly number[]): { value: number; min: number; max: number } {
  return { value: median(values), min: Math.min(...values), max: Math.max(...values) }
}
