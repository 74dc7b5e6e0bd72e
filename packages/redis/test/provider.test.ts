import { createAsyncCache, memoizeAsync } from '@warp/async'
import { CacheError, createCache, InvalidOptionError } from '@warp/core'
import { afterAll, describe, expect, it } from 'vitest'
import { backendProvider, loadClientModule, RedisCache, redisOptionsFromUrl } from '../src/index.js'
import { redisServers } from './servers.js'

const servers = redisServers()

describe('configuration', () => {
  it('reads redis:// and rediss:// URLs: cache options from the query, the rest for the client', () => {
    expect(
      redisOptionsFromUrl(new URL('redis://user:pa%40ss@host:6380/2?prefix=app&ttl=60000')),
    ).toEqual({
      url: 'redis://user:pa%40ss@host:6380/2',
      prefix: 'app',
      ttl: '60000',
    })
    expect(redisOptionsFromUrl(new URL('rediss://h/0?timeout=50')).url).toBe('rediss://h/0')
    expect(backendProvider.schemes).toEqual(['redis', 'rediss'])
    expect(backendProvider.mode).toBe('async')
  })

  it('refuses unknown and invalid options with InvalidOptionError, naming the closest option', async () => {
    await expect(createCache('redis://127.0.0.1:1/0?prefx=app')).rejects.toThrow(
      /did you mean "prefix"/,
    )
    await expect(createCache('redis://127.0.0.1:1/0?ttl=-1')).rejects.toBeInstanceOf(
      InvalidOptionError,
    )
    expect(() => new RedisCache({ prefix: 'a:b', client: fakeClient() })).toThrow(
      InvalidOptionError,
    )
    expect(() => new RedisCache({ prefix: 'a*', client: fakeClient() })).toThrow(/prefix/)
    expect(() => new RedisCache({ timeout: 0, client: fakeClient() })).toThrow(/timeout/)
    expect(() => new RedisCache({ url: 'redis://x', client: fakeClient() })).toThrow(/only one of/)
    expect(() => new RedisCache({ client: {} as never })).toThrow(/client/)
  })

  it('without iovalkey: E_BACKEND_NOT_INSTALLED says what to install; a passed client needs no iovalkey', () => {
    const missing = () => {
      throw Object.assign(new Error("Cannot find module 'iovalkey'"), { code: 'MODULE_NOT_FOUND' })
    }
    try {
      loadClientModule(missing)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(CacheError)
      expect((error as CacheError).code).toBe('E_BACKEND_NOT_INSTALLED')
      expect((error as CacheError).message).toMatch(/npm install iovalkey/)
    }
    const broken = () => {
      throw new Error('boom')
    }
    expect(() => loadClientModule(broken)).toThrow(
      expect.objectContaining({ code: 'E_BACKEND_LOAD_FAILED' }),
    )
    expect(new RedisCache({ client: fakeClient() }).prefix).toBe('cache')
  })
})

describe.skipIf(servers.skip)(`over a real server (${servers.skip ?? servers.url})`, () => {
  const closers: (() => Promise<unknown>)[] = []
  afterAll(async () => {
    for (const close of closers) await close()
  })

  it('createCache(redis://…?prefix&ttl) builds a RedisCache with those options', async () => {
    const cache = await createCache(`${servers.url}/0?prefix=url-test&ttl=60000&timeout=2000`)
    closers.push(async () => cache.close())
    expect(cache).toBeInstanceOf(RedisCache)
    expect((cache as RedisCache).prefix).toBe('url-test')
    await cache.set('k', { a: 1 })
    expect(await cache.get('k')).toEqual({ a: 1 })
    await cache.clear()
  })

  it('accepts an existing iovalkey client and leaves it open on close()', async () => {
    const { Redis } = loadClientModule()
    const client = new Redis(servers.url)
    const cache = new RedisCache({ client, prefix: 'passed-client' })
    await cache.set('k', 1)
    expect(await cache.get('k')).toBe(1)
    await cache.clear()
    await cache.close()
    expect(await client.ping()).toBe('PONG')
    await client.quit()
  })

  it('memoizeAsync over it: cached undefined is a hit, concurrent misses load once', async () => {
    const backend = new RedisCache<unknown, unknown>({ url: servers.url, prefix: 'memoize-async' })
    closers.push(() => backend.close())
    await backend.clear()
    let calls = 0
    const load = memoizeAsync(
      async (id: number) => {
        calls++
        await new Promise((resolve) => setTimeout(resolve, 20))
        return id % 2 ? undefined : { id }
      },
      { backend },
    )
    const results = await Promise.all(Array.from({ length: 50 }, () => load(2)))
    expect(results.every((r) => (r as { id: number }).id === 2)).toBe(true)
    expect(calls).toBe(1)
    expect(await load(1)).toBeUndefined()
    expect(await load(1)).toBeUndefined()
    expect(calls).toBe(2)
  })

  it('createAsyncCache over it: getOrLoad coalesces, a second process-wide cache reads the entry', async () => {
    const backend = new RedisCache<unknown, never>({ url: servers.url, prefix: 'async-cache' })
    const other = new RedisCache<unknown, never>({ url: servers.url, prefix: 'async-cache' })
    closers.push(
      () => backend.close(),
      () => other.close(),
    )
    await backend.clear()
    const cache = createAsyncCache<string, number>({ backend })
    let loads = 0
    const values = await Promise.all(
      Array.from({ length: 20 }, () => cache.getOrLoad('k', async () => ++loads)),
    )
    expect(values).toEqual(Array(20).fill(1))
    const second = createAsyncCache<string, number>({ backend: other })
    expect(await second.getOrLoad('k', async () => ++loads)).toBe(1)
    expect(loads).toBe(1)
  })
})

function fakeClient() {
  return { status: 'ready', getBuffer: () => Promise.resolve(null), on: () => {} }
}

describe('errors are rejections, never synchronous throws', () => {
  it('set/get/has/delete/getMany/setMany on a closed cache or with a bad ttl return rejected Promises', async () => {
    const cache = new RedisCache<string, unknown>({ client: fakeClient() })
    const badTtl = cache.set('k', 1, { ttl: -1 })
    expect(badTtl).toBeInstanceOf(Promise)
    await expect(badTtl).rejects.toBeInstanceOf(InvalidOptionError)
    await cache.close()
    const calls = [
      () => cache.set('k', 1),
      () => cache.get('k'),
      () => cache.has('k'),
      () => cache.delete('k'),
      () => cache.getMany(['k']),
      () => cache.setMany([['k', 1]]),
      () => cache.clear(),
    ]
    for (const call of calls) {
      const answer = call()
      expect(answer).toBeInstanceOf(Promise)
      await expect(answer).rejects.toMatchObject({ code: 'E_CLOSED' })
    }
  })
})
