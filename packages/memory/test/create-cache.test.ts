import { createCache, InvalidOptionError } from '@warp/core'
import { describe, expect, it } from 'vitest'
import { backendProvider, SieveCache } from '../src/index.js'

describe('createCache finds the memory backend', () => {
  it('from a config object', async () => {
    const cache = await createCache<string, number, 'memory'>({ backend: 'memory', max: 10 })
    expect(cache).toBeInstanceOf(SieveCache)
    expect(cache.mode).toBe('sync')
    cache.set('a', 1)
    expect(cache.get('a')).toBe(1)
    expect((cache.stats() as { capacity: number }).capacity).toBe(10)
  })

  it('from a URL, with numbers parsed', async () => {
    const cache = await createCache('memory://?max=10&ttl=1000')
    expect(cache).toBeInstanceOf(SieveCache)
    const sieve = cache as unknown as SieveCache<unknown, unknown>
    expect([sieve.max, sieve.ttl]).toEqual([10, 1000])
    for (let i = 0; i < 20; i++) cache.set(i, i)
    expect(cache.size).toBe(10)
  })

  it('with a size bound and a function option in the object form', async () => {
    const cache = await createCache<string, string, 'memory'>({
      backend: 'memory',
      maxSize: 10,
      sizeCalculation: (v: unknown) => String(v).length,
    })
    cache.set('a', 'aaaaaa')
    cache.set('b', 'bbbbbb')
    expect(cache.has('a')).toBe(false)
    expect(cache.get('b')).toBe('bbbbbb')
  })

  it('bad options become InvalidOptionError E_INVALID_OPTION', async () => {
    await expect(createCache('memory://?max=0')).rejects.toSatisfy(
      (e) => e instanceof InvalidOptionError && e.code === 'E_INVALID_OPTION' && e.option === 'max',
    )
    await expect(createCache({ backend: 'memory' })).rejects.toThrow(/"max" is required/)
    await expect(createCache('memory://?max=10&colour=red')).rejects.toThrow(/unknown option/)
  })

  it('picks the policy from the object form and from the URL', async () => {
    const a = await createCache({ backend: 'memory', max: 10, policy: 'lru' })
    expect((a as unknown as SieveCache<unknown, unknown>).policy).toBe('lru')
    const b = await createCache('memory://?max=10&policy=tinylfu')
    expect((b as unknown as SieveCache<unknown, unknown>).policy).toBe('tinylfu')
    await expect(createCache('memory://?max=10&policy=lfu')).rejects.toThrow(
      /"policy" must be one of/,
    )
    await expect(createCache('memory://?max=10&polcy=lru')).rejects.toThrow(/did you mean "policy"/)
  })

  it('constructor and provider share one option spec', () => {
    expect(Object.isFrozen(backendProvider.options)).toBe(true)
    expect(() => new SieveCache({ max: 1, colour: 'red' } as never)).toThrow(InvalidOptionError)
  })

  it('the provider describes itself', () => {
    expect(backendProvider.name).toBe('memory')
    expect(backendProvider.mode).toBe('sync')
    expect(Object.keys(backendProvider.options)).toEqual(
      expect.arrayContaining(['max', 'ttl', 'maxSize', 'maxEntrySize']),
    )
  })
})
