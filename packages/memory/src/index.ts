export type { Perf } from './options.js'
export type { SieveCacheOptions, SieveDisposeReason } from './sieve-cache.js'
export { SieveCache } from './sieve-cache.js'
