import type { Backend, CacheStats, SyncBackend } from '@warp/core'
import { expectTypeOf, test } from 'vitest'
import { backendProvider, SharedCache, type SharedCacheOptions } from '../src/index.js'

test('SharedCache is a sync Backend with typed keys and values', () => {
  expectTypeOf<SharedCache<string, number>>().toMatchTypeOf<SyncBackend<string, number>>()
  expectTypeOf<SharedCache<string, number>['get']>().returns.toEqualTypeOf<number | undefined>()
  expectTypeOf<SharedCache['mode']>().toEqualTypeOf<'sync'>()
  expectTypeOf<SharedCache['stats']>().returns.toEqualTypeOf<CacheStats>()
  expectTypeOf(backendProvider.create).returns.toMatchTypeOf<
    Backend<unknown, unknown, 'sync'> | Promise<Backend<unknown, unknown, 'sync'>>
  >()
})

test('options: name is required, the rest optional numbers', () => {
  expectTypeOf<{ name: string }>().toMatchTypeOf<SharedCacheOptions>()
  expectTypeOf<{ max: number }>().not.toMatchTypeOf<SharedCacheOptions>()
  expectTypeOf<SharedCacheOptions['ttl']>().toEqualTypeOf<number | undefined>()
  // @ts-expect-error set's ttl is a number of ms
  new SharedCache<string, string>({ name: 'x' }).set('k', 'v', { ttl: '1s' })
})
