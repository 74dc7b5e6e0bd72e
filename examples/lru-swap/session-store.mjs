// An "existing module" that used lru-cache. The only change for warp is the import line:
//   - import { LRUCache } from 'lru-cache'
//   + import { LRUCache } from '@warp/memory'
// Everything below is lru-cache's API, unchanged (options, methods, fetchMethod, status).
import { LRUCache } from '@warp/memory'

export function createSessionStore(loadSession) {
  const sessions = new LRUCache({
    max: 500,
    ttl: 15 * 60_000,
    updateAgeOnGet: true,
    fetchMethod: async (id) => loadSession(id),
  })
  return {
    get: (id) => sessions.fetch(id),
    drop: (id) => sessions.delete(id),
    size: () => sessions.size,
  }
}
