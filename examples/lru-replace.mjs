// LRUCache as a drop-in for lru-cache: ./lru-swap/session-store.mjs changed only its import.
import { createSessionStore } from './lru-swap/session-store.mjs'

let loads = 0
const store = createSessionStore(async (id) => {
  loads++
  return { id, user: `user-${id}` }
})
const [a, b] = await Promise.all([store.get('s1'), store.get('s1')]) // one load for both
const c = await store.get('s1') // a hit
if (a.user !== 'user-s1' || a !== b || b !== c || loads !== 1)
  throw new Error('unexpected session store behaviour')
store.drop('s1')
await store.get('s1')
console.log(`session store over @warp/memory LRUCache: ${loads} loads, size ${store.size()}`)
if (loads !== 2) throw new Error('expected a reload after drop')
