import type { CacheLike } from '../smoke.js'
import { requireWarp } from '../warp.js'

/** A cache subject of the memory suite. Its package is loaded only in its own child process. */
export interface CacheSubject {
  objectKeyed?: boolean
  unbounded?: boolean
  /** The warp package and export it needs; absent for peers. */
  warp?: { pkg: string; name: string }
  notes?: string[]
  load(): Promise<(max: number) => CacheLike>
}

/** Baseline of the memory suite: every ratio is to lru-cache. */
export const MEMORY_BASELINE = 'lru-cache'

/** Every subject of the memory suite, in table order. */
export const memorySubjects: Record<string, CacheSubject> = {
  'warp SieveCache': {
    warp: { pkg: '@warp/memory', name: 'SieveCache' },
    load: async () => {
      const SieveCache = await requireWarp('@warp/memory', 'SieveCache')
      return (max) => new SieveCache({ max })
    },
  },
  'warp SieveCache lru': {
    warp: { pkg: '@warp/memory', name: 'SieveCache' },
    notes: ["policy: 'lru' (exact LRU)"],
    load: async () => {
      const SieveCache = await requireWarp('@warp/memory', 'SieveCache')
      return (max) => new SieveCache({ max, policy: 'lru' })
    },
  },
  'warp SieveCache tinylfu': {
    warp: { pkg: '@warp/memory', name: 'SieveCache' },
    notes: ["policy: 'tinylfu' (W-TinyLFU, adaptive window)"],
    load: async () => {
      const SieveCache = await requireWarp('@warp/memory', 'SieveCache')
      return (max) => new SieveCache({ max, policy: 'tinylfu' })
    },
  },
  'warp LRUCache': {
    warp: { pkg: '@warp/memory', name: 'LRUCache' },
    load: async () => {
      const LRUCache = await requireWarp('@warp/memory', 'LRUCache')
      return (max) => new LRUCache({ max })
    },
  },
  'lru-cache': {
    load: async () => {
      const { LRUCache } = await import('lru-cache')
      return (max) => new LRUCache<any, any>({ max })
    },
  },
  'mnemonist LRUMap': {
    load: async () => {
      const { LRUMap } = await import('mnemonist')
      return (max) => new LRUMap<any, any>(max)
    },
  },
  'mnemonist LRUCache': {
    objectKeyed: true,
    notes: ["object-keyed: 1 and '1' are one key"],
    load: async () => {
      const { LRUCache } = await import('mnemonist')
      return (max) => new LRUCache<any, any>(max)
    },
  },
  'lru.min': {
    load: async () => {
      const { createLRU } = await import('lru.min')
      return (max) => createLRU<any, any>({ max })
    },
  },
  'tiny-lru': {
    objectKeyed: true,
    notes: ["object-keyed: 1 and '1' are one key"],
    load: async () => {
      const { LRU } = await import('tiny-lru')
      return (max) => new LRU<any>(max)
    },
  },
  'quick-lru': {
    notes: ['keeps up to 2 × maxSize entries (two generations)'],
    load: async () => {
      const { default: QuickLRU } = await import('quick-lru')
      return (max) => new QuickLRU<any, any>({ maxSize: max })
    },
  },
  '@neophi/sieve-cache': {
    load: async () => {
      const { SieveCache } = await import('@neophi/sieve-cache')
      return (max) => new SieveCache<any, any>(max)
    },
  },
  Map: {
    unbounded: true,
    notes: ['bare Map: unbounded, never evicts (the floor)'],
    load: async () => () => new Map(),
  },
}
