export { AsyncCache, createAsyncCache } from './async-cache.js'
export type { LoadContext, RunOptions } from './coalescer.js'
export { Coalescer } from './coalescer.js'
export type { CacheEntry, StoredError } from './entry.js'
export type {
  AsyncResult,
  AsyncVersion,
  MemoizeAsyncOptions,
  MemoizedAsync,
  MemoizedAsyncExtras,
} from './memoize-async.js'
export { memoizeAsync } from './memoize-async.js'
export type {
  AsyncCacheOptions,
  AsyncSetOptions,
  ErrorEvent,
  GetOrLoadOptions,
  Loader,
  LoaderContext,
} from './options.js'
export type { AsyncCacheStats } from './stats.js'
