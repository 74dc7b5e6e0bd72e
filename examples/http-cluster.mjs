// An HTTP server whose cluster workers share memoizeAsync over one SharedCache: a value computed
// by one worker is served by the others without recomputing. The primary sends a bounded number
// of requests to 127.0.0.1, prints what it saw, and shuts everything down by itself.
import cluster from 'node:cluster'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { memoizeAsync } from '@warp/async'
import { SharedCache } from '@warp/shared-native'

const WORKERS = 2
const REQUESTS = 40

if (cluster.isPrimary) {
  const dir = mkdtempSync(join(tmpdir(), 'warp-cluster-'))
  const workers = Array.from({ length: WORKERS }, () => cluster.fork({ WARP_EXAMPLE_DIR: dir }))
  const ports = await Promise.all(
    workers.map((w) => new Promise((resolve) => w.on('message', (m) => m.port && resolve(m.port)))),
  )
  try {
    const seen = new Map()
    for (let i = 0; i < REQUESTS; i++) {
      const port = ports[i % ports.length]
      const res = await fetch(`http://127.0.0.1:${port}/report/${i % 4}`, {
        signal: AbortSignal.timeout(30_000),
      })
      const body = await res.json()
      seen.set(body.computedBy, (seen.get(body.computedBy) ?? 0) + 1)
    }
    // 4 distinct reports: each is computed once by some worker, then served from the shared cache.
    const computations = await Promise.all(
      workers.map((w) => {
        w.send('count')
        return new Promise((resolve) =>
          w.on('message', (m) => m.computed !== undefined && resolve(m.computed)),
        )
      }),
    )
    const total = computations.reduce((a, b) => a + b, 0)
    console.log(
      `${REQUESTS} requests over ${WORKERS} workers: ${total} computations, answers by pid:`,
      Object.fromEntries(seen),
    )
    if (total !== 4) throw new Error(`expected 4 computations across the cluster, got ${total}`)
  } finally {
    for (const w of workers) w.kill()
    rmSync(dir, { recursive: true, force: true })
  }
} else {
  const cache = new SharedCache({
    name: 'reports',
    dir: process.env.WARP_EXAMPLE_DIR,
    max: 1000,
    maxValueBytes: 4096,
  })
  let computed = 0
  const report = memoizeAsync(
    async (id) => {
      computed++
      return { id, computedBy: process.pid }
    },
    { backend: cache },
  )
  const server = createServer(async (req, res) => {
    const id = Number(req.url.split('/').pop())
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify(await report(id)))
  })
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }))
  process.on('message', (m) => m === 'count' && process.send({ computed }))
}
