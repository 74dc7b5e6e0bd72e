// Three processes, each with a two-tier cache (in-process L1 over one Redis). A write in one
// process reaches the others as an invalidation; each then reads the new value.
//   WARP_REDIS_URL=redis://127.0.0.1:6379 node examples/multi-instance.mjs   (after npm run build)
import { fork } from 'node:child_process'
import { subscribe } from 'node:diagnostics_channel'
import { SieveCache } from '@warp/memory'
import { RedisCache } from '@warp/redis'
import { TieredCache } from '@warp/tiered'

const url = process.env.WARP_REDIS_URL ?? 'redis://127.0.0.1:6379'

if (process.argv[2] !== 'worker') {
  const prefix = `example-${process.pid}`
  const workers = [0, 1, 2].map((n) =>
    fork(process.argv[1], ['worker', String(n), prefix], { stdio: 'inherit' }),
  )
  const ask = (worker, message) =>
    new Promise((resolve) => {
      worker.once('message', resolve)
      worker.send(message)
    })
  await Promise.all(workers.map((w) => ask(w, { op: 'ready?' })))
  for (const [writer, value] of [
    [0, 'hello'],
    [1, 'hello again'],
  ]) {
    const waiting = workers.map((w, n) => (n === writer ? null : ask(w, { op: 'await' })))
    await ask(workers[writer], { op: 'set', value })
    await Promise.all(waiting)
    for (const w of workers) await ask(w, { op: 'get' })
  }
  for (const w of workers) await ask(w, { op: 'exit' })
} else {
  const [, , , n, prefix] = process.argv
  const cache = new TieredCache({
    l1: new SieveCache({ max: 10_000 }),
    l2: new RedisCache({ url, prefix }),
  })
  let onInvalidation = () => {}
  subscribe('warp:tiered:invalidation', ({ cache: from, latency }) => {
    if (from === cache) onInvalidation(latency)
  })
  process.on('message', async ({ op, value }) => {
    if (op === 'ready?') {
      while (!cache.busConnected) await new Promise((r) => setTimeout(r, 10))
      process.send('ready')
    } else if (op === 'await') {
      onInvalidation = (latency) => {
        console.log(`worker ${n}: invalidation received after ${latency.toFixed(2)} ms`)
        onInvalidation = () => {}
        process.send('invalidated')
      }
    } else if (op === 'set') {
      await cache.set('greeting', value)
      console.log(`worker ${n}: set greeting = ${value}`)
      process.send('done')
    } else if (op === 'get') {
      console.log(`worker ${n}: greeting = ${await cache.get('greeting')}`)
      process.send('done')
    } else if (op === 'exit') {
      await cache.clear()
      await cache.close()
      process.send('bye')
      process.disconnect()
    }
  })
}
