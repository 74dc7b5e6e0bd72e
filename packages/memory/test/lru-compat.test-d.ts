// Typical TypeScript written against lru-cache v11. Only the import line differs:
//   import { LRUCache } from 'lru-cache'
import { LRUCache } from '@warp/memory'
import { describe, expectTypeOf, it } from 'vitest'

interface User {
  id: string
  name: string
}

describe('code written for lru-cache compiles against @warp/memory', () => {
  it('options objects typed with the namespace, generics, callbacks', () => {
    const options: LRUCache.Options<string, User, unknown> = {
      max: 500,
      maxSize: 5000,
      sizeCalculation: (value, key) => value.name.length + key.length,
      dispose: (value: User, key: string, reason: LRUCache.DisposeReason) => {
        void [value, key, reason]
      },
      onInsert: (_value, _key, reason: LRUCache.InsertReason) => void reason,
      ttl: 1000 * 60 * 5,
      allowStale: false,
      updateAgeOnGet: false,
      updateAgeOnHas: false,
    }
    const cache = new LRUCache(options)
    expectTypeOf(cache).toEqualTypeOf<LRUCache<string, User, unknown>>()
    cache.set('a', { id: 'a', name: 'Ann' }).set('b', { id: 'b', name: 'Bob' }, { ttl: 10 })
    expectTypeOf(cache.get('a')).toEqualTypeOf<User | undefined>()
    expectTypeOf(cache.peek('a')).toEqualTypeOf<User | undefined>()
    expectTypeOf(cache.has('a')).toEqualTypeOf<boolean>()
    expectTypeOf(cache.delete('a')).toEqualTypeOf<boolean>()
    expectTypeOf(cache.pop()).toEqualTypeOf<User | undefined>()
    expectTypeOf(cache.size).toEqualTypeOf<number>()
    expectTypeOf(cache.calculatedSize).toEqualTypeOf<number>()
    expectTypeOf(cache.getRemainingTTL('a')).toEqualTypeOf<number>()
    for (const [k, v] of cache) {
      expectTypeOf(k).toEqualTypeOf<string>()
      expectTypeOf(v).toEqualTypeOf<User>()
    }
    const dump: [string, LRUCache.Entry<User>][] = cache.dump()
    cache.load(dump)
    const info: LRUCache.Entry<User> | undefined = cache.info('a')
    void info
    cache.forEach((v, k, self) => {
      expectTypeOf(v).toEqualTypeOf<User>()
      expectTypeOf(k).toEqualTypeOf<string>()
      expectTypeOf(self).toEqualTypeOf<LRUCache<string, User, unknown>>()
    })
    const found: User | undefined = cache.find((u) => u.name === 'Bob')
    void found
    const keys: string[] = [...cache.keys(), ...cache.rkeys()]
    void keys
  })

  it('status tracking', () => {
    const cache = new LRUCache<string, number>({ max: 10 })
    const status: LRUCache.Status<string, number> = {}
    cache.get('x', { status })
    cache.set('x', 1, { status, ttl: 5, size: undefined })
    if (status.get === 'hit') expectTypeOf(status.value).toEqualTypeOf<number | undefined>()
  })

  it('fetch with a context type and a fetchMethod', async () => {
    const cache = new LRUCache<string, User, { token: string }>({
      max: 100,
      ttl: 60_000,
      allowStale: true,
      fetchMethod: async (key, staleValue, { signal, context, options }) => {
        expectTypeOf(staleValue).toEqualTypeOf<User | undefined>()
        expectTypeOf(signal).toEqualTypeOf<AbortSignal>()
        expectTypeOf(context).toEqualTypeOf<{ token: string }>()
        options.ttl = 5
        return { id: key, name: context.token }
      },
    })
    const user = await cache.fetch('u1', { context: { token: 't' } })
    expectTypeOf(user).toEqualTypeOf<User | undefined>()
    const forced: User = await cache.forceFetch('u1', { context: { token: 't' } })
    void forced
    // @ts-expect-error the context is required when FC is a non-undefined type
    await cache.fetch('u1')
  })

  it('fetch without context, memo, and typed helper functions', async () => {
    const fetcher: LRUCache.Fetcher<number, string> = async (n) => String(n)
    const c1 = new LRUCache<number, string>({ max: 10, fetchMethod: fetcher })
    const s: string | undefined = await c1.fetch(1, { forceRefresh: true })
    void s
    const memoized = new LRUCache<number, number>({
      max: 10,
      memoMethod: (n, _stale, { context }) => n * 2 + (context ? 0 : 0),
    })
    expectTypeOf(memoized.memo(2)).toEqualTypeOf<number>()
    const opts: LRUCache.FetchOptions<number, string, unknown> = { allowStale: true }
    void opts
    function makeCache<K extends {}, V extends {}>(max: number): LRUCache<K, V> {
      return new LRUCache<K, V>({ max })
    }
    expectTypeOf(makeCache<string, Buffer>(5).get('k')).toEqualTypeOf<Buffer | undefined>()
  })
})
