/**
 * Strict LRU: a hit makes the key the most recent; a miss evicts the least
 * recent. Uses `Map` insertion order (delete + re-insert on a hit).
 */
export function simulateLru(trace: ArrayLike<number>, capacity: number): number {
  const order = new Map<number, true>()
  let hits = 0
  for (let i = 0; i < trace.length; i++) {
    const k = trace[i]!
    if (order.delete(k)) {
      hits++
      order.set(k, true)
      continue
    }
    if (order.size === capacity) order.delete(order.keys().next().value!)
    order.set(k, true)
  }
  return hits
}
