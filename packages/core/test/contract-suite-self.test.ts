import { describe, expect, it } from 'vitest'
import type { Backend, CacheStats, ManualClock } from '../src/index.js'
import { backendContractSuite, ReferenceBackend } from '../src/testing/index.js'

// The suite is only worth something if it fails broken backends. Each variant
// below breaks one rule; collecting the suite's tests and running them must
// produce at least one failure whose message names the broken behaviour.
class DeleteDoesNothing extends ReferenceBackend<unknown, unknown, 'sync'> {
  override delete(): boolean {
    return true
  }
}
class HasCountsAsHit extends ReferenceBackend<unknown, unknown, 'sync'> {
  override has(key: unknown): boolean {
    return this.get(key) !== undefined
  }
}
class AnswersWithPromises extends ReferenceBackend<unknown, unknown, 'sync'> {
  override get(key: unknown): unknown {
    return Promise.resolve(super.get(key))
  }
}
class Unbounded extends ReferenceBackend<unknown, unknown, 'sync'> {
  constructor(options: { clock: ManualClock }) {
    super({ mode: 'sync', max: 1_000_000, clock: options.clock })
  }
  override stats(): CacheStats {
    return { ...super.stats(), capacity: 64 }
  }
}

type Make = (options: { max: number; clock: ManualClock }) => Backend<unknown, unknown, 'sync'>
const variants: Array<[string, Make, RegExp]> = [
  [
    'delete that does not delete',
    (o) => new DeleteDoesNothing({ mode: 'sync', ...o }),
    /delete|get/,
  ],
  ['has that counts as a hit', (o) => new HasCountsAsHit({ mode: 'sync', ...o }), /hits/],
  [
    'sync backend answering with Promises',
    (o) => new AnswersWithPromises({ mode: 'sync', ...o }),
    /Promise/,
  ],
  ['no capacity bound', (o) => new Unbounded(o), /capacity/],
]

describe('the contract suite fails broken backends', () => {
  for (const [label, make, expected] of variants) {
    it(label, async () => {
      const tests: Array<[string, () => unknown]> = []
      backendContractSuite({
        test: (name, fn) => tests.push([name, fn]),
        createBackend: ({ capacity, clock }) => make({ max: capacity, clock }),
      })
      expect(tests.length).toBeGreaterThan(10)
      const failures: string[] = []
      for (const [name, fn] of tests) {
        try {
          await fn()
        } catch (error) {
          failures.push(`${name}: ${(error as Error).message}`)
        }
      }
      expect(failures.length, `no test failed for "${label}"`).toBeGreaterThan(0)
      expect(failures.join('\n')).toMatch(expected)
    })
  }
})
