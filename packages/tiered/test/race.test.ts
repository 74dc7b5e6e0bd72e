import type { AsyncBackend } from '@warp/core'
import { ReferenceBackend } from '@warp/core/testing'
import { SieveCache } from '@warp/memory'
import { describe, expect, it } from 'vitest'
import { LocalBus, TieredCache } from '../src/index.js'
import { subscribed, until } from './waits.js'

/**
 * A real in-memory L2 whose reads by one instance can be held: the value is read at once
 * (as the server would answer) but handed back only when released, so a test can order an
 * invalidation between a read and the fill it would make.
 */
function heldReads(store: AsyncBackend<unknown, unknown>) {
  const held: Array<() => void> = []
  const view: AsyncBackend<unknown, unknown> = {
    mode: 'async',
    capabilities: store.capabilities,
    get: (key) => view.lookup?.(key, undefined) as Promise<unknown>,
    lookup: async <T>(key: unknown, miss: T) => {
      const value = await store.lookup?.(key, miss)
      await new Promise<void>((resolve) => held.push(resolve))
      return value as unknown
    },
    set: (key, value, options) => store.set(key, value, options),
    has: (key) => store.has(key),
    delete: (key) => store.delete(key),
    clear: () => store.clear(),
    get size() {
      return store.size
    },
    stats: () => store.stats(),
    close: async () => {},
  }
  const release = () => {
    for (const resume of held.splice(0)) resume()
  }
  return { view, release, held }
}

describe('an L1 fill that raced an invalidation', () => {
  it('is discarded when another instance wrote the key while L2 was being read', async () => {
    const store = new ReferenceBackend({ mode: 'async', max: 100 })
    const bus = new LocalBus()
    const { view, release, held } = heldReads(store)
    const reader = new TieredCache({ l1: new SieveCache({ max: 100 }), l2: view, bus })
    const writer = new TieredCache({
      l1: new SieveCache({ max: 100 }),
      l2: store,
      bus,
      closeTiers: false,
    })
    try {
      await subscribed(reader, writer)
      await store.set('k', 'old')
      const read = reader.get('k')
      await until(() => held.length === 1) // the read has its answer ('old') and is held
      await writer.set('k', 'new')
      await new Promise((r) => setTimeout(r, 5)) // the LocalBus delivers on a microtask
      release()
      expect(await read).toBe('old') // it was read before the write: fine to return
      expect(reader.l1.has('k')).toBe(false) // but not kept
      expect((await reader.stats()).fillsDiscarded).toBe(1)
      const again = reader.get('k')
      await until(() => held.length === 1)
      release()
      expect(await again).toBe('new')
    } finally {
      await reader.close()
      await writer.close()
    }
  })

  it('is kept when nothing invalidated the key meanwhile (the test above can fail)', async () => {
    const store = new ReferenceBackend({ mode: 'async', max: 100 })
    const { view, release, held } = heldReads(store)
    const reader = new TieredCache({
      l1: new SieveCache({ max: 100 }),
      l2: view,
      bus: new LocalBus(),
    })
    try {
      await store.set('k', 'v')
      const read = reader.get('k')
      await until(() => held.length === 1)
      release()
      expect(await read).toBe('v')
      expect(reader.l1.get('k')).toBe('v')
      expect((await reader.stats()).fillsDiscarded).toBe(0)
    } finally {
      await reader.close()
    }
  })

  it('is discarded when this instance wrote the key while L2 was being read (read-your-writes)', async () => {
    const store = new ReferenceBackend({ mode: 'async', max: 100 })
    const { view, release, held } = heldReads(store)
    const cache = new TieredCache({ l1: new SieveCache({ max: 100 }), l2: view, bus: false })
    try {
      await store.set('k', 'old')
      const read = cache.get('k')
      await until(() => held.length === 1)
      await cache.set('k', 'mine')
      release()
      await read
      expect(await cache.get('k')).toBe('mine')
    } finally {
      await cache.close()
    }
  })
})
