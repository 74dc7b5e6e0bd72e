import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadProviderPackage } from '../src/create-cache/load-provider.js'
import {
  type BackendProvider,
  CacheError,
  createCache,
  InvalidOptionError,
  parseCacheUrl,
  registerBackend,
} from '../src/index.js'
import { ReferenceBackend } from '../src/testing/index.js'

const reference: BackendProvider<'sync'> = {
  name: 'reference',
  mode: 'sync',
  options: {
    max: { type: 'integer', required: true, min: 1, max: 2 ** 30, description: 'most entries' },
    ttl: {
      type: 'number',
      min: 0,
      allowInfinity: true,
      description: 'time to live in ms (default: none)',
    },
    policy: { type: 'string', oneOf: ['fifo'], description: 'eviction policy' },
  },
  create: (options) =>
    new ReferenceBackend({ mode: 'sync', max: options.max as number, ttl: options.ttl as number }),
}

async function errorOf(promise: Promise<unknown>): Promise<Error & { code: string }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { code: string }
  }
  throw new Error('expected createCache to fail')
}

async function cacheErrorOf(promise: Promise<unknown>): Promise<[string, string]> {
  const error = await errorOf(promise)
  expect(error).toBeInstanceOf(CacheError)
  return [error.code, error.message]
}

async function optionErrorOf(promise: Promise<unknown>): Promise<string> {
  const error = await errorOf(promise)
  expect(error).toBeInstanceOf(InvalidOptionError)
  expect(error).toBeInstanceOf(TypeError)
  expect(error.code).toBe('E_INVALID_OPTION')
  return error.message
}

describe('createCache with a provider object', () => {
  it('builds the backend and checks options against the provider specs', async () => {
    const cache = await createCache({ backend: reference, max: 5 })
    expect(cache.mode).toBe('sync')
    cache.set('a', 1)
    expect(cache.get('a')).toBe(1)
    expect(cache.stats().capacity).toBe(5)
  })

  it('refuses unknown, missing, mistyped and out-of-range options, saying what is accepted', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [
        { max: 5, tll: 5 },
        /unknown option "tll" — did you mean "ttl"\? Accepted: max, ttl, policy/,
      ],
      [{ maxx: 5 }, /unknown option "maxx" — did you mean "max"\?/],
      [{ max: 5, zzzzzz: 1 }, /unknown option "zzzzzz" Accepted: max, ttl, policy/],
      [{}, /option "max" is required: most entries/],
      [{ max: 0 }, /option "max" must be an integer from 1 to 1073741824, got 0/],
      [{ max: 1.5 }, /must be an integer/],
      [{ max: '5' }, /must be an integer .* got "5"/],
      [
        { max: 5, ttl: -1 },
        /option "ttl" must be a finite number ≥ 0 or Infinity, got -1 \(ttl: time to live/,
      ],
      [{ max: 5, policy: 'lru' }, /option "policy" must be one of "fifo", got "lru"/],
    ]
    for (const [options, message] of cases) {
      expect(await optionErrorOf(createCache({ backend: reference, ...options }))).toMatch(message)
    }
  })

  it('turns a TypeError from the backend constructor into an InvalidOptionError with the cause', async () => {
    const cause = new TypeError('max must be a power of two')
    const strict: BackendProvider<'sync'> = {
      ...reference,
      create: () => {
        throw cause
      },
    }
    const error = await errorOf(createCache({ backend: strict, max: 3 }))
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect(error.message).toMatch(/createCache\(reference\): max must be a power of two/)
    expect(error.cause).toBe(cause)
  })

  it('refuses something that is neither a name nor a provider, and says when it got a Promise', async () => {
    expect(await optionErrorOf(createCache({ backend: { name: 'x' } as never }))).toMatch(
      /BackendProvider/,
    )
    expect(await optionErrorOf(createCache(42 as never))).toMatch(/config object/)
    expect(await optionErrorOf(createCache(Promise.resolve({}) as never))).toMatch(/is a Promise/)
    expect(
      await optionErrorOf(createCache({ backend: Promise.resolve(reference) as never })),
    ).toMatch(/backend is a Promise; await it first/)
  })

  it('refuses a provider whose backend has another mode than it declares', async () => {
    const liar: BackendProvider<'async'> = { ...reference, mode: 'async' } as never
    const [code, message] = await cacheErrorOf(createCache({ backend: liar, max: 2 }))
    expect(code).toBe('E_BACKEND_LOAD_FAILED')
    expect(message).toMatch(/declares mode "async" but built a "sync" backend/)
  })
})

