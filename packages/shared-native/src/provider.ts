import type { BackendProvider } from '@warp/core'
import type { SharedCacheOptions } from './options.js'
import { sharedCacheOptionSpecs } from './options.js'
import { SharedCache } from './shared-cache.js'

/**
 * Lets `createCache({ backend: 'shared', name, max })` (or `shared://name?max=…`)
 * build a {@link SharedCache}. Its option spec is the constructor's own.
 */
export const backendProvider: BackendProvider<'sync'> = {
  name: 'shared',
  mode: 'sync',
  options: sharedCacheOptionSpecs,
  create: (options) => new SharedCache(options as unknown as SharedCacheOptions),
}
