// A runnable tour of warp: memoize over a SIEVE cache, collision-free keys, createCache, stats.
// Run with `npm run example` (it builds the packages first).
import { createCache, memoize } from '@warp/core'
import { LRUCache, SieveCache } from '@warp/memory'

let calls = 0
const fib = memoize(
  (n) => {
    calls++
    return n < 2 ? BigInt(n) : fib(n - 1) + fib(n - 2)
  },
  { backend: new SieveCache({ max: 1000 }) },
)
console.log(`fib(300) = ${fib(300)}`)
console.log(`inner calls: ${calls} (one per distinct argument)`)

// f(1) and f('1') are different entries; so are f('a,b') and f('a', 'b').
const describe = memoize((...args) => JSON.stringify(args), {
  backend: new SieveCache({ max: 100 }),
})
console.log(describe(1), describe('1'), describe('a,b'), describe('a', 'b'))

// Pick a backend by configuration.
const sessions = await createCache('memory://?max=1000&ttl=60000')
sessions.set('session:42', { user: 'ada' })
console.log('from createCache:', sessions.get('session:42'), sessions.stats())

// A drop-in for lru-cache, with SIEVE eviction.
const lru = new LRUCache({ max: 2 })
lru.set('a', 1).set('b', 2)
lru.get('a')
lru.set('c', 3) // evicts 'b': 'a' was visited
console.log('LRUCache keys:', [...lru.keys()])
