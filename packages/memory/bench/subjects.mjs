// Benchmark subjects: each returns { get(k), set(k, v) } for a cache of `max` entries.
// Loaded lazily, so a child process only loads the one subject it times.
export const subjects = {
  'warp SieveCache': async (max) => {
    const { SieveCache } = await import('../dist/index.js')
    return new SieveCache({ max })
  },
  'warp LRUCache': async (max) => {
    const { LRUCache } = await import('../dist/index.js')
    return new LRUCache({ max })
  },
  'lru-cache': async (max) => {
    const { LRUCache } = await import('lru-cache')
    return new LRUCache({ max })
  },
  'mnemonist LRUMap': async (max) => {
    const { LRUMap } = await import('mnemonist')
    return new LRUMap(max)
  },
  'lru.min': async (max) => {
    const { createLRU } = await import('lru.min')
    return createLRU({ max })
  },
  '@neophi/sieve-cache': async (max) => {
    const { SieveCache } = await import('@neophi/sieve-cache')
    return new SieveCache(max)
  },
  Map: async () => new Map(),
}
