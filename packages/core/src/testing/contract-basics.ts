import assert from 'node:assert/strict'
import type { Mode } from '../backend.js'
import { CacheError } from '../errors.js'
import type { ContractSuiteOptions, Register } from './contract-suite.js'
import { CONTRACT_CAPACITY, contractKey as key } from './contract-suite.js'
import { sampleValues } from './sample-values.js'
import { seededRandom } from './seeded-random.js'

const FLAGS = ['ttl', 'crossProcess', 'bytesOnly', 'exactEviction'] as const

/** The tests every backend runs whatever its capabilities (and those gated on capabilities other than TTL). */
export function registerBasicTests<M extends Mode>(
  options: ContractSuiteOptions<M>,
  register: Register<M>,
): void {
  const declared = options.capabilities

  register('mode and capabilities are as declared; sync answers are never Promises', async (b) => {
    assert.equal(b.mode, declared.mode, 'mode')
    for (const flag of FLAGS) {
      assert.equal(b.capabilities[flag], declared[flag], `capabilities.${flag}`)
    }
    const k = key('m')
    const answers = [b.get(k), b.set(k, 1), b.has(k), b.delete(k), b.size, b.stats()]
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
    assert.equal(await b.size, 0)
  })

  register('set then get returns the value; has is true; size counts it once', async (b) => {
    const k = key('set')
    await b.set(k, 'v1')
    assert.equal(await b.get(k), 'v1')
    assert.equal(await b.has(k), true)
    assert.equal(await b.size, 1)
    await b.set(k, 'v2')
    assert.equal(await b.get(k), 'v2', 'overwrite replaces the value')
    assert.equal(await b.size, 1, 'overwrite does not add an entry')
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
    assert.equal(await b.size, 1)
  })

  register('clear removes every entry and the backend stays usable', async (b) => {
    const keys = Array.from({ length: 10 }, (_, i) => key(`c${i}`))
    for (const k of keys) await b.set(k, k)
    await b.clear()
    assert.equal(await b.size, 0)
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
    `size never exceeds capacity; every set is kept or evicted, counted exactly (capacity ${CONTRACT_CAPACITY})`,
    async (b, ctx) => {
      const total = ctx.capacity * 5
      for (let i = 0; i < total; i++) {
        await b.set(key(`bound${i}`), i)
        const size = await b.size
        assert.ok(size <= ctx.capacity, `size ${size} > capacity after ${i + 1} sets`)
      }
      const stats = await b.stats()
      assert.ok(stats.size <= stats.capacity, 'stats.size ≤ stats.capacity')
      assert.equal(stats.capacity, ctx.capacity)
      assert.equal(stats.size, await b.size)
      assert.equal(stats.sets, total)
      assert.equal(stats.evictions + stats.size, total, 'evictions + size = distinct keys set')
    },
    !declared.exactEviction && 'the backend does not declare exactEviction',
  )

  register(
    'past capacity, sets never fail and every read is the value set or a miss',
    async (b, ctx) => {
      const keys = Array.from({ length: ctx.capacity * 3 }, (_, i) => key(`over${i}`))
      for (const [i, k] of keys.entries()) await b.set(k, i)
      for (const [i, k] of keys.entries()) {
        const got = await b.get(k)
        assert.ok(got === undefined || got === i, `key ${i} read ${String(got)}`)
      }
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
    const s = await b.stats()
    assert.deepEqual(
      { hits: s.hits, misses: s.misses, sets: s.sets, deletes: s.deletes, size: s.size },
      { hits: 3, misses: 2, sets: 3, deletes: 1, size: 1 },
    )
    for (const field of ['evictions', 'expirations', 'oversize', 'capacity'] as const) {
      assert.equal(typeof s[field], 'number', `stats.${field}`)
    }
  })

  register(
    'below capacity, random operations agree with a Map (seed in the failure message)',
    async (b) => {
      const seed = Math.floor(Math.random() * 2 ** 31)
      const random = seededRandom(seed)
      const model = new Map<string, number>()
      const pool = Array.from({ length: CONTRACT_CAPACITY / 2 }, (_, i) => key(`r${i}`))
      for (let step = 0; step < 400; step++) {
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
        if (step % 20 === 0) assert.equal(await b.size, model.size, `size (${where})`)
      }
      assert.equal(await b.size, model.size, `size at the end (seed ${seed})`)
    },
  )

  register(
    'lookup tells a miss from a cached undefined and counts like get',
    async (b) => {
      assert.equal(typeof b.lookup, 'function', 'lookup() is offered')
      const lookup = b.lookup?.bind(b) as NonNullable<typeof b.lookup>
      const MISS = Symbol('miss')
      const [absent, undef, value] = [key('l-absent'), key('l-undefined'), key('l-value')]
      await b.set(undef, undefined)
      await b.set(value, 'v')
      const before = await b.stats()
      assert.equal(await lookup(absent, MISS), MISS)
      assert.equal(await lookup(undef, MISS), undefined)
      assert.equal(await lookup(value, MISS), 'v')
      const after = await b.stats()
      assert.equal(after.hits - before.hits, 2, 'two hits')
      assert.equal(after.misses - before.misses, 1, 'one miss')
    },
    options.lookup === false && 'the suite was told the backend has no lookup()',
  )

  register(
    'two instances with the same name share their entries',
    async (b, ctx) => {
      const other = await ctx.another()
      const k = key('shared')
      await b.set(k, 'from the first')
      assert.equal(await other.get(k), 'from the first')
      await other.delete(k)
      assert.equal(await b.has(k), false)
    },
    !declared.crossProcess && 'the backend does not declare crossProcess',
  )

  register(
    'close() makes later calls fail with E_CLOSED; a second close does nothing',
    async (b) => {
      const k = key('close')
      await b.set(k, 1)
      await b.close()
      const closed = (error: unknown) => error instanceof CacheError && error.code === 'E_CLOSED'
      for (const [what, call] of [
        ['get', () => b.get(k)],
        ['set', () => b.set(k, 2)],
        ['has', () => b.has(k)],
        ['delete', () => b.delete(k)],
        ['clear', () => b.clear()],
        ['stats', () => b.stats()],
      ] as const) {
        await assert.rejects(async () => call(), closed, `${what} after close`)
      }
      await b.close()
    },
  )
}
