/** The part of a cache the memory suite uses. */
export interface CacheLike {
  get(key: unknown): unknown
  set(key: unknown, value: unknown): unknown
}

/** What a smoke test knows about its subject. */
export interface SmokeFlags {
  /** The subject keys entries by `String(key)`, so `1` and `'1'` are one key (reported, not ranked against Map-keyed caches). */
  objectKeyed?: boolean
  /** The subject never evicts (a bare `Map`, fast-memoize). */
  unbounded?: boolean
}

/**
 * Checks a cache returns what was set before it is timed. Returns `undefined`
 * when it passes, else the first failure: such a subject is disqualified.
 */
export function smokeCache(
  make: (max: number) => CacheLike,
  flags: SmokeFlags,
): string | undefined {
  const c = make(64)
  if (c.get('absent') !== undefined) return 'get of a key never set did not return undefined'
  for (let i = 0; i < 40; i++) c.set(i, `v${i}`)
  for (let i = 0; i < 40; i++) {
    const v = c.get(i)
    if (v !== `v${i}`) return `get(${i}) returned ${String(v)}, expected v${i}`
  }
  c.set(7, 'seven')
  if (c.get(7) !== 'seven') return 'an overwritten key did not return its new value'
  const obj = { o: 1 }
  c.set('obj', obj)
  if (c.get('obj') !== obj) return 'a stored object did not come back by reference'
  if (!flags.objectKeyed) {
    c.set(1, 'number one')
    c.set('1', 'string one')
    if (c.get(1) !== 'number one' || c.get('1') !== 'string one') {
      return "1 and '1' share one entry (the subject is not marked object-keyed)"
    }
  }
  if (!flags.unbounded) {
    const d = make(64)
    for (let i = 0; i < 1000; i++) d.set(`k${i}`, i)
    if (d.get('k999') !== 999) return 'the newest key was missing after filling past capacity'
    let present = 0
    for (let i = 0; i < 1000; i++) if (d.get(`k${i}`) !== undefined) present++
    // quick-lru keeps up to two generations of maxSize entries, hence 2×.
    if (present > 128) return `${present} of 1000 keys present in a cache of max 64`
  }
  return undefined
}

/** A memoized function of one or two arguments. */
export type MemoFn = (a: unknown, b?: unknown) => unknown

/**
 * Checks a memoizer: results equal the function's, a repeated call does not call
 * the function again, and (unless marked object-keyed) `f(1)` and `f('1')` differ.
 */
export function smokeMemoize(
  make: (fn: (...args: any[]) => unknown, max: number, arity: 1 | 2) => MemoFn,
  arity: 1 | 2,
  flags: SmokeFlags,
): string | undefined {
  let calls = 0
  const probe =
    arity === 1
      ? (a: unknown) => {
          calls++
          return `${typeof a}:${String(a)}`
        }
      : (a: unknown, b: unknown) => {
          calls++
          return `${typeof a}:${String(a)}|${typeof b}:${String(b)}`
        }
  const f = make(probe, 64, arity)
  const call = (a: unknown, b: unknown) => (arity === 1 ? f(a) : f(a, b))
  const expect = (a: unknown, b: unknown) =>
    arity === 1 ? `${typeof a}:${String(a)}` : `${typeof a}:${String(a)}|${typeof b}:${String(b)}`
  for (let i = 0; i < 10; i++) {
    const r = call(i, i + 1)
    if (r !== expect(i, i + 1)) return `f(${i}) returned ${String(r)}`
  }
  const before = calls
  for (let i = 0; i < 10; i++) {
    const r = call(i, i + 1)
    if (r !== expect(i, i + 1)) return `a repeated f(${i}) returned ${String(r)}`
  }
  if (calls !== before) return `repeated calls ran the function again (${calls - before} times)`
  if (!flags.objectKeyed) {
    const a = call(1, 2)
    const b = call('1', 2)
    if (a !== expect(1, 2) || b !== expect('1', 2)) return "f(1) and f('1') share one result"
  }
  if (arity === 2) {
    const a = call(1, 23)
    const b = call(12, 3)
    if (a !== expect(1, 23) || b !== expect(12, 3)) return 'f(1, 23) and f(12, 3) share one result'
  }
  return undefined
}
