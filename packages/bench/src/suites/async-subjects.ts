import { requireWarp } from '../warp.js'

/** An async-memoized function of one argument. */
export type AsyncFn = (a: any) => Promise<unknown>

/** Makes an async-memoized `fn` holding up to `max` results. */
export type AsyncMaker = (fn: (a: any) => Promise<unknown>, max: number) => AsyncFn

/** A subject of the async suite. */
export interface AsyncSubject {
  objectKeyed?: boolean
  unbounded?: boolean
  warp?: { pkg: string; name: string }
  notes?: string[]
  load(): Promise<AsyncMaker>
}

/** Baseline of the async suite. */
export const ASYNC_BASELINE = 'p-memoize (Map)'

/** Every subject of the async suite, in table order. */
export const asyncSubjects: Record<string, AsyncSubject> = {
  'warp memoizeAsync': {
    warp: { pkg: '@warp/async', name: 'memoizeAsync' },
    load: async () => {
      const memoizeAsync = await requireWarp('@warp/async', 'memoizeAsync')
      return (fn, max) => memoizeAsync(fn, { max })
    },
  },
  'warp createAsyncCache': {
    warp: { pkg: '@warp/async', name: 'createAsyncCache' },
    load: async () => {
      const createAsyncCache = await requireWarp('@warp/async', 'createAsyncCache')
      return (fn, max) => {
        const cache = createAsyncCache({ max })
        return (a) => cache.getOrLoad(a, fn)
      }
    },
  },
  'p-memoize (Map)': {
    unbounded: true,
    notes: ['unbounded: its default cache is a Map'],
    load: async () => {
      const { default: pMemoize } = await import('p-memoize')
      return (fn) => pMemoize(fn)
    },
  },
  'p-memoize (lru-cache)': {
    load: async () => {
      const { default: pMemoize } = await import('p-memoize')
      const { LRUCache } = await import('lru-cache')
      return (fn, max) => pMemoize(fn, { cache: new LRUCache<any, any>({ max }) })
    },
  },
  'async-cache-dedupe': {
    objectKeyed: true,
    notes: ["memory storage, ttl 1 h; string-keyed: f(1) and f('1') share one result"],
    load: async () => {
      const { createCache } = await import('async-cache-dedupe')
      return (fn, max) => {
        const cache = createCache({
          ttl: 3600,
          storage: { type: 'memory', options: { size: max } },
        })
        const defined = cache.define('f', fn) as unknown as { f: AsyncFn }
        return (a) => defined.f(a)
      }
    },
  },
}
