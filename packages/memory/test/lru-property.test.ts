import fc from 'fast-check'
import { LRUCache as Theirs } from 'lru-cache'
import { describe, expect, it } from 'vitest'
import { LRUCache as Ours } from '../src/index.js'
import { both } from './support/both.js'
import { ReferenceSieve } from './support/reference-sieve.js'
import { zipfTrace } from './support/zipf.js'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
console.log(
  `[memory] LRUCache property tests: fast-check seed ${seed} (rerun with FC_SEED=${seed})`,
)

// Small ints (LRUCache's int32 index), int32 edges and -0, numbers outside int32 and
// strings (its Map), so both indexes and their interplay meet lru-cache's Map semantics.
const key = fc.oneof(
  fc.integer({ min: 0, max: 7 }),
  fc.constantFrom(-0, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 1.5, Number.NaN),
  fc.constantFrom('0', '1', 'a', '__proto__'),
)
const getOptions = fc.option(
  fc.record(
    {
      allowStale: fc.boolean(),
      updateAgeOnGet: fc.boolean(),
      noDeleteOnStaleGet: fc.boolean(),
      status: fc.constant(true),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
)
const op = fc.oneof(
  fc.record({
    op: fc.constant('set' as const),
    key,
    value: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(undefined)),
    options: fc.option(
      fc.record(
        {
          ttl: fc.integer({ min: 0, max: 30 }),
          noUpdateTTL: fc.boolean(),
          status: fc.constant(true),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
  }),
  fc.record({ op: fc.constant('get' as const), key, options: getOptions }),
  fc.record({ op: fc.constantFrom('has', 'peek', 'delete', 'ttl', 'info'), key }),
  fc.record({
    op: fc.constant('advance' as const),
    ms: fc.constantFrom(0, 1, 5, 9, 10, 11, 15, 24, 25, 26),
  }),
  fc.record({ op: fc.constantFrom('purge', 'clear', 'contents') }),
)

type Op = {
  op: string
  key?: unknown
  value?: unknown
  options?: Record<string, unknown>
  ms?: number
}

function withStatus(
  options: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!options) return undefined
  const { status, ...rest } = options
  return status ? { ...rest, status: {} } : rest
}

describe('LRUCache vs lru-cache on random operation sequences', () => {
  it('step by step while nothing is evicted (results, statuses, callbacks)', () => {
    fc.assert(
      fc.property(
        fc.record({
          ttl: fc.constantFrom(0, 10, 25),
          allowStale: fc.boolean(),
          updateAgeOnGet: fc.boolean(),
          updateAgeOnHas: fc.boolean(),
          noDeleteOnStaleGet: fc.boolean(),
          noDisposeOnSet: fc.boolean(),
        }),
        fc.array(op, { minLength: 10, maxLength: 80 }),
        (config, ops: Op[]) => {
          const { same, sameSet, clock } = both({
            max: 1000,
            ...config,
            dispose: true,
            disposeAfter: true,
            onInsert: true,
          })
          for (const o of ops) {
            const k = o.key
            switch (o.op) {
              case 'set':
                same(
                  (c) => {
                    const options = withStatus(o.options)
                    c.set(k, o.value, options)
                    return [options?.status, c.size]
                  },
                  `set ${String(k)}`,
                )
                break
              case 'get':
                same(
                  (c) => {
                    const options = withStatus(o.options)
                    return [c.get(k, options), options?.status, c.size]
                  },
                  `get ${String(k)}`,
                )
                break
              case 'has':
                same(
                  (c) => {
                    const status = {}
                    return [c.has(k, { status }), status]
                  },
                  `has ${String(k)}`,
                )
                break
              case 'peek':
                same(
                  (c) => {
                    const status = {}
                    return [c.peek(k, { status }), status]
                  },
                  `peek ${String(k)}`,
                )
                break
              case 'delete':
                same((c) => [c.delete(k), c.size], `delete ${String(k)}`)
                break
              case 'ttl':
                same((c) => c.getRemainingTTL(k), `getRemainingTTL ${String(k)}`)
                break
              case 'info':
                same(
                  (c) => {
                    const info = c.info(k)
                    if (info) delete info.start
                    return info
                  },
                  `info ${String(k)}`,
                )
                break
              case 'advance':
                clock.advance(o.ms!)
                break
              case 'purge':
                sameSet((c) => [c.purgeStale(), c.size], 'purgeStale')
                break
              case 'clear':
                sameSet((c) => [c.clear(), c.size], 'clear')
                break
              case 'contents':
                sameSet((c) => [...c.entries()], 'entries')
                sameSet((c) => [...c.rkeys()], 'rkeys')
                break
            }
          }
          sameSet(
            (c) => c.dump().map(([k, e]: [unknown, { start?: number }]) => [k, { ...e, start: 0 }]),
            'dump',
          )
        },
      ),
      { seed, numRuns: 300 },
    )
  })

  it('with evictions: same sizes, and every value read is the last one written', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 20 }), fc.integer()), {
          minLength: 20,
          maxLength: 300,
        }),
        (max, steps) => {
          const ours = new Ours<number, number>({ max })
          const theirs = new Theirs<number, number>({ max })
          const last = new Map<number, number>()
          for (const [isSet, k, v] of steps) {
            if (isSet) {
              ours.set(k, v)
              theirs.set(k, v)
              last.set(k, v)
            } else {
              const got = ours.get(k)
              if (got !== undefined && got !== last.get(k)) return false
              theirs.get(k)
            }
            if (ours.size !== theirs.size || ours.size > max) return false
          }
          return [...ours.entries()].every(([k, v]) => last.get(k) === v)
        },
      ),
      { seed, numRuns: 300 },
    )
  })

  it('its eviction is exact SIEVE (same hits as the reference on Zipf traces)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (capacity, traceSeed) => {
          const reference = new ReferenceSieve(capacity)
          const cache = new Ours<number, number>({ max: capacity })
          for (const k of zipfTrace(1000, 0.9, 3000, traceSeed)) {
            const hit = cache.get(k) !== undefined
            if (!hit) cache.set(k, k)
            if (hit !== reference.access(k)) return false
          }
          return true
        },
      ),
      { seed, numRuns: 30 },
    )
    expect(true).toBe(true)
  })
})
