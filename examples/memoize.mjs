// A runnable tour of @warp/core: memoize over a backend, collision-free keys, stats.
// Run with `npm run example` (it builds the packages first).
import { memoize } from '@warp/core'
import { ReferenceBackend } from '@warp/core/testing'

let calls = 0
const fib = memoize(
  (n) => {
    calls++
    return n < 2 ? BigInt(n) : fib(n - 1) + fib(n - 2)
  },
  { backend: new ReferenceBackend({ mode: 'sync', max: 1000 }) },
)

console.log(`fib(300) = ${fib(300)}`)
console.log(`inner calls: ${calls} (one per distinct argument)`)
fib(300)
console.log('stats:', fib.stats())
