import type { BackendProvider } from '@warp/core'
import type { SharedCacheOptions } from './options.js'
import { SharedCache } from './shared-cache.js'

/**
 * Lets `createCache({ backend: 'shared', name, max })` (or `shared://name?max=…`)
 * build a {@link SharedCache}.
 */
export const backendProvider: BackendProvider<'sync'> = {
  name: 'shared',
  mode: 'sync',
  options: {
    name: {
      type: 'string',
      required: true,
      description: 'cache name shared by every process, [A-Za-z0-9._-]{1,64}',
    },
    max: { type: 'integer', min: 1, max: 2 ** 30, description: 'most entries (default 10000)' },
    maxKeyBytes: {
      type: 'integer',
      min: 1,
      max: 65_536,
      description: 'largest encoded key in bytes (default 256)',
    },
    maxValueBytes: {
      type: 'integer',
      min: 0,
      max: 2 ** 26,
      description: 'largest encoded value in bytes (default 1024)',
    },
    ttl: { type: 'number', min: 0, description: 'default time to live in ms, 0 = none (default 0)' },
    dir: { type: 'string', description: 'directory of the cache files (default /dev/shm/warp-<uid>)' },
    lockTimeout: {
      type: 'integer',
      min: 1,
      description: 'ms a writer waits for a live lock holder (default 5000)',
    },
  },
  create: (options) => new SharedCache(options as unknown as SharedCacheOptions),
}
