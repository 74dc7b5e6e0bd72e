import { describe, expect, it } from 'vitest'
import { type BackendProvider, CacheError, createCache, parseCacheUrl } from '../src/index.js'
import { ReferenceBackend } from '../src/testing/index.js'

const reference: BackendProvider<'sync'> = {
  name: 'reference',
  mode: 'sync',
  options: {
    max: { type: 'integer', required: true, min: 1, max: 2 ** 30, description: 'most entries' },
    ttl: { type: 'number', min: 0, description: 'time to live in ms (default: none)' },
    policy: { type: 'string', oneOf: ['fifo'], description: 'eviction policy' },
  },
  create: (options) =>
    new ReferenceBackend({ mode: 'sync', max: options.max as number, ttl: options.ttl as number }),
}

async function codeOf(promise: Promise<unknown>): Promise<[string, string]> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(CacheError)
    return [(error as CacheError).code, (error as CacheError).message]
  }
  throw new Error('expected a CacheError')
}

describe('createCache', () => {
  it('builds a backend from a config object with a provider', async () => {
    const cache = await createCache<string, number>({ backend: reference, max: 5 })
    expect(cache.mode).toBe('sync')
    cache.set('a', 1)
    expect(cache.get('a')).toBe(1)
    expect(cache.stats().capacity).toBe(5)
  })

  it('parses cache URLs: backend, optional name, options as strings', () => {
    expect(parseCacheUrl('memory://?max=1000&ttl=60000')).toEqual({
      backend: 'memory',
      options: { max: '1000', ttl: '60000' },
    })
    expect(parseCacheUrl('shared://embeddings%201?max=10')).toEqual({
      backend: 'shared',
      options: { name: 'embeddings 1', max: '10' },
    })
    expect(() => parseCacheUrl('memory:max=1')).toThrow(/is not a cache URL/)
    expect(() => parseCacheUrl('memory://?max=1&max=2')).toThrow(/given twice/)
  })

  it('refuses an unknown backend and lists the known ones', async () => {
    const [code, message] = await codeOf(createCache('redis://localhost' as never))
    expect(code).toBe('E_UNKNOWN_BACKEND')
    expect(message).toMatch(/unknown backend "redis". Known backends: memory, shared/)
    const [code2] = await codeOf(createCache({ backend: 'toString' as never }))
    expect(code2).toBe('E_UNKNOWN_BACKEND')
  })

  it('refuses unknown, missing, mistyped and out-of-range options, saying what is accepted', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ maxx: 5 }, /unknown option "maxx". The reference backend accepts: max, ttl, policy/],
      [{}, /option "max" is required: most entries/],
      [{ max: 0 }, /option "max" must be an integer from 1 to 1073741824, got 0/],
      [{ max: 1.5 }, /must be an integer/],
      [{ max: '5' }, /must be an integer .* got "5"/],
      [{ max: 5, ttl: -1 }, /option "ttl" must be a number ≥ 0, got -1 \(ttl: time to live in ms/],
      [{ max: 5, policy: 'lru' }, /option "policy" must be one of "fifo", got "lru"/],
    ]
    for (const [options, message] of cases) {
      const [code, text] = await codeOf(createCache({ backend: reference, ...options }))
      expect(code).toBe('E_INVALID_OPTION')
      expect(text).toMatch(message)
    }
  })

  it('turns a TypeError from the backend constructor into E_INVALID_OPTION with the cause', async () => {
    const strict: BackendProvider<'sync'> = {
      ...reference,
      create: () => {
        throw new TypeError('max must be a power of two')
      },
    }
    const [code, message] = await codeOf(createCache({ backend: strict, max: 3 }))
    expect(code).toBe('E_INVALID_OPTION')
    expect(message).toMatch(/createCache\(reference\): max must be a power of two/)
  })

  it('refuses something that is neither a name nor a provider', async () => {
    const [code] = await codeOf(createCache({ backend: { name: 'x' } as never }))
    expect(code).toBe('E_INVALID_OPTION')
    const [code2] = await codeOf(createCache(42 as never))
    expect(code2).toBe('E_INVALID_OPTION')
  })
})
