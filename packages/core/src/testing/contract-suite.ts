import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { Backend, Mode } from '../backend.js'
import { ManualClock } from '../clock.js'
import { CacheError } from '../errors.js'
import { sampleValues } from './sample-values.js'
import { seededRandom } from './seeded-random.js'

/** A test registrar: vitest's `it`/`test`, `node:test`'s `test`, jest's `test`, … */
export type TestFunction = (name: string, fn: () => unknown) => unknown

/** What the suite hands {@link ContractSuiteOptions.createBackend} for each test. */
export interface ContractContext {
  /** The entry capacity the backend must have (`max`). */
  capacity: number
  /** A clock the test moves by hand; TTL tests need the backend to read time from it. */
  clock: ManualClock
  /** A unique name for this test's backend (for backends that name their storage). */
  name: string
}

/** Options of {@link backendContractSuite}. */
export interface ContractSuiteOptions<M extends Mode> {
  /** The runner's test function. */
  test: TestFunction
  /** Makes a fresh, empty backend for one test. May be async. */
  createBackend: (
    context: ContractContext,
  ) => Backend<unknown, unknown, M> | Promise<Backend<unknown, unknown, M>>
  /** What the suite may assume beyond `backend.capabilities`. */
  capabilities?: {
    /**
     * The backend reads time from `context.clock`, so TTL can be tested without
     * sleeping. Default: `backend.capabilities.ttl`. When false, TTL tests are
     * registered with a name saying why they do not run here.
     */
    injectedClock?: boolean
  }
  /** Prefix for test names (default `'backend contract'`). */
  name?: string
}

const CAPACITY = 64

/** Closes a backend after a test; one the test closed itself may refuse a second close. */
async function closeQuietly(backend: Backend<unknown, unknown, Mode>): Promise<void> {
  try {
    await backend.close?.()
  } catch (error) {
    if (!(error instanceof CacheError && error.code === 'E_CLOSED')) throw error
  }
}

/**
 * The behaviour every warp backend must show, written once and run by every
 * backend package (see `packages/<name>/test/contract.test.ts`). It registers
 * its tests through `options.test`, so it works with any test runner; assertions
 * use `node:assert`. Keys are random per run so runs never collide.
 *
 * Covered: get/set/has/delete/clear/size, overwrite, values of every kind (including
 * `undefined` and `null`), key types kept apart, the capacity bound, exact stats
 * counts, TTL with an injected clock, `close()`, and a randomised comparison with a
 * `Map` model while below capacity (its seed is printed).
 */
