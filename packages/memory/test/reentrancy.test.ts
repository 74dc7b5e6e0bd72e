import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LRUCache, MAX_DISPOSE_DEPTH, SieveCache } from '../src/index.js'
import type { PolicyName } from '../src/sieve-options.js'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
console.log(`[memory] re-entrancy tests: fast-check seed ${seed} (rerun with FC_SEED=${seed})`)

const POLICIES: PolicyName[] = ['sieve', 'lru', 'tinylfu']

/** Fails the test (instead of hanging it) once callbacks have run this many times. */
const CALLBACK_LIMIT = 10_000

describe.each(POLICIES)("re-entrant dispose (policy '%s')", (policy) => {
  it('the issue repro: a dispose that sets another key on eviction finishes', () => {
    let calls = 0
    const c: SieveCache<string, number> = new SieveCache({
      max: 2,
      policy,
      seed: 7,
      dispose: (_v, k, r) => {
        if (++calls > CALLBACK_LIMIT) throw new Error('dispose looped')
        if (r === 'evict' && k === 'a') c.set('x', 1)
      },
    })
    c.set('a', 1)
    c.set('b', 2)
    c.set('c', 3)
    expect(c.size).toBeLessThanOrEqual(2)
    expect([...c.keys()].length).toBe(c.size)
    expect(calls).toBeLessThan(10)
  })

  it('a dispose that re-inserts every evicted key stops at the depth bound', () => {
    let calls = 0
    const c: SieveCache<number, number> = new SieveCache({
      max: 3,
      policy,
      seed: 7,
      dispose: (v, k, r) => {
        if (++calls > CALLBACK_LIMIT) throw new Error('dispose looped')
        expect(c.size).toBeLessThanOrEqual(3)
        if (r === 'evict') c.set(k, v)
      },
    })
    for (let k = 0; k < 3; k++) c.set(k, k)
    expect(() => c.set(3, 3)).toThrow(RangeError)
    expect(c.size).toBe(3)
    expect([...c.keys()].length).toBe(3)
    expect(calls).toBeLessThanOrEqual(MAX_DISPOSE_DEPTH + 1)
    // Consistent afterwards: every key iterated is found, and a delete works.
    for (const k of [...c.keys()]) expect(c.peek(k)).toBe(k)
    expect(c.delete([...c.keys()][0]!)).toBe(true)
    expect(c.size).toBe(2)
  })

  it('random callbacks calling set/delete/clear/get never overfill and keep iteration = size', () => {
    const op = fc.oneof(
      fc.tuple(fc.constant('set' as const), fc.integer({ min: 0, max: 12 })),
      fc.tuple(fc.constant('delete' as const), fc.integer({ min: 0, max: 12 })),
      fc.tuple(fc.constant('get' as const), fc.integer({ min: 0, max: 12 })),
      fc.tuple(fc.constant('clear' as const), fc.constant(0)),
    )
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(op, { maxLength: 60 }),
        fc.array(fc.array(op, { maxLength: 3 }), { minLength: 1, maxLength: 10 }),
        (max, ops, callbackScripts) => {
          let calls = 0
          let violations = 0
          const c: SieveCache<number, number> = new SieveCache({
            max,
            policy,
            seed: 3,
            dispose: () => {
              if (++calls > CALLBACK_LIMIT) throw new Error('dispose looped')
              if (c.size > max || [...c.keys()].length !== c.size) violations++
              for (const [what, k] of callbackScripts[calls % callbackScripts.length]!)
                run(c, what, k)
            },
          })
          for (const [what, k] of ops) {
            try {
              run(c, what, k)
            } catch (error) {
              if (!(error instanceof RangeError)) throw error
            }
            if (c.size > max || [...c.keys()].length !== c.size) return false
          }
          return violations === 0
        },
      ),
      { seed, numRuns: 150 },
    )
  })
})

function run(
  c: SieveCache<number, number>,
  what: 'set' | 'delete' | 'get' | 'clear',
  k: number,
): void {
  if (what === 'set') c.set(k, k)
  else if (what === 'delete') c.delete(k)
  else if (what === 'get') c.get(k)
  else c.clear()
}

describe('re-entrant dispose in LRUCache', () => {
  it('the issue repro: a dispose re-inserting evicted keys never overfills or corrupts the index', () => {
    let calls = 0
    let overfilled = false
    const c: LRUCache<number, number> = new LRUCache({
      max: 3,
      dispose: (v, k, r) => {
        if (++calls > CALLBACK_LIMIT) throw new Error('dispose looped')
        if (c.size > 3) overfilled = true
        if (r === 'evict') c.set(k, v)
      },
    })
    for (let k = 0; k < 3; k++) c.set(k, k)
    expect(() => c.set(3, 3)).toThrow(RangeError)
    expect(overfilled).toBe(false)
    expect(c.size).toBe(3)
    expect([...c.keys()].length).toBe(3)
    for (const k of [...c.keys()]) expect(c.peek(k)).toBe(k)
  })

  it('a dispose that sets another key on eviction finishes', () => {
    const c: LRUCache<string, number> = new LRUCache({
      max: 2,
      dispose: (_v, k, r) => {
        if (r === 'evict' && k === 'a') c.set('x', 1)
      },
    })
    c.set('a', 1)
    c.set('b', 2)
    c.set('c', 3)
    expect(c.size).toBeLessThanOrEqual(2)
    expect([...c.keys()].length).toBe(c.size)
  })
})
