// Subjects of the @warp/async scratch benchmark: each makes a memoized version of `fn`.
import { memoizeAsync } from '@warp/async'
import { createCache } from 'async-cache-dedupe'
import { LRUCache } from 'lru-cache'
import pMemoize from 'p-memoize'

const MAX = 2048

/** name → (fn) => memoized function with the same call shape `(key) => Promise<value>`. */
export const subjects = {
  'warp memoizeAsync (SieveCache)': (fn) => memoizeAsync(fn, { max: MAX }),
  'warp memoizeAsync (SieveCache, ttl 60 s)': (fn) => memoizeAsync(fn, { max: MAX, ttl: 60_000 }),
  'p-memoize (Map)': (fn) => pMemoize(fn, { cache: new Map() }),
  'p-memoize (lru-cache)': (fn) => pMemoize(fn, { cache: new LRUCache({ max: MAX }) }),
  'async-cache-dedupe (memory)': (fn) => {
    const cache = createCache({ ttl: 3600, storage: { type: 'memory', options: { size: MAX } } })
    cache.define('fn', fn)
    return (key) => cache.fn(key)
  },
}