export function backendContractSuite<M extends Mode>(options: ContractSuiteOptions<M>): void {
  const prefix = options.name ?? 'backend contract'
  const register = (
    title: string,
    body: (backend: Backend<unknown, unknown, M>, ctx: ContractContext) => Promise<void>,
  ) =>
    options.test(`${prefix}: ${title}`, async () => {
      const ctx: ContractContext = {
        capacity: CAPACITY,
        clock: new ManualClock(),
        name: `contract-${randomUUID().slice(0, 8)}`,
      }
      const backend = await options.createBackend(ctx)
      try {
        await body(backend, ctx)
      } finally {
        await closeQuietly(backend)
      }
    })
  const key = (label: string) => `${label}:${randomUUID()}`

  register('mode and capabilities are declared; sync answers are never Promises', async (b) => {
    assert.ok(b.mode === 'sync' || b.mode === 'async', `mode is ${String(b.mode)}`)
    for (const flag of ['ttl', 'crossProcess', 'bytesOnly'] as const) {
      assert.equal(typeof b.capabilities[flag], 'boolean', `capabilities.${flag}`)
    }
    const answers = [b.get(key('m')), b.set(key('m'), 1), b.has(key('m')), b.delete(key('m'))]
    for (const answer of answers) {
      const thenable = typeof (answer as { then?: unknown } | undefined)?.then === 'function'
      assert.equal(
        thenable,
        b.mode === 'async',
        `a ${b.mode} backend answered ${thenable ? 'a Promise' : 'a value'}`,
      )
      await answer
    }
  })

  register('a missing key is a miss: get → undefined, has → false, delete → false', async (b) => {
    const k = key('missing')
    assert.equal(await b.get(k), undefined)
    assert.equal(await b.has(k), false)
    assert.equal(await b.delete(k), false)
    assert.equal(b.size, 0)
  })

  register('set then get returns the value; has is true; size counts it once', async (b) => {
    const k = key('set')
    await b.set(k, 'v1')
    assert.equal(await b.get(k), 'v1')
    assert.equal(await b.has(k), true)
    assert.equal(b.size, 1)
    await b.set(k, 'v2')
    assert.equal(await b.get(k), 'v2', 'overwrite replaces the value')
    assert.equal(b.size, 1, 'overwrite does not add an entry')
  })

  register('delete removes only its key', async (b) => {
    const [k1, k2] = [key('d1'), key('d2')]
    await b.set(k1, 1)
    await b.set(k2, 2)
    assert.equal(await b.delete(k1), true)
    assert.equal(await b.get(k1), undefined)
    assert.equal(await b.has(k1), false)
    assert.equal(await b.get(k2), 2)
    assert.equal(await b.delete(k1), false, 'a second delete finds nothing')
    assert.equal(b.size, 1)
  })

  register('clear removes every entry and the backend stays usable', async (b) => {
    const keys = Array.from({ length: 10 }, (_, i) => key(`c${i}`))
    for (const k of keys) await b.set(k, k)
    await b.clear()
    assert.equal(b.size, 0)
    for (const k of keys) assert.equal(await b.get(k), undefined)
    await b.set(keys[0], 'again')
    assert.equal(await b.get(keys[0]), 'again')
  })

  register('values of every kind round-trip, including undefined and null', async (b) => {
    for (const [label, value] of sampleValues()) {
      const k = key(label)
      await b.set(k, value)
      assert.equal(await b.has(k), true, `${label}: has after set`)
      const got = await b.get(k)
      if (b.capabilities.bytesOnly) assert.deepStrictEqual(got, value, `${label} round-trips`)
      else assert.equal(got, value, `${label} is stored by reference`)
    }
  })

  register('keys of different types stay apart: 1, "1", 1n, true, "true"', async (b) => {
    const suffix = Math.floor(Math.random() * 1e9)
    const keys: unknown[] = [suffix, String(suffix), BigInt(suffix), `${suffix}.0`, -suffix]
    for (const [i, k] of keys.entries()) await b.set(k, i)
    for (const [i, k] of keys.entries())
      assert.equal(await b.get(k), i, `key ${typeof k} ${String(k)}`)
    await b.set(true, 'bool')
    await b.set('true', 'string')
    assert.equal(await b.get(true), 'bool')
    assert.equal(await b.get('true'), 'string')
  })

  register(
    `size never exceeds capacity; every set is kept or evicted (capacity ${CAPACITY})`,
    async (b, ctx) => {
      const total = ctx.capacity * 5
      for (let i = 0; i < total; i++) {
        await b.set(key(`bound${i}`), i)
        assert.ok(b.size <= ctx.capacity, `size ${b.size} > capacity after ${i + 1} sets`)
      }
      const stats = b.stats()
      assert.ok(stats.size <= stats.capacity, 'stats.size ≤ stats.capacity')
      assert.equal(stats.capacity, ctx.capacity)
      assert.equal(stats.size, b.size)
      assert.equal(stats.sets, total)
      assert.equal(stats.evictions + stats.size, total, 'evictions + size = distinct keys set')
    },
  )

  register('stats count hits, misses, sets and deletes exactly; has is not a hit', async (b) => {
    const [k1, k2] = [key('s1'), key('s2')]
    await b.get(k1) // miss
    await b.set(k1, 'a') // set
    await b.set(k1, 'b') // set (overwrite)
    await b.get(k1) // hit
    await b.get(k1) // hit
    await b.has(k1) // neither
    await b.get(k2) // miss
    await b.delete(k1) // delete
    await b.delete(k2) // nothing to delete
    await b.set(k2, undefined) // set
    await b.get(k2) // hit: a cached undefined is a hit
    const s = b.stats()
    assert.deepEqual(
      { hits: s.hits, misses: s.misses, sets: s.sets, deletes: s.deletes, size: s.size },
      { hits: 3, misses: 2, sets: 3, deletes: 1, size: 1 },
    )
    for (const field of ['evictions', 'expirations', 'oversize', 'capacity'] as const) {
      assert.equal(typeof s[field], 'number', `stats.${field}`)
    }
  })

  register(
    'below capacity, random operations agree with a Map (seed printed on failure)',
    async (b) => {
      const seed = Math.floor(Math.random() * 2 ** 31)
      const random = seededRandom(seed)
      const model = new Map<string, number>()
      const pool = Array.from({ length: CAPACITY / 2 }, (_, i) => key(`r${i}`))
      for (let step = 0; step < 600; step++) {
        const k = pool[Math.floor(random() * pool.length)] as string
        const op = random()
        const where = `seed ${seed}, step ${step}`
        if (op < 0.4) {
          assert.equal(await b.get(k), model.get(k), `get (${where})`)
        } else if (op < 0.75) {
          const v = Math.floor(random() * 1000)
          await b.set(k, v)
          model.set(k, v)
        } else if (op < 0.9) {
          assert.equal(await b.has(k), model.has(k), `has (${where})`)
        } else {
          assert.equal(await b.delete(k), model.delete(k), `delete (${where})`)
        }
        assert.equal(b.size, model.size, `size (${where})`)
      }
    },
  )

  register(
    'lookup(), when offered, tells a miss from a cached undefined and counts like get',
    async (b) => {
      if (!b.lookup) return
      const MISS = Symbol('miss')
      const [absent, undef, value] = [key('l-absent'), key('l-undefined'), key('l-value')]
      await b.set(undef, undefined)
      await b.set(value, 'v')
      const before = b.stats()
      assert.equal(await b.lookup(absent, MISS), MISS)
      assert.equal(await b.lookup(undef, MISS), undefined)
      assert.equal(await b.lookup(value, MISS), 'v')
      const after = b.stats()
      assert.equal(after.hits - before.hits, 2, 'two hits')
      assert.equal(after.misses - before.misses, 1, 'one miss')
    },
  )

  registerTtlTests(options, register, key)

  register('close(), when offered, makes later calls fail with E_CLOSED', async (b) => {
    if (!b.close) return
    await b.set(key('close'), 1)
    await b.close()
    await assert.rejects(
      async () => b.get(key('close')),
      (error: unknown) => error instanceof CacheError && error.code === 'E_CLOSED',
    )
  })
}

