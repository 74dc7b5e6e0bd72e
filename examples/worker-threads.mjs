// worker_threads sharing one SharedCache: each worker opens the cache by name and sees the
// entries the others wrote (shared memory, no messages). Exits by itself.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isMainThread, Worker, workerData } from 'node:worker_threads'
import { SharedCache } from '@warp/shared-native'

const WORKERS = 4
const PER_WORKER = 100

if (isMainThread) {
  const dir = mkdtempSync(join(tmpdir(), 'warp-workers-'))
  const cache = new SharedCache({ name: 'squares', dir, max: 1000 })
  try {
    await Promise.all(
      Array.from({ length: WORKERS }, (_, index) => {
        const w = new Worker(new URL(import.meta.url), { workerData: { dir, index } })
        return new Promise((resolve, reject) => {
          w.on('error', reject)
          w.on('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`)),
          )
        })
      }),
    )
    // Every worker's writes are visible here.
    let found = 0
    for (let n = 0; n < WORKERS * PER_WORKER; n++) if (cache.get(`sq:${n}`) === n * n) found++
    console.log(
      `main thread sees ${found} of ${WORKERS * PER_WORKER} squares written by ${WORKERS} workers`,
    )
    if (found !== WORKERS * PER_WORKER) throw new Error('missing entries')
  } finally {
    cache.close()
    rmSync(dir, { recursive: true, force: true })
  }
} else {
  const { dir, index } = workerData
  const cache = new SharedCache({ name: 'squares', dir, max: 1000 })
  for (let i = 0; i < PER_WORKER; i++) {
    const n = index * PER_WORKER + i
    cache.set(`sq:${n}`, n * n)
  }
  cache.close()
}
