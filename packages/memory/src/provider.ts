import type { BackendProvider } from '@warp/core'
import { SieveCache, type SieveCacheOptions } from './sieve-cache.js'

/**
 * The `memory` backend for `createCache` in `@warp/core`:
 * `createCache({ backend: 'memory', max: 1000 })` or `createCache('memory://?max=1000&ttl=5000')`
 * give a {@link SieveCache}. The function options (`sizeCalculation`, `dispose`) are accepted in
 * the object form only. For an injected clock (`perf`), construct `SieveCache` directly.
 */
export const backendProvider: BackendProvider<'sync'> = {
  name: 'memory',
  mode: 'sync',
  options: {
    max: {
      type: 'integer',
      min: 1,
      max: 2 ** 30,
      description: 'most entries kept, a positive integer ≤ 2^30 (required unless maxSize is set)',
    },
    ttl: {
      type: 'number',
      min: 0,
      description: 'default time to live in milliseconds; 0 (default) means never expire',
    },
    maxSize: {
      type: 'integer',
      min: 1,
      description: 'upper bound of the sum of entry sizes; needs sizeCalculation',
    },
    maxEntrySize: {
      type: 'integer',
      min: 1,
      description: 'largest size of one entry (default maxSize); needs sizeCalculation',
    },
    sizeCalculation: {
      type: 'function',
      description: '(value, key) => size, a positive integer; object form only',
    },
    dispose: {
      type: 'function',
      description: '(value, key, reason) => void, called when an entry leaves; object form only',
    },
  },
  create: (options) => new SieveCache(options as SieveCacheOptions<unknown, unknown>),
}
