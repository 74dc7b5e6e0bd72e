/** How often each of the `n` most requested keys of `stream` is requested, most first. */
export function topCounts(stream: ArrayLike<number>, n: number): number[] {
  const counts = new Map<number, number>()
  for (let i = 0; i < stream.length; i++) {
    const key = stream[i]!
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts.values()].sort((a, b) => b - a).slice(0, n)
}
