import type { BackendProvider } from '@warp/core'
import { SieveCache, type SieveCacheOptions } from './sieve-cache.js'
import { sieveCacheOptionSpecs } from './sieve-options.js'

/**
 * The `memory` backend for `createCache` in `@warp/core`:
 * `createCache({ backend: 'memory', max: 1000, policy: 'tinylfu' })` or
 * `createCache('memory://?max=1000&ttl=5000&policy=tinylfu')` give a {@link SieveCache}.
 * Its option spec is the one `SieveCache` checks itself against. The function and
 * object options (`sizeCalculation`, `dispose`, `perf`) are accepted in the object form only.
 */
export const backendProvider: BackendProvider<'sync'> = {
  name: 'memory',
  mode: 'sync',
  options: sieveCacheOptionSpecs,
  create: (options) => new SieveCache(options as SieveCacheOptions<unknown, unknown>),
}
