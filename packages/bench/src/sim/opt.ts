/**
 * For each request, the index of the next request for the same key (Infinity
 * when there is none). Depends only on the trace, so one array serves every size.
 */
export function nextUses(trace: ArrayLike<number>): Float64Array {
  const n = trace.length
  const nextUse = new Float64Array(n)
  const seen = new Map<number, number>()
  for (let i = n - 1; i >= 0; i--) {
    const k = trace[i]!
    nextUse[i] = seen.get(k) ?? Number.POSITIVE_INFINITY
    seen.set(k, i)
  }
  return nextUse
}

/**
 * Belady's MIN (OPT): on a miss with a full cache, evicts the cached key whose
 * next request is furthest in the future (or never comes). Every miss is
 * admitted, as in the `get` then `set`-on-miss model the other policies use,
 * so its hit count is the upper bound for them. O(n log c) with a lazy max-heap.
 */
export function simulateOpt(
  trace: ArrayLike<number>,
  capacity: number,
  nextUse: Float64Array = nextUses(trace),
): number {
  const n = trace.length
  const current = new Map<number, number>() // cached key -> its next use
  const heapKey: number[] = []
  const heapPri: number[] = []
  const push = (key: number, pri: number): void => {
    let i = heapKey.length
    heapKey.push(key)
    heapPri.push(pri)
    while (i > 0) {
      const p = (i - 1) >> 1
      if (heapPri[p]! >= pri) break
      heapKey[i] = heapKey[p]!
      heapPri[i] = heapPri[p]!
      i = p
    }
    heapKey[i] = key
    heapPri[i] = pri
  }
  const pop = (): number => {
    const top = heapKey[0]!
    const lastKey = heapKey.pop()!
    const lastPri = heapPri.pop()!
    const len = heapKey.length
    if (len > 0) {
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        if (l >= len) break
        const r = l + 1
        const c = r < len && heapPri[r]! > heapPri[l]! ? r : l
        if (heapPri[c]! <= lastPri) break
        heapKey[i] = heapKey[c]!
        heapPri[i] = heapPri[c]!
        i = c
      }
      heapKey[i] = lastKey
      heapPri[i] = lastPri
    }
    return top
  }
  const topPri = (): number => heapPri[0]!
  let hits = 0
  for (let i = 0; i < n; i++) {
    const k = trace[i]!
    const nu = nextUse[i]!
    if (current.has(k)) {
      hits++
    } else if (current.size === capacity) {
      // Skip stale heap entries (a key whose next use has since moved on).
      for (;;) {
        const pri = topPri()
        const victim = pop()
        if (current.get(victim) === pri) {
          current.delete(victim)
          break
        }
      }
    }
    current.set(k, nu)
    push(k, nu)
  }
  return hits
}
