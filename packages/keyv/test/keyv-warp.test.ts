import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ManualClock } from '@warp/core'
import { ReferenceBackend } from '@warp/core/testing'
import { SieveCache } from '@warp/memory'
import { SharedCache } from '@warp/shared-native'
import { createCache } from 'cache-manager'
import Keyv from 'keyv'
import { afterAll, describe, expect, it } from 'vitest'
import { KeyvWarp } from '../src/index.js'

describe('KeyvWarp', () => {
  it('refuses something that is not a warp backend, with a clear error', () => {
    expect(() => new KeyvWarp(new Map() as never)).toThrow(/expected a warp backend/)
    expect(() => new KeyvWarp(null as never)).toThrow(TypeError)
    expect(
      () => new KeyvWarp(new SieveCache({ max: 4 }), { closeBackend: 'yes' as never }),
    ).toThrow(/closeBackend/)
  })

  it('passes Keyv TTLs to the backend (the backend clock expires them, not Keyv)', async () => {
    const clock = new ManualClock()
    const keyv = new Keyv({
      store: new KeyvWarp(new ReferenceBackend<string, unknown>({ mode: 'sync', max: 100, clock })),
    })
    await keyv.set('short', 'v', 1000)
    await keyv.set('forever', 'w')
    expect(await keyv.get('short')).toBe('v')
    clock.advance(1001)
    // Date.now() has not moved, so Keyv's own `expires` check would still say "alive".
    expect(await keyv.get('short')).toBeUndefined()
    expect(await keyv.get('forever')).toBe('w')
  })

  it('stores raw { value, expires } objects when Keyv serialization is off', async () => {
    const backend = new SieveCache<string, unknown>({ max: 100 })
    const keyv = new Keyv({
      store: new KeyvWarp(backend),
      serialize: undefined,
      deserialize: undefined,
    })
    const value = { nested: [1, 2, 3] }
    await keyv.set('k', value)
    expect(await keyv.get('k')).toBe(value) // in-process: by reference
  })

  it('clears only its own namespace when two Keyv instances share one backend', async () => {
    const backend = new SieveCache<string, unknown>({ max: 100 })
    const a = new Keyv({ store: new KeyvWarp(backend), namespace: 'a' })
    const b = new Keyv({ store: new KeyvWarp(backend), namespace: 'b' })
    await a.set('x', 1)
    await b.set('x', 2)
    await a.clear()
    expect(await a.get('x')).toBeUndefined()
    expect(await b.get('x')).toBe(2)
    await a.set('x', 3)
    expect(await a.get('x')).toBe(3)
  })

  it('empties the whole backend on clear() without a namespace', async () => {
    const backend = new SieveCache<string, unknown>({ max: 100 })
    backend.set('outside', 1)
    const store = new KeyvWarp(backend)
    store.namespace = undefined
    await store.set('k', 'v')
    await store.clear()
    expect(backend.size).toBe(0)
  })

  it('works over an async backend', async () => {
    const keyv = new Keyv({
      store: new KeyvWarp(
        new ReferenceBackend<string, unknown, 'async'>({ mode: 'async', max: 100 }),
      ),
    })
    await keyv.set('a', { n: 1 })
    await keyv.setMany(['b', 'c'].map((key) => ({ key, value: key })))
    expect(await keyv.get('a')).toEqual({ n: 1 })
    expect(await keyv.get(['b', 'c', 'd'])).toEqual(['b', 'c', undefined])
    expect(await keyv.has('a')).toBe(true)
    expect(await keyv.delete(['a', 'b'])).toBe(true)
    expect(await keyv.has('a')).toBe(false)
  })

  it('closes the backend on disconnect unless told not to', async () => {
    const owned = new ReferenceBackend<string, unknown>({ mode: 'sync', max: 4 })
    await new Keyv({ store: new KeyvWarp(owned) }).disconnect()
    expect(() => owned.get('k')).toThrow(/closed/i)
    const shared = new ReferenceBackend<string, unknown>({ mode: 'sync', max: 4 })
    await new Keyv({ store: new KeyvWarp(shared, { closeBackend: false }) }).disconnect()
    expect(shared.get('k')).toBeUndefined()
  })

  it('reaches backend errors through Keyv (oversize value in a SharedCache)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warp-keyv-err-'))
    const cache = new SharedCache<string, unknown>({
      name: 'small',
      dir,
      max: 16,
      maxValueBytes: 64,
    })
    try {
      const keyv = new Keyv({ store: new KeyvWarp(cache) })
      await keyv.set('ok', 'small')
      expect(await keyv.get('ok')).toBe('small')
      await keyv.set('big', 'x'.repeat(10_000)).catch(() => undefined)
      expect(await keyv.get('big')).toBeUndefined()
    } finally {
      cache.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('cache-manager v7 over KeyvWarp', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warp-cm-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('wraps a loader and serves the second call from a SharedCache seen by a second instance', async () => {
    const first = createCache({
      stores: [
        new Keyv({
          store: new KeyvWarp(new SharedCache({ name: 'cm', dir, max: 64, maxValueBytes: 4096 })),
        }),
      ],
    })
    let calls = 0
    const load = async () => {
      calls++
      return { user: 42 }
    }
    expect(await first.wrap('user:42', load, 60_000)).toEqual({ user: 42 })
    const second = createCache({
      stores: [
        new Keyv({
          store: new KeyvWarp(new SharedCache({ name: 'cm', dir, max: 64, maxValueBytes: 4096 })),
        }),
      ],
    })
    expect(await second.wrap('user:42', load, 60_000)).toEqual({ user: 42 })
    expect(calls).toBe(1)
    await first.disconnect()
    await second.disconnect()
  })
})
