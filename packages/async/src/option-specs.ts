import type { OptionSpec, OptionSpecs } from '@warp/core'
import { MAX_TIMEOUT } from './validate.js'

const duration = (description: string, max?: number): OptionSpec => ({
  type: 'number',
  min: 0,
  ...(max !== undefined && { max }),
  allowInfinity: true,
  description,
})

/** Every option of `createAsyncCache` / `AsyncCache`: the one source of its checks. */
export const ASYNC_CACHE_OPTIONS: OptionSpecs = {
  backend: {
    type: 'object',
    description: 'a sync or async warp Backend (default: a SieveCache of max entries)',
  },
  max: {
    type: 'integer',
    min: 1,
    max: 2 ** 30,
    description: 'entries of the default backend (default 1000)',
  },
  ttl: duration('how long a loaded value is fresh, in ms; 0 or Infinity (default) = forever'),
  staleWhileRevalidate: duration(
    'how long after ttl a stale value is served while it reloads, in ms (default 0)',
  ),
  timeout: duration(
    `how long a caller waits for a load, in ms, up to ${MAX_TIMEOUT}; 0 (default) = no limit`,
    MAX_TIMEOUT,
  ),
  loadLimit: {
    type: 'number',
    min: 1,
    max: MAX_TIMEOUT,
    description: `hard life limit of one load, in ms, 1 to ${MAX_TIMEOUT} (default 10 × timeout, or 300000)`,
  },
  negativeTtl: duration(
    'how long a cached error is served, in ms (default 0: errors are not cached)',
  ),
  cacheErrorIf: {
    type: 'function',
    description: '(error, key) => boolean: which loader errors are cached for negativeTtl',
  },
  clock: { type: 'object', description: 'a { now(): number } time source in ms (default Date)' },
  onError: {
    type: 'function',
    description: '(error, event) => void: refresh, read and write errors that no caller sees',
  },
}

/** Every option of `memoizeAsync`: the cache's, plus `key`. */
export const MEMOIZE_ASYNC_OPTIONS: OptionSpecs = {
  ...ASYNC_CACHE_OPTIONS,
  key: { type: 'function', description: '(...args) => key, replacing the built-in argument keys' },
}
