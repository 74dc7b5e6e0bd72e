import { describe, expect, it } from 'vitest'
import type { Backend, CacheStats, Capabilities, ManualClock, Mode } from '../src/index.js'
import {
  backendContractSuite,
  type ContractCapabilities,
  ReferenceBackend,
} from '../src/testing/index.js'

// The suite is only worth something if it fails broken backends. Each variant below
// breaks one rule; collecting the suite's tests and running them must produce at least
// one failure whose message names the broken behaviour.
type Options = { max: number; clock: ManualClock }

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
class AsyncAnsweringValues extends ReferenceBackend<unknown, unknown, 'async'> {
  override get size(): Promise<number> {
    return 0 as unknown as Promise<number>
  }
}
class Unbounded extends ReferenceBackend<unknown, unknown, 'sync'> {
  constructor(options: Options) {
    super({ mode: 'sync', max: 1_000_000, clock: options.clock })
  }
  override stats(): CacheStats {
    return { ...super.stats(), capacity: 64 }
  }
}
class IgnoresTtl extends ReferenceBackend<unknown, unknown, 'sync'> {
  override set(key: unknown, value: unknown): void {
    super.set(key, value)
  }
}
class NeverCloses extends ReferenceBackend<unknown, unknown, 'sync'> {
  override close(): void {}
}
class ClaimsNoTtl extends ReferenceBackend<unknown, unknown, 'sync'> {
  override readonly capabilities: Capabilities = {
    ttl: false,
    crossProcess: false,
    bytesOnly: false,
    exactEviction: true,
  }
}

const syncCaps: ContractCapabilities = {
  mode: 'sync',
  ttl: true,
  crossProcess: false,
  bytesOnly: false,
  exactEviction: true,
}

type Variant = [
  string,
  (o: Options) => Backend<unknown, unknown, Mode>,
  RegExp,
  ContractCapabilities?,
]
const variants: Variant[] = [
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
  [
    'async backend answering a plain value',
    (o) => new AsyncAnsweringValues({ mode: 'async', ...o }),
    /answered a value/,
    { ...syncCaps, mode: 'async' },
  ],
  ['no capacity bound', (o) => new Unbounded(o), /capacity/],
  ['per-entry ttl ignored', (o) => new IgnoresTtl({ mode: 'sync', ...o }), /gone after/],
  ['close that does not close', (o) => new NeverCloses({ mode: 'sync', ...o }), /after close/],
  [
    'capabilities other than declared',
    (o) => new ClaimsNoTtl({ mode: 'sync', ...o }),
    /capabilities\.ttl/,
  ],
  [
    'crossProcess declared but instances share nothing',
    (o) => new ReferenceBackend({ mode: 'sync', ...o }),
    /from the first|capabilities\.crossProcess/,
    { ...syncCaps, crossProcess: true },
  ],
]

interface Collected {
  run: Array<[string, () => unknown]>
  skipped: string[]
}

function collect(
  make: (o: Options) => Backend<unknown, unknown, Mode>,
  capabilities: ContractCapabilities,
): Collected {
  const collected: Collected = { run: [], skipped: [] }
  const test = Object.assign((name: string, fn: () => unknown) => collected.run.push([name, fn]), {
    skip: (name: string) => collected.skipped.push(name),
  })
  backendContractSuite({
    test,
    capabilities,
    createBackend: ({ capacity, clock }) => make({ max: capacity, clock }),
  })
  return collected
}

describe('the contract suite fails broken backends', () => {
  for (const [label, make, expected, capabilities = syncCaps] of variants) {
    it(label, async () => {
      const { run } = collect(make, capabilities)
      expect(run.length).toBeGreaterThan(10)
      const failures: string[] = []
      for (const [name, fn] of run) {
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

describe('the contract suite reports tests that do not apply as skipped, with the reason', () => {
  it('a backend without ttl, crossProcess or exact eviction: those tests are skipped by name', () => {
    const { run, skipped } = collect((o) => new ReferenceBackend({ mode: 'sync', ...o }), {
      ...syncCaps,
      ttl: false,
      exactEviction: false,
    })
    expect(skipped.some((n) => /ttl .* skipped: the backend does not declare ttl/.test(n))).toBe(
      true,
    )
    expect(skipped.some((n) => /skipped: the backend does not declare exactEviction/.test(n))).toBe(
      true,
    )
    expect(skipped.some((n) => /skipped: the backend does not declare crossProcess/.test(n))).toBe(
      true,
    )
    expect(run.some(([n]) => /ttl/.test(n))).toBe(false)
  })

  it('a test runner without skip still shows the reason in a test name', () => {
    const names: string[] = []
    backendContractSuite({
      test: (name: string) => names.push(name),
      capabilities: { ...syncCaps, ttl: false },
      createBackend: ({ capacity, clock }) =>
        new ReferenceBackend({ mode: 'sync', max: capacity, clock }),
    })
    expect(
      names.filter((n) => n.includes('skipped: the backend does not declare ttl')).length,
    ).toBe(4)
  })

  it('every applicable test passes for a correct backend declaring everything but crossProcess', async () => {
    const { run, skipped } = collect((o) => new ReferenceBackend({ mode: 'sync', ...o }), syncCaps)
    expect(skipped).toHaveLength(1)
    for (const [, fn] of run) await fn()
  })
})
