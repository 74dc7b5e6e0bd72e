/**
 * FIFO: evicts the oldest inserted key; hits do not reorder. Returns the number
 * of hits when every request is `get`, and a miss is followed by `set`.
 */
export function simulateFifo(trace: ArrayLike<number>, capacity: number): number {
  const present = new Set<number>()
  const ring = new Float64Array(capacity)
  let head = 0
  let hits = 0
  for (let i = 0; i < trace.length; i++) {
    const k = trace[i]!
    if (present.has(k)) {
      hits++
      continue
    }
    if (present.size === capacity) present.delete(ring[head]!)
    ring[head] = k
    head = head + 1 === capacity ? 0 : head + 1
    present.add(k)
  }
  return hits
}
