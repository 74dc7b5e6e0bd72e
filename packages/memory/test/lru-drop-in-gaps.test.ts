import { execFileSync } from 'node:child_process'
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { inspect } from 'node:util'
import { build } from 'esbuild'
import { LRUCache as RealLRUCache } from 'lru-cache'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LRUCache } from '../src/index.js'

afterEach(() => vi.restoreAllMocks())

describe('drop-in gaps, each checked against the real lru-cache 11.5', () => {
  it('`this` in a non-arrow fetchMethod is the cache', async () => {
    for (const Cache of [LRUCache, RealLRUCache] as unknown as (typeof LRUCache)[]) {
      let seen: unknown
      const cache = new Cache<string, number>({
        max: 10,
        fetchMethod(this: unknown) {
          seen = this
          return Promise.resolve(1)
        },
      })
      expect(await cache.fetch('a')).toBe(1)
      expect(seen, Cache.name).toBe(cache)
    }
  })

  it('class name, toString tag and inspect say LRUCache', () => {
    const ours = new LRUCache<string, number>({ max: 2 })
    const real = new RealLRUCache<string, number>({ max: 2 })
    // The real class is named LRUCache in its source; the build vitest resolves here is
    // minified, so its runtime name is not a usable oracle.
    expect(LRUCache.name).toBe('LRUCache')
    expect(Object.prototype.toString.call(ours)).toBe(Object.prototype.toString.call(real))
    expect(String(ours)).toBe(String(real))
    expect(inspect(ours)).toMatch(/^LRUCache /)
  })

  it('the bundled build (as tsup makes it) still names the class LRUCache', async () => {
    // esbuild bundles `class X` as `var X = class`; a reference to X inside the body made it
    // `class _X`, so the published LRUCache.name (and util.inspect) said '_LRUCache'. The oracle
    // is lru-cache's unminified build (`lru-cache/raw`); its default build is minified.
    // (toString() is not compared: a bundled `var X = class {` has no name in its source text.)
    const bundled = await build({
      entryPoints: [join(import.meta.dirname, '../src/index.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      conditions: ['@warp/source'],
      write: false,
      logLevel: 'silent',
    })
    const dir = mkdtempSync(join(tmpdir(), 'warp-lru-name-'))
    try {
      const file = join(dir, 'index.mjs')
      writeFileSync(file, bundled.outputFiles[0]!.text)
      const describe = (specifier: string): string =>
        execFileSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `import { LRUCache } from ${JSON.stringify(specifier)}
             import { inspect } from 'node:util'
             console.log(JSON.stringify([LRUCache.name, inspect(new LRUCache({ max: 1 })).split(' ')[0]]))`,
          ],
          { cwd: import.meta.dirname, encoding: 'utf8' },
        )
      const ours = JSON.parse(describe(pathToFileURL(file).href))
      expect(ours).toEqual(JSON.parse(describe('lru-cache/raw')))
      expect(ours).toEqual(['LRUCache', 'LRUCache'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('falls back to console.error when process.emitWarning is not a function', () => {
    const messages: Record<string, string[]> = {}
    for (const [name, Cache] of [
      ['ours', LRUCache],
      ['real', RealLRUCache],
    ] as const) {
      const original = process.emitWarning
      const spy = vi.spyOn(console, 'error').mockImplementation(() => {})
      ;(process as { emitWarning: unknown }).emitWarning = undefined
      try {
        ;new (Cache as typeof LRUCache)<string, number>({ ttl: 1000 } as never)
      } finally {
        process.emitWarning = original
      }
      messages[name] = spy.mock.calls.map((c) => String(c[0]))
      spy.mockRestore()
    }
    // Each warns once per process; the real one may have warned already in another test file.
    expect(messages.ours).toHaveLength(1)
    expect(messages.ours![0]).toMatch(/^\[LRU_CACHE_UNBOUNDED\] UnboundedCacheWarning: /)
    if (messages.real!.length > 0)
      expect(messages.real![0]).toMatch(/^\[LRU_CACHE_UNBOUNDED\] UnboundedCacheWarning: /)
  })

  it('publishes the same status objects on lru-cache:metrics', async () => {
    // The real package loads diagnostics_channel asynchronously; give it a tick.
    await new Promise((resolve) => setTimeout(resolve, 10))
    const run = (Cache: typeof LRUCache): unknown[] => {
      const seen: unknown[] = []
      const listen = (message: unknown) => {
        const { cache: _cache, ...rest } = message as Record<string, unknown>
        seen.push(rest)
      }
      subscribe('lru-cache:metrics', listen)
      try {
        const cache = new Cache<string, number>({ max: 2 })
        cache.set('a', 1)
        cache.set('b', 2)
        cache.get('a')
        cache.get('zz')
        cache.has('b')
        cache.peek('a')
        cache.set('c', 3)
        cache.get('b')
      } finally {
        unsubscribe('lru-cache:metrics', listen)
      }
      return seen
    }
    const ours = run(LRUCache)
    const theirs = run(RealLRUCache as unknown as typeof LRUCache)
    expect(ours.length).toBe(8)
    // Eviction order differs (SIEVE vs LRU), so compare the operations up to the first eviction.
    expect(ours.slice(0, 6)).toEqual(theirs.slice(0, 6))
  })

  it('publishes memo statuses and every delete on lru-cache:metrics, as lru-cache', async () => {
    // lru-cache 11.5 also publishes memo()'s status and a `{ op: 'delete', delete: reason }`
    // message from every delete (explicit, stale get, purgeStale, set of undefined, oversized
    // set, rejected fetch), present key or not; ours published only get/set/has/peek.
    await new Promise((resolve) => setTimeout(resolve, 10))
    const run = async (Cache: typeof LRUCache): Promise<unknown[]> => {
      const seen: unknown[] = []
      const listen = (message: unknown) => {
        const { cache, ...rest } = message as Record<string, unknown>
        seen.push({ ...rest, ownCache: cache === instance })
      }
      let now = 1000
      const instance = new Cache<string, string>({
        max: 10,
        ttl: 100,
        ttlResolution: 0, // read the clock on every call (lru-cache caches it for 1 ms by default)
        maxEntrySize: 5,
        sizeCalculation: (v) => v.length,
        perf: { now: () => now },
        memoMethod: (k) => `${k}!`,
        fetchMethod: (k) => (k === 'bad' ? Promise.reject(new Error('no')) : Promise.resolve(k)),
      })
      subscribe('lru-cache:metrics', listen)
      try {
        instance.memo('m')
        instance.memo('m')
        instance.delete('m')
        instance.delete('missing')
        instance.set('u', 'x')
        instance.set('u', undefined as never)
        instance.set('big', 'toolong')
        await instance.fetch('bad').catch(() => {})
        instance.set('s', 'x')
        instance.set('p', 'x')
        now += 200
        instance.get('s')
        instance.purgeStale()
      } finally {
        unsubscribe('lru-cache:metrics', listen)
      }
      return seen
    }
    const theirs = await run(RealLRUCache as unknown as typeof LRUCache)
    expect(theirs.filter((m) => (m as { op: string }).op === 'delete')).toHaveLength(7)
    expect(await run(LRUCache)).toEqual(theirs)
  })

  it('costs nothing without subscribers: no status objects are made', () => {
    const cache = new LRUCache<string, number>({ max: 2 })
    const options = {}
    cache.get('a', options)
    expect(options).toEqual({})
  })
})
