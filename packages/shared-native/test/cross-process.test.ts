import { sampleValues } from '@warp/core/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SharedCache } from '../src/index.js'
import { type Agent, processAgent, workerAgent } from './helpers/agent.js'
import { tempDir, uniqueName } from './helpers/env.js'

let dir: string
let cleanup: () => void
const agents: Agent[] = []
const caches: SharedCache[] = []

beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
})
afterEach(async () => {
  for (const c of caches.splice(0)) c.close()
  await Promise.all(agents.splice(0).map((a) => a.stop()))
  cleanup()
})

function open(options: Partial<ConstructorParameters<typeof SharedCache>[0]> & { name: string }) {
  const c = new SharedCache({ max: 1000, dir, ...options })
  caches.push(c)
  return c
}

describe('one cache, many processes', () => {
  it('a value set in one process is read back equal in another (child_process)', async () => {
    const name = uniqueName('xp')
    const cache = open({ name })
    const child = await processAgent()
    agents.push(child)
    await child.call('open', { handle: 1, options: { name, max: 1000, dir } })
    cache.set('from-parent', { n: 1, list: ['a', 'b'] })
    expect(await child.call('get', { handle: 1, key: 'from-parent' })).toEqual({
      n: 1,
      list: ['a', 'b'],
    })
    await child.call('set', { handle: 1, key: 'from-child', value: 'héllo 🌍' })
    expect(cache.get('from-child')).toBe('héllo 🌍')
    expect(cache.size).toBe(2)
  })

  it('a worker_thread sees the same entries', async () => {
    const name = uniqueName('wt')
    const cache = open({ name })
    const worker = await workerAgent()
    agents.push(worker)
    await worker.call('open', { handle: 1, options: { name, max: 1000, dir } })
    cache.set(42, 'answer')
    expect(await worker.call('get', { handle: 1, key: 42 })).toBe('answer')
    await worker.call('set', { handle: 1, key: 'w', value: 7n })
    expect(cache.get('w')).toBe(7n)
  })

  it('a second SharedCache instance in the same process shares entries', () => {
    const name = uniqueName('inst')
    const a = open({ name })
    const b = open({ name })
    a.set('k', [1, 2, 3])
    expect(b.get('k')).toEqual([1, 2, 3])
    expect(b.delete('k')).toBe(true)
    expect(a.has('k')).toBe(false)
    a.close()
    expect(b.get('k')).toBeUndefined()
    b.set('after', 1)
    expect(b.get('after')).toBe(1)
  })

  it('every codec type round-trips across processes, both directions', async () => {
    const name = uniqueName('types')
    const cache = open({ name, maxValueBytes: 4096 })
    const child = await processAgent()
    agents.push(child)
    await child.call('open', { handle: 1, options: { name, max: 1000, dir, maxValueBytes: 4096 } })
    const samples = sampleValues()
    for (const [label, value] of samples) cache.set(`p:${label}`, value)
    const got = await child.call<unknown[]>('getMany', {
      handle: 1,
      keys: samples.map(([label]) => `p:${label}`),
    })
    samples.forEach(([label, value], i) => {
      expect(got[i], label).toStrictEqual(value)
    })
    await child.call('setMany', { handle: 1, entries: samples.map(([l, v]) => [`c:${l}`, v]) })
    for (const [label, value] of samples) {
      expect(cache.get(`c:${label}`), label).toStrictEqual(value)
      expect(cache.has(`c:${label}`), label).toBe(true)
    }
    // Non-string keys of every kind, too.
    const keys: unknown[] = [1, -0, 0, 1n, true, null, undefined, new Uint8Array([1, 2]), ['a', 1]]
    keys.forEach((k, i) => {
      cache.set(k, i)
    })
    const fromChild = await child.call<unknown[]>('getMany', { handle: 1, keys })
    expect(fromChild).toEqual(keys.map((_, i) => i))
  })

  it("a reader's memo never serves a value another process has replaced", async () => {
    const name = uniqueName('memo')
    const cache = open({ name })
    const child = await processAgent()
    agents.push(child)
    await child.call('open', { handle: 1, options: { name, max: 1000, dir } })
    // Values of one length, so only the write itself tells them apart; read twice
    // each time so the second read is served from the memo when it may be.
    const kinds: [string, (i: number) => unknown][] = [
      ['string', (i) => `value-${i}`],
      ['int', (i) => 1000 + i],
      ['float', (i) => i + 0.5],
    ]
    for (const [kind, valueNo] of kinds) {
      const key = `memo:${kind}`
      for (let i = 0; i < 5; i++) {
        await child.call('set', { handle: 1, key, value: valueNo(i) })
        expect(cache.get(key), `${kind} #${i}`).toBe(valueNo(i))
        expect(cache.get(key), `${kind} #${i}, again`).toBe(valueNo(i))
      }
      await child.call('delete', { handle: 1, key })
      expect(cache.get(key), `${kind} deleted`).toBeUndefined()
      await child.call('set', { handle: 1, key, value: valueNo(9) })
      expect(cache.get(key), `${kind} set again`).toBe(valueNo(9))
    }
    // Many keys, so the slots and the memo's entries wrap: every read still current.
    const many = Array.from({ length: 600 }, (_, i) => [`many:${i}`, `v${i}`.padEnd(8, '.')])
    await child.call('setMany', { handle: 1, entries: many })
    for (const [k, v] of many) expect(cache.get(k)).toBe(v)
    await child.call('setMany', {
      handle: 1,
      entries: many.map(([k, v]) => [k, `${v}`.toUpperCase()]),
    })
    for (const [k, v] of many) expect(cache.get(k)).toBe(`${v}`.toUpperCase())
    // The memo does not change what counts: every read above was a hit.
    expect(cache.stats().hits).toBe(3 * 11 + 1200)
    expect(cache.stats().misses).toBe(3)
  })

  it('a cached undefined or null is a hit, not a miss, in another process', async () => {
    const name = uniqueName('undef')
    const cache = open({ name })
    const child = await processAgent()
    agents.push(child)
    await child.call('open', { handle: 1, options: { name, max: 1000, dir } })
    cache.set('u', undefined)
    cache.set('n', null)
    expect(await child.call('has', { handle: 1, key: 'u' })).toBe(true)
    expect(await child.call('get', { handle: 1, key: 'n' })).toBeNull()
    const stats = await child.call<{ hits: number; misses: number }>('stats', { handle: 1 })
    expect(stats.hits).toBe(1)
    expect(stats.misses).toBe(0)
  })
})