describe('registerBackend and cache URLs', () => {
  const made: string[] = []
  const schemed: BackendProvider<'sync'> = {
    ...reference,
    name: 'schemed',
    schemes: ['schemed', 'schemeds'],
    fromUrl(url) {
      made.push(url.href)
      return { max: url.port, ttl: url.searchParams.get('ttl') ?? undefined, policy: 'fifo' }
    },
  }

  it('finds a registered provider by name and by each of its schemes', async () => {
    registerBackend('ref', reference)
    const byName = await createCache({ backend: 'ref', max: 3 })
    expect((await byName.stats()).capacity).toBe(3)
    const byUrl = await createCache('ref://?max=4&ttl=100')
    expect((await byUrl.stats()).capacity).toBe(4)
    registerBackend('schemed', schemed)
    const secure = await createCache('schemeds://user:pw@host:7?ttl=5')
    expect((await secure.stats()).capacity).toBe(7)
    expect(made).toEqual(['schemeds://user:pw@host:7?ttl=5'])
  })

  it('accepts any string type-wise and tells a malformed or unknown URL apart', async () => {
    const fromEnv: string = process.env.WARP_TEST_NO_SUCH_VARIABLE ?? 'ref://?max=2'
    expect((await (await createCache(fromEnv)).stats()).capacity).toBe(2)
    expect(await optionErrorOf(createCache('memory:max=1'))).toMatch(/is not a cache URL/)
    const [code, message] = await cacheErrorOf(createCache('nosuch://x'))
    expect(code).toBe('E_UNKNOWN_BACKEND')
    expect(message).toMatch(
      /unknown URL scheme "nosuch:\/\/". Built-in backends: memory, shared, redis, tiered/,
    )
    const [code2] = await cacheErrorOf(createCache({ backend: 'toString' }))
    expect(code2).toBe('E_UNKNOWN_BACKEND')
  })

  it('refuses a taken name unless replace is asked for, and bad names', () => {
    const other = { ...reference, name: 'other' }
    expect(() => registerBackend('ref', other)).toThrow(/already registered.*replace: true/)
    expect(() => registerBackend('ref', reference)).not.toThrow()
    expect(() => registerBackend('Bad Name', reference)).toThrow(InvalidOptionError)
    expect(() => registerBackend('fine', { name: 'x' } as never)).toThrow(/BackendProvider/)
    registerBackend('ref', other, { replace: true })
    registerBackend('ref', reference, { replace: true })
  })

  it('parses URLs by default: host and path are the name, query parameters the options', () => {
    expect(parseCacheUrl('memory://?max=1000&ttl=60000')).toEqual({ max: '1000', ttl: '60000' })
    expect(parseCacheUrl('shared://embeddings%201?max=10')).toEqual({
      name: 'embeddings 1',
      max: '10',
    })
    expect(() => parseCacheUrl('memory://?max=1&max=2')).toThrow(/given twice/)
  })

  it('converts URL strings by the specs, and refuses what a URL cannot carry', async () => {
    expect(await optionErrorOf(createCache('ref://?max=abc'))).toMatch(
      /option "max" must be an integer .* got "abc"/,
    )
    expect(await optionErrorOf(createCache('ref://?max=3&tll=4'))).toMatch(/did you mean "ttl"/)
  })
})

describe('loading a built-in backend package', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'warp-load-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it('a missing package is E_BACKEND_NOT_INSTALLED and names the package to install', async () => {
    const [code, message] = await cacheErrorOf(
      loadProviderPackage('ghost', '@warp/no-such-package'),
    )
    expect(code).toBe('E_BACKEND_NOT_INSTALLED')
    expect(message).toMatch(/Run: npm install @warp\/no-such-package/)
  })

  it('a package that throws while loading is E_BACKEND_LOAD_FAILED with the error as cause', async () => {
    const error = await errorOf(
      loadProviderPackage(
        'broken',
        new URL('./fixtures/throws-on-load/index.mjs', import.meta.url).href,
      ),
    )
    expect(error).toBeInstanceOf(CacheError)
    expect(error.code).toBe('E_BACKEND_LOAD_FAILED')
    expect(error.message).toMatch(/installed but failed to load: boom while loading/)
    expect((error.cause as Error).message).toBe('boom while loading the fake backend')
  })

  it("finds a package in the application's node_modules when core cannot see it (strict layouts)", async () => {
    // A scratch app whose node_modules holds a backend core cannot resolve from its own
    // location; core is loaded from this checkout, the backend only from the app's cwd.
    const pkg = join(scratch, 'node_modules', '@warp', 'scratch-backend')
    mkdirSync(pkg, { recursive: true })
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: '@warp/scratch-backend', main: 'index.cjs' }),
    )
    writeFileSync(
      join(pkg, 'index.cjs'),
      `exports.backendProvider = { name: 'scratch', mode: 'sync', options: {}, create() { return { mode: 'sync' } } }`,
    )
    const cwd = process.cwd()
    process.chdir(scratch)
    try {
      const provider = await loadProviderPackage('scratch', '@warp/scratch-backend')
      expect(provider.name).toBe('scratch')
    } finally {
      process.chdir(cwd)
    }
  })
})
