import { describe, expectTypeOf, it } from 'vitest'
import {
  type AnyBackend,
  type Backend,
  type CacheStats,
  createCache,
  memoize,
  type SyncBackend,
} from '../src/index.js'
import { ReferenceBackend } from '../src/testing/index.js'

const sync = new ReferenceBackend<unknown, string, 'sync'>({ mode: 'sync', max: 10 })
const asyncBackend = new ReferenceBackend<unknown, string, 'async'>({ mode: 'async', max: 10 })

describe('memoize types', () => {
  it('keeps the parameters and return type of fn', () => {
    const f = memoize((id: number, label?: string) => `${id}${label ?? ''}`, { backend: sync })
    expectTypeOf(f).parameters.toEqualTypeOf<[id: number, label?: string]>()
    expectTypeOf(f).returns.toEqualTypeOf<string>()
    expectTypeOf(f.has).parameters.toEqualTypeOf<[id: number, label?: string]>()
    expectTypeOf(f.delete).returns.toEqualTypeOf<boolean>()
    expectTypeOf(f.cache).toMatchTypeOf<SyncBackend<unknown, string>>()
    // @ts-expect-error: a string is not a number
    f('1')
  })

  it('refuses an async backend for a sync memoize', () => {
    // @ts-expect-error: memoize needs a sync backend; async ones go to memoizeAsync
    memoize((id: number) => `${id}`, { backend: asyncBackend })
  })

  it('refuses a backend whose value type does not fit the return type', () => {
    const numbers = new ReferenceBackend<unknown, number, 'sync'>({ mode: 'sync', max: 10 })
    // @ts-expect-error: the function returns strings, the backend holds numbers
    memoize((id: number) => `${id}`, { backend: numbers })
  })

  it('types the key function from fn', () => {
    memoize((user: { id: number }) => String(user.id), {
      backend: sync,
      key: (user) => {
        expectTypeOf(user).toEqualTypeOf<{ id: number }>()
        return user.id
      },
    })
  })

  it('gives sync or async backends from createCache by name', async () => {
    const memory = await createCache<string, number, 'memory'>({ backend: 'memory', max: 10 })
    expectTypeOf(memory).toEqualTypeOf<Backend<string, number, 'sync'>>()
    expectTypeOf(memory.get('a')).toEqualTypeOf<number | undefined>()
    expectTypeOf(memory.size).toEqualTypeOf<number>()
    const inferred = await createCache({ backend: 'memory', max: 10 })
    expectTypeOf(inferred.mode).toEqualTypeOf<'sync'>()
    const fromUrl = await createCache('shared://x?max=10')
    expectTypeOf(fromUrl.mode).toEqualTypeOf<'sync'>()
    const redis = await createCache('redis://localhost:6379')
    expectTypeOf(redis.mode).toEqualTypeOf<'async'>()
    expectTypeOf(redis.size).toEqualTypeOf<Promise<number>>()
    expectTypeOf(redis.stats()).toEqualTypeOf<Promise<CacheStats>>()
    const fromEnv = await createCache<string, number>(process.env.CACHE_URL ?? 'memory://?max=1')
    expectTypeOf(fromEnv).toEqualTypeOf<AnyBackend<string, number>>()
    if (fromEnv.mode === 'sync') expectTypeOf(fromEnv.get('a')).toEqualTypeOf<number | undefined>()
    const byAsync = asyncBackend.get('a')
    expectTypeOf(byAsync).toEqualTypeOf<Promise<string | undefined>>()
  })
})