describe('keys', () => {
  it('strings with lone surrogates never collide with other strings', async () => {
    const name = uniqueName('surrogates')
    const cache = open({ name })
    const child = await processAgent()
    agents.push(child)
    await child.call('open', { handle: 1, options: { name, max: 1000, dir } })
    // Each would become the same UTF-8 if lone surrogates were replaced by U+FFFD.
    const keys = ['a\ud800', 'a\udc00', 'a\ufffd', 'a\ud800\ud800', 'a\ufffd\ufffd', '\udbff', 'a']
    keys.forEach((k, i) => {
      cache.set(k, i)
    })
    expect(cache.size).toBe(keys.length)
    keys.forEach((k, i) => {
      expect(cache.get(k), JSON.stringify(k)).toBe(i)
    })
    expect(await child.call('getMany', { handle: 1, keys })).toEqual(keys.map((_, i) => i))
    // and values with lone surrogates come back unchanged
    cache.set('v', 'x\udc00y')
    expect(await child.call('get', { handle: 1, key: 'v' })).toBe('x\udc00y')
  })

  it('string keys longer than the native stack buffer still work (codec path)', () => {
    const cache = open({ name: uniqueName('long'), maxKeyBytes: 8192 })
    const long = 'é'.repeat(2000)
    cache.set(long, 'long')
    expect(cache.get(long)).toBe('long')
    expect(cache.get(`${long}x`)).toBeUndefined()
    expect(cache.delete(long)).toBe(true)
  })

  it('primitive keys too long for the reused key buffer take the codec path; unencodable keys are refused', () => {
    const cache = open({ name: uniqueName('prim'), maxKeyBytes: 1024 })
    const huge = 10n ** 400n // ~166 encoded bytes: more than the 64-byte key buffer
    cache.set(huge, 'huge')
    cache.set(huge + 1n, 'next')
    expect(cache.get(huge)).toBe('huge')
    expect(cache.get(huge + 1n)).toBe('next')
    expect(cache.has(huge)).toBe(true)
    expect(cache.delete(huge)).toBe(true)
    expect(cache.get(huge)).toBeUndefined()
    for (const bad of [Symbol('k'), () => 1]) {
      expect(() => cache.set(bad, 1)).toThrow(expect.objectContaining({ code: 'E_ENCODE' }))
      expect(() => cache.get(bad)).toThrow(expect.objectContaining({ code: 'E_ENCODE' }))
    }
    expect(cache.size).toBe(1)
  })
})

describe('TTL across processes', () => {
  it('an entry written by one process expires for all at the same age (C++ clock)', async () => {
    // The real clock on purpose (no sleeps: both sides poll): this is about the
    // system-wide CLOCK_MONOTONIC that every process reads in C++.
    const name = uniqueName('ttl')
    const cache = open({ name })
    const child = await processAgent()
    agents.push(child)
    await child.call('open', { handle: 1, options: { name, max: 1000, dir } })
    const before = Date.now()
    await child.call('set', { handle: 1, key: 'short', value: 'v', ttl: 150 })
    const after = Date.now()
    expect(cache.get('short')).toBe('v')
    const childSees = child.call<number>('expiryTime', { handle: 1, key: 'short', limitMs: 5000 })
    let parentSaw = -1
    while (Date.now() - after < 5000) {
      if (cache.get('short') === undefined) {
        parentSaw = Date.now()
        break
      }
    }
    const childSaw = await childSees
    // Never early in either process, and not much later than the ttl in either: a
    // per-process clock would expire it at once or never in the other process.
    expect(parentSaw).toBeGreaterThanOrEqual(before + 150)
    expect(childSaw).toBeGreaterThanOrEqual(before + 150)
    // (Generous bounds: the polling processes share two busy cores with other tests.)
    expect(parentSaw - after).toBeLessThan(150 + 1000)
    expect(Math.abs(parentSaw - childSaw)).toBeLessThan(1000)
    expect(await child.call('has', { handle: 1, key: 'short' })).toBe(false)
  })

  it('the default ttl is part of the config and applies to every writer', async () => {
    const name = uniqueName('ttl-default')
    const clockA = {
      t: 5_000_000,
      now() {
        return this.t
      },
    }
    const cache = open({ name, ttl: 1000, clock: clockA })
    cache.set('k', 1)
    clockA.t += 999
    expect(cache.get('k')).toBe(1)
    clockA.t += 1
    expect(cache.get('k')).toBeUndefined()
    expect(cache.stats().expirations).toBe(1)
  })
})
