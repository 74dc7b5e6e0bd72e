import { type Bench, type BenchFactory, extraSubjects, hashIds, startTimer } from '../bench.js'
import { zipfStream } from '../zipf.js'
import { type RedisSubject, redisSubjects } from './redis-subjects.js'

/** Keeps results observable. */
export let sink = 0

/** The redis suite's child side: one subject, one workload, against WARP_REDIS_URL. */
export const createBench: BenchFactory = async (job, worker) => {
  const url = process.env.WARP_REDIS_URL
  if (!url)
    throw new Error(
      'the redis suite needs WARP_REDIS_URL (warp-bench starts a server when redis-server is on PATH)',
    )
  const subjects = { ...redisSubjects, ...(await extraSubjects<RedisSubject>(job)) }
  const def = subjects[job.subject]
  if (!def) throw new Error(`unknown redis subject ${job.subject}`)
  const namespace = `bench-${process.pid}-${worker.pass}`
  const ops = await def.load(url, namespace)
  const c = job.config
  const n = Number(c.keys)
  const names = Array.from({ length: n }, (_, i) => `key:${i}`)
  const value = 'v'.repeat(64)
  // Setup, not timed: every key present, so reads are hits.
  for (let i = 0; i < n; i += 1000) {
    await Promise.all(names.slice(i, i + 1000).map((k) => ops.set(k, value)))
  }
  const ids = zipfStream({ n, alpha: 1.0, length: 1 << 16, seed: job.seed })
  const stream = Array.from(ids, (id) => names[id] as string)
  let pos = 0
  const next = () => {
    const k = stream[pos] as string
    if (++pos === stream.length) pos = 0
    return k
  }
  const total = Number(c.ops)
  const smoke = async () => {
    await ops.set('smoke', 'x')
    const got = await ops.get('smoke')
    if (got !== 'x') return `get after set read ${String(got)}`
    if (c.op === 'getMany' && ops.getMany) {
      const many = await ops.getMany([names[0] as string, 'absent', 'smoke'])
      if (many[0] !== value || many[1] != null || many[2] !== 'x')
        return `getMany read ${JSON.stringify(many)}`
    }
    return undefined
  }
  const round = async () => {
    let s = 0
    const stop = startTimer()
    if (c.mode === 'seq') {
      if (c.op === 'get') for (let i = 0; i < total; i++) s += (await ops.get(next())) ? 1 : 0
      else for (let i = 0; i < total; i++) await ops.set(next(), value)
    } else if (c.mode === 'tick') {
      for (let done = 0; done < total; done += 1000) {
        const batch = new Array<Promise<unknown>>(1000)
        for (let i = 0; i < 1000; i++)
          batch[i] = c.op === 'get' ? ops.get(next()) : ops.set(next(), value)
        s += (await Promise.all(batch)).length
      }
    } else {
      const getMany = ops.getMany
      if (!getMany) throw new Error(`${job.subject} has no batch read`)
      for (let done = 0; done < total; done += 100) {
        const keys = new Array<string>(100)
        for (let i = 0; i < 100; i++) keys[i] = next()
        s += (await getMany(keys)).length
      }
    }
    const { ns, cpuNs } = stop()
    sink += s
    return { ops: total, ns, cpuNs }
  }
  const bench: Bench = {
    streamHash: hashIds(ids),
    smoke,
    round,
    close: async () => {
      await ops.close()
    },
  }
  return bench
}
