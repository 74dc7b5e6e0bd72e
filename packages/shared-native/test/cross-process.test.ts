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
})

describe('TTL across processes', () => {
  it('an entry written by one process expires for all at the same age (C++ clock)', async () => {
    const name = uniqueName('ttl')
    const cache = open({ name })
    const child = await processAgent()
    agents.push(child)
    await child.call('open', { handle: 1, options: { name, max: 1000, dir } })
    // Real time, on purpose: this is the system-wide clock the processes share.
    await child.call('set', { handle: 1, key: 'short', value: 'v', ttl: 300 })
    const written = performance.now()
    expect(cache.get('short')).toBe('v')
    expect(await child.call('get', { handle: 1, key: 'short' })).toBe('v')
    while (performance.now() - written < 450) await new Promise((r) => setTimeout(r, 20))
    expect(cache.get('short')).toBeUndefined()
    expect(await child.call('get', { handle: 1, key: 'short' })).toBeUndefined()
    expect(await child.call('has', { handle: 1, key: 'short' })).toBe(false)
  })

  it('the default ttl is part of the config and applies to every writer', async () => {
    const name = uniqueName('ttl-default')
    const clockA = { t: 5_000_000, now() { return this.t } }
    const cache = open({ name, ttl: 1000, clock: clockA })
    cache.set('k', 1)
    clockA.t += 999
    expect(cache.get('k')).toBe(1)
    clockA.t += 1
    expect(cache.get('k')).toBeUndefined()
    expect(cache.stats().expirations).toBe(1)
  })
})
