import type { AnyBackend, BackendProvider } from '@warp/core'
import { checkOptions, createCache } from '@warp/core'
import type { TieredCacheOptions } from './options.js'
import { tieredCacheOptionSpecs } from './options.js'
import { TieredCache } from './tiered-cache.js'

/** A backend instance (has `get`, `set` and a `mode`), as opposed to a config or URL. */
function isBackend(value: unknown): value is AnyBackend<unknown, unknown> {
  const v = value as { get?: unknown; set?: unknown; mode?: unknown } | null
  return typeof v === 'object' && v !== null && typeof v.get === 'function' && 'mode' in v
}

async function resolveTier(value: unknown): Promise<AnyBackend<unknown, unknown>> {
  if (isBackend(value)) return value
  return (await createCache(value as Parameters<typeof createCache>[0])) as AnyBackend<
    unknown,
    unknown
  >
}

/**
 * The `tiered` backend of `createCache` in `@warp/core`:
 * `createCache({ backend: 'tiered', l1: { backend: 'memory', max: 10_000 }, l2: 'redis://localhost:6379?prefix=app' })`.
 * `l1` and `l2` are each a backend, a `createCache` config or a cache URL (resolved through
 * core's `createCache`); the other options are {@link TieredCache}'s, checked the same way.
 * The tiers it makes belong to the cache: its `close()` closes them.
 */
export const backendProvider: BackendProvider<'async'> = {
  name: 'tiered',
  mode: 'async',
  options: tieredCacheOptionSpecs,
  create: async (options) => {
    checkOptions('createCache(tiered)', tieredCacheOptionSpecs, options)
    const l1 = await resolveTier(options.l1)
    let l2: AnyBackend<unknown, unknown>
    try {
      l2 = await resolveTier(options.l2)
    } catch (error) {
      l1.close()
      throw error
    }
    try {
      return new TieredCache({ ...options, l1, l2 } as TieredCacheOptions)
    } catch (error) {
      l1.close()
      await l2.close()
      throw error
    }
  },
}
