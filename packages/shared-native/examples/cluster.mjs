// Four cluster workers share one cache: most inputs are computed by one worker
// and read from shared memory by the others.
//   npm run build -w @warp/shared-native && node packages/shared-native/examples/cluster.mjs
import cluster from 'node:cluster'
import { memoize } from '@warp/core'
import { SharedCache } from '@warp/shared-native'

const WORKERS = 4
const INPUTS = 1000
const name = `cluster-example-${process.env.EXAMPLE_RUN ?? process.pid}`

if (cluster.isPrimary) {
  SharedCache.destroy(name) // start empty
  let computed = 0
  let done = 0
  for (let i = 0; i < WORKERS; i++) {
    cluster.fork({ EXAMPLE_RUN: String(process.pid) }).on('message', (m) => {
      computed += m.computed
      console.log(`worker ${m.worker}: ${INPUTS} answers, ${m.computed} computed itself`)
      if (++done === WORKERS) {
        console.log(
          `${computed} computations in all for ${INPUTS} distinct inputs (×${WORKERS} workers)`,
        )
        SharedCache.destroy(name) // leave nothing in /dev/shm
      }
    })
  }
} else {
  const cache = new SharedCache({ name, max: 10_000 })
  let computed = 0

  function slowSquare(n) {
    computed++
    const until = Date.now() + 1 // something worth sharing
    while (Date.now() < until) {}
    return n * n
  }

  // memoize over the shared cache: a result computed by any worker is a hit in all
  // of them. Two workers that miss the same input at the same moment both compute it.
  const square = memoize(slowSquare, { backend: cache })

  const offset = cluster.worker.id * (INPUTS / WORKERS)
  for (let i = 0; i < INPUTS; i++) {
    const n = (i + offset) % INPUTS
    if (square(n) !== n * n) throw new Error(`wrong square of ${n}`)
  }
  process.send({ worker: cluster.worker.id, computed })
  cache.close()
  process.disconnect()
}
