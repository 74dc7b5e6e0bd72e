import { describe, expectTypeOf, it } from 'vitest'
import {
  type AsyncCacheStats,
  createAsyncCache,
  type LoaderContext,
  memoizeAsync,
} from '../src/index.js'

interface User {
  id: string
  name: string
}

describe('memoizeAsync types follow fn', () => {
  it('keeps parameters and the resolved result of an async fn', () => {
    const getUser = memoizeAsync(
      async (id: string, _withPosts?: boolean): Promise<User> => ({
        id,
        name: '',
      }),
    )
    expectTypeOf(getUser).parameters.toEqualTypeOf<[id: string, _withPosts?: boolean]>()
    expectTypeOf(getUser).returns.toEqualTypeOf<Promise<User>>()
    // @ts-expect-error a number is not a string id
    void getUser(42)
    expectTypeOf(getUser.delete).parameters.toEqualTypeOf<[id: string, _withPosts?: boolean]>()
    expectTypeOf(getUser.delete).returns.toEqualTypeOf<Promise<boolean>>()
    expectTypeOf(getUser.stats()).toEqualTypeOf<Promise<AsyncCacheStats>>()
    expectTypeOf(getUser.clear()).toEqualTypeOf<Promise<void>>()
    expectTypeOf(getUser.with({})).returns.toEqualTypeOf<Promise<User>>()
  })

  it('turns a sync fn into one returning a Promise', () => {
    const twice = memoizeAsync((x: number) => x * 2)
    expectTypeOf(twice).returns.toEqualTypeOf<Promise<number>>()
    expectTypeOf(twice).parameters.toEqualTypeOf<[x: number]>()
  })

  it('keeps `this` and types the key option from fn', () => {
    function load(this: { base: string }, path: string): Promise<string> {
      return Promise.resolve(this.base + path)
    }
    const memo = memoizeAsync(load, {
      key(path) {
        expectTypeOf(this).toEqualTypeOf<{ base: string }>()
        expectTypeOf(path).toEqualTypeOf<string>()
        return path
      },
    })
    expectTypeOf(memo).thisParameter.toEqualTypeOf<{ base: string }>()
  })
})

describe('createAsyncCache types', () => {
  it('types the loader from K and V', () => {
    const users = createAsyncCache<string, User>({ ttl: 1000 })
    void users.getOrLoad('1', (key, context) => {
      expectTypeOf(key).toEqualTypeOf<string>()
      expectTypeOf(context).toEqualTypeOf<LoaderContext>()
      return { id: key, name: 'n' }
    })
    expectTypeOf(users.getOrLoad('1', async (id) => ({ id, name: '' }))).toEqualTypeOf<
      Promise<User>
    >()
    expectTypeOf(users.get('1')).toEqualTypeOf<Promise<User | undefined>>()
    // @ts-expect-error the loader must produce a User
    void users.getOrLoad('1', async () => 42)
  })
})
