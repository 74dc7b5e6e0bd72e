import { requireWarp } from '../warp.js'

/** An async-memoized function of one argument. */
export type AsyncFn = (a: any) => Promise<unknown>

/**
 * Makes an async-memoized `fn` holding up to `max` results. `store` names a
 * store shared by the processes of a multi-process job (the cross-process
 * stampede); subjects without a shared store ignore it and keep their own.
 */
export type AsyncMaker = (fn: (a: any) => Promise<unknown>, max: number, store?: string) => AsyncFn

/** A subject of the async suite. */
export interface AsyncSubject {
  objectKeyed?: boolean
  unbounded?: boolean
  warp?: { pkg: string; name: string }
  notes?: string[]
  /** Shares results across processes (a cross-process store), so a stampede loads each key once per machine. */
  crossProcess?: boolean
  load(): Promise<AsyncMaker>
  /** Removes what `store` left behind (called once per pass by one process). */
  destroy?(store: string): Promise<void>
  /**
   * Frees the stores of every function this process made without a `store` name; called
   * once those functions are no longer used (after each coalescing round, which makes
   * fresh ones every round).
   */
  release?(): void
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
  'warp memoizeAsync (ttl 60 s)': {
    warp: { pkg: '@warp/async', name: 'memoizeAsync' },
    load: async () => {
      const memoizeAsync = await requireWarp('@warp/async', 'memoizeAsync')
      return (fn, max) => memoizeAsync(fn, { max, ttl: 60_000 })
    },
  },
  'warp memoizeAsync (SharedCache)': {
    warp: { pkg: '@warp/async', name: 'memoizeAsync' },
    crossProcess: true,
    notes: ['over a SharedCache: load claims make each key load once per machine'],
    load: () => loadOverSharedCache(true),
    destroy: destroySharedCache,
    release: releaseOwnCaches,
  },
  'warp memoizeAsync (SharedCache, no claims)': {
    warp: { pkg: '@warp/async', name: 'memoizeAsync' },
    crossProcess: true,
    notes: [
      'the same SharedCache with its load claims hidden (capabilities.loadClaims false): what a hit and a stampede cost without claims, per-process coalescing only',
    ],
    load: () => loadOverSharedCache(false),
    destroy: destroySharedCache,
    release: releaseOwnCaches,
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

/** SharedCaches made for one process alone (their files already unlinked), open until released. */
const ownCaches: { close(): void }[] = []
let ownCount = 0

/**
 * memoizeAsync over a SharedCache; with `claims` false the cache's `capabilities.loadClaims`
 * reads false (a subclass, so calls cost what they cost on the real class), which makes
 * `@warp/async` coalesce per process as over any other backend.
 */
async function loadOverSharedCache(claims: boolean): Promise<AsyncMaker> {
  const memoizeAsync = await requireWarp('@warp/async', 'memoizeAsync')
  const SharedCache = await requireWarp('@warp/shared-native', 'SharedCache')
  const Cache = claims
    ? SharedCache
    : class extends SharedCache {
        constructor(options: unknown) {
          super(options)
          this.capabilities = { ...this.capabilities, loadClaims: false }
        }
      }
  return (fn, max, store) => {
    const size = Math.max(max, 4096)
    if (store !== undefined)
      return memoizeAsync(fn, { backend: new Cache({ name: store, max: size }) })
    // A cache of this process alone (smoke tests, hit and coalescing rounds): its file is
    // unlinked at once (the mapping lives on), so nothing is left behind even if the process
    // is killed; `release` unmaps it. Each one reserves its whole file in /dev/shm (about
    // 6 MB here), and a coalescing run makes thousands.
    const name = `warp-bench-async-${process.pid}-${ownCount++}`
    const cache = new Cache({ name, max: size })
    SharedCache.destroy(name)
    ownCaches.push(cache)
    return memoizeAsync(fn, { backend: cache })
  }
}

function releaseOwnCaches(): void {
  for (const cache of ownCaches.splice(0)) cache.close()
}

async function destroySharedCache(store: string): Promise<void> {
  const SharedCache = await requireWarp('@warp/shared-native', 'SharedCache')
  SharedCache.destroy(store)
}
