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
export { defaultClock, ManualClock } from './clock.js'
export { closeInstance } from './closed.js'
export type {
  BackendModes,
  BackendName,
  BackendOfMode,
  BackendProvider,
  CacheConfig,
  CacheUrl,
} from './create-cache/index.js'
export { createCache, parseCacheUrl, registerBackend } from './create-cache/index.js'
export type { CacheErrorCode } from './errors.js'
export { CacheError, InvalidOptionError, isCacheError } from './errors.js'
export type { AnyFunction, Memoized, MemoizedExtras, MemoizeOptions } from './memoize.js'
export { memoize } from './memoize.js'
export type { OptionSpec, OptionSpecs } from './options/index.js'
export { checkOptions, closestName } from './options/index.js'
