import type { Mode } from '@warp/core'
import { SieveCache, type SieveCacheOptions } from './sieve-cache.js'

/**
 * One option a backend accepts through `createCache` (also parsed from URL query strings).
 * Mirrors `OptionSpec` of `@warp/core`'s `createCache` convention.
 */
export interface OptionSpec {
  type: 'integer' | 'number' | 'string' | 'boolean'
  required?: boolean
  min?: number
  max?: number
  description: string
}

/** What `createCache` in `@warp/core` looks up in a backend package. */
export interface BackendProvider {
  name: string
  mode: Mode
  options: Record<string, OptionSpec>
  create(options: Record<string, unknown>): SieveCache<unknown, unknown>
}

/**
 * The `memory` backend for `createCache` in `@warp/core`:
 * `createCache({ backend: 'memory', max: 1000 })` or `createCache('memory://?max=1000&ttl=5000')`
 * give a {@link SieveCache}. Function options (`sizeCalculation`, `dispose`, `perf`) can be
 * passed in the object form and are handed to the constructor unchanged.
 */
export const backendProvider: BackendProvider = {
  name: 'memory',
  mode: 'sync',
  options: {
    max: {
      type: 'integer',
      min: 1,
      max: 2 ** 30,
      description: 'Maximum number of entries (required unless maxSize is set)',
    },
    ttl: {
      type: 'number',
      min: 0,
      description: 'Default time to live in milliseconds; 0 means never expire',
    },
    maxSize: {
      type: 'integer',
      min: 1,
      description: 'Upper bound of the sum of entry sizes; needs a sizeCalculation function',
    },
    maxEntrySize: {
      type: 'integer',
      min: 1,
      description: 'Largest size of one entry; needs a sizeCalculation function',
    },
  },
  create(options) {
    const { backend: _backend, ...rest } = options
    return new SieveCache(rest as SieveCacheOptions<unknown, unknown>)
  },
}