type Register<M extends Mode> = (
  title: string,
  body: (backend: Backend<unknown, unknown, M>, ctx: ContractContext) => Promise<void>,
) => unknown

function registerTtlTests<M extends Mode>(
  options: ContractSuiteOptions<M>,
  register: Register<M>,
  key: (label: string) => string,
): void {
  const ttlTest = (
    title: string,
    body: (b: Backend<unknown, unknown, M>, clock: ManualClock) => Promise<void>,
  ) =>
    register(`ttl: ${title}`, async (b, ctx) => {
      const clockInjected = options.capabilities?.injectedClock ?? b.capabilities.ttl
      // Without TTL support or an injectable clock there is nothing to assert without sleeping.
      if (!b.capabilities.ttl || !clockInjected) return
      await body(b, ctx.clock)
    })

  ttlTest('an entry lives until its ttl and is gone after it', async (b, clock) => {
    const k = key('ttl')
    await b.set(k, 'v', { ttl: 1000 })
    clock.advance(999)
    assert.equal(await b.get(k), 'v', 'alive at 999 ms of 1000')
    clock.advance(2)
    assert.equal(await b.get(k), undefined, 'gone at 1001 ms of 1000')
    assert.equal(await b.has(k), false)
    assert.ok(b.stats().expirations >= 1, 'the expiry is counted')
    assert.equal(b.stats().hits, 1)
  })

  ttlTest('ttl 0 means no expiry; entries without ttl outlive others', async (b, clock) => {
    const [forever, plain, short] = [key('forever'), key('plain'), key('short')]
    await b.set(forever, 1, { ttl: 0 })
    await b.set(plain, 2)
    await b.set(short, 3, { ttl: 10 })
    clock.advance(10 * 365 * 24 * 3600 * 1000)
    assert.equal(await b.get(forever), 1)
    assert.equal(await b.get(plain), 2)
    assert.equal(await b.get(short), undefined)
  })

  ttlTest('overwriting an entry restarts its ttl', async (b, clock) => {
    const k = key('restart')
    await b.set(k, 'old', { ttl: 100 })
    clock.advance(80)
    await b.set(k, 'new', { ttl: 100 })
    clock.advance(80)
    assert.equal(await b.get(k), 'new')
    clock.advance(30)
    assert.equal(await b.get(k), undefined)
  })
}
