export type { ArgumentKeyOptions } from './argument-keys.js'
export { ArgumentKeys } from './argument-keys.js'
export type {
  AnyBackend,
  AsyncBackend,
  Backend,
  CacheStats,
  Capabilities,
  Mode,
  Result,
  SetOptions,
  SyncBackend,
} from './backend.js'
export { emptyStats } from './backend.js'
export type { CachedOptions } from './cached.js'
export { cached, cacheOf } from './cached.js'
export type { Clock } from './clock.js'
export { ManualClock } from './clock.js'
export { CODEC_ID, decodeValue, encodeKey, encodeKeyString, encodeValue } from './codec/index.js'
export type {
  BackendModes,
  BackendName,
  BackendProvider,
  CacheConfig,
  CacheUrl,
  OptionSpec,
} from './create-cache/index.js'
export { createCache, parseCacheUrl } from './create-cache/index.js'
export type { CacheErrorCode } from './errors.js'
export { CacheError, isCacheError } from './errors.js'
export type { AnyFunction, Memoized, MemoizedExtras, MemoizeOptions } from './memoize.js'
export { memoize } from './memoize.js'
