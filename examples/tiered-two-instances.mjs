// Two processes, each with its own TieredCache (an in-process L1 over one Redis, its own
// connections): a set in one process drops the key from the other's L1 through a pub/sub
// invalidation, so the other's next read goes to Redis and gets the new value. Prints what each
// process sees and where each read was answered; exits 1 if a read returns a stale value.
//   WARP_REDIS_URL=redis://127.0.0.1:6379 node examples/tiered-two-instances.mjs   (after npm run build)
import { fork } from 'node:child_process'
import { subscribe } from 'node:diagnostics_channel'
import { SieveCache } from '@warp/memory'
import { RedisCache } from '@warp/redis'
import { TieredCache } from '@warp/tiered'

const url = process.env.WARP_REDIS_URL ?? 'redis://127.0.0.1:6379'

if (process.argv[2] !== 'instance') {
  const prefix = `example-two-instances-${process.pid}`
  const instances = ['a', 'b'].map((name) =>
    fork(process.argv[1], ['instance', name, prefix], { stdio: 'inherit' }),
  )
  const [a, b] = instances
  const ask = (instance, message) =>
    new Promise((resolve, reject) => {
      const exited = (code) => reject(new Error(`an instance exited with code ${code}`))
      instance.once('exit', exited)
      instance.once('message', (reply) => {
        instance.off('exit', exited)
        resolve(reply)
      })
      instance.send(message)
    })
  const expectRead = async (instance, expected) => {
    const { value } = await ask(instance, { op: 'get' })
    if (value !== expected) throw new Error(`read ${value}, expected ${expected}: a stale value`)
  }
  try {
    await Promise.all(instances.map((i) => ask(i, { op: 'ready?' })))
    for (const [writer, reader, value, before] of [
      [a, b, 'hello', undefined], // b: a miss in both tiers
      [b, a, 'hello again', 'hello'], // a: its L1 copy of the previous value
    ]) {
      await expectRead(reader, before)
      await ask(reader, { op: 'arm' })
      await ask(writer, { op: 'set', value })
      await ask(reader, { op: 'await invalidation' })
      await expectRead(reader, value) // the L1 copy was dropped: read from Redis
      await expectRead(reader, value) // now from L1
      await expectRead(writer, value) // the writer's own L1 (read-your-writes)
    }
  } finally {
    await Promise.all(instances.map((i) => ask(i, { op: 'exit' }).catch(() => undefined)))
  }
} else {
  const [, , , name, prefix] = process.argv
  // Each instance opens its own Redis connection (and a subscriber duplicated from it).
  const cache = new TieredCache({
    l1: new SieveCache({ max: 10_000 }),
    l2: new RedisCache({ url, prefix }),
  })
  const log = (line) => console.log(`${name}: ${line}`)
  let tier = 'neither tier'
  subscribe('warp:tiered:hit', (m) => {
    if (m.cache === cache) tier = m.tier === 'l1' ? 'L1' : 'L2 (Redis), now copied into L1'
  })
  let onInvalidation = () => {}
  let invalidation
  subscribe('warp:tiered:invalidation', (m) => {
    if (m.cache === cache) onInvalidation(m)
  })
  process.on('message', async ({ op, value }) => {
    if (op === 'ready?') {
      while (!cache.busConnected) await new Promise((r) => setTimeout(r, 10))
      process.send('ready')
    } else if (op === 'arm') {
      invalidation = new Promise((resolve) => {
        onInvalidation = (message) => {
          onInvalidation = () => {}
          resolve(message)
        }
      })
      process.send('armed')
    } else if (op === 'await invalidation') {
      const { keys, latency } = await invalidation
      log(`invalidation received ${latency.toFixed(2)} ms after the write: drops ${keys} from L1`)
      process.send('invalidated')
    } else if (op === 'set') {
      await cache.set('greeting', value)
      log(`set greeting = ${value} (Redis, this L1, then an invalidation)`)
      process.send('done')
    } else if (op === 'get') {
      tier = 'neither tier'
      const got = await cache.get('greeting')
      log(`greeting = ${got} (from ${tier})`)
      process.send({ value: got })
    } else if (op === 'exit') {
      const { l1Hits, l2Hits, invalidationsReceived } = await cache.stats()
      log(
        `stats: ${l1Hits} L1 hits, ${l2Hits} L2 hits, ${invalidationsReceived} invalidations received`,
      )
      await cache.clear()
      await cache.close()
      process.send('bye')
      process.disconnect()
    }
  })
}
