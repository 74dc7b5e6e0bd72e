// Scratch benchmark: SharedCache vs lmdb (the fastest embedded cross-process store
// for Node) on the same 2,000 string keys with string values of at most 64 bytes.
// Not a test: nothing is asserted. Run after `npm run build`:
//   node bench/lmdb-compare.mjs
// (The official `shared` suite lives in @warp/bench.)
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'

const self = fileURLToPath(import.meta.url)
const KEYS = 2000
const keys = Array.from({ length: KEYS }, (_, i) => `user:${i}:${(i * 2654435761) % 1e9}`)
const values = keys.map((k, i) => `v${i}|${k}|${'x'.repeat(i % 24)}`.slice(0, 64))

async function openShared(dir) {
  const { SharedCache } = await import('../dist/index.js')
  return new SharedCache({ name: 'bench', dir, max: 4096, maxKeyBytes: 64, maxValueBytes: 64 })
}
async function openLmdb(dir) {
  const { open } = await import('lmdb')
  return open({ path: `${dir}/lmdb`, compression: false })
}

function rate(ms, n) {
  return (n / ms) * 1000
}

function timeLoop(fn, n) {
  fn(Math.min(n, 200_000)) // warm-up, not timed
  const t0 = performance.now()
  fn(n)
  return rate(performance.now() - t0, n)
}

// Gets for `ms` milliseconds in this process; returns ops/s.
function readFor(get, ms) {
  let n = 0
  let sink = 0
  const end = performance.now() + ms
  const t0 = performance.now()
  while (performance.now() < end) {
    for (let i = 0; i < 4096; i++) sink += get(keys[(n + i) % KEYS]).length
    n += 4096
  }
  if (sink === 0) console.log('')
  return rate(performance.now() - t0, n)
}

async function child() {
  const { subject, dir, ms, startAt } = JSON.parse(process.argv[3])
  // 'control': a private Map, no shared memory: how well this machine runs two
  // processes at once at all (other load, SMT siblings, CPU quotas).
  const store =
    subject === 'shared'
      ? await openShared(dir)
      : subject === 'lmdb'
        ? await openLmdb(dir)
        : new Map(keys.map((k, i) => [k, values[i]]))
  const get = (k) => store.get(k)
  readFor(get, 200) // warm-up
  while (Date.now() < startAt) {}
  process.send({ opsPerSec: readFor(get, ms) })
}

function spawnReader(args) {
  return new Promise((resolve, reject) => {
    const c = fork(self, ['child', JSON.stringify(args)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    c.on('message', (m) => resolve(m.opsPerSec))
    c.on('error', reject)
  })
}

async function readers(subject, dir, count) {
  const startAt = Date.now() + 1000
  const rates = await Promise.all(
    Array.from({ length: count }, () => spawnReader({ subject, dir, ms: 1000, startAt })),
  )
  return rates.reduce((a, b) => a + b, 0)
}

async function main() {
  const dir = mkdtempSync('/dev/shm/warp-bench-')
  try {
    const shared = await openShared(dir)
    const lmdb = await openLmdb(dir)
    const sharedSet = timeLoop((n) => {
      for (let i = 0; i < n; i++) shared.set(keys[i % KEYS], values[i % KEYS])
    }, 2_000_000)
    const lmdbPut = timeLoop((n) => {
      for (let i = 0; i < n; i++) lmdb.putSync(keys[i % KEYS], values[i % KEYS])
    }, 100_000)
    const sharedGet = timeLoop((n) => {
      for (let i = 0; i < n; i++) shared.get(keys[i % KEYS])
    }, 5_000_000)
    const lmdbGet = timeLoop((n) => {
      for (let i = 0; i < n; i++) lmdb.get(keys[i % KEYS])
    }, 2_000_000)
    // Reader scaling is at the mercy of whatever else the machine runs: interleave
    // the four configurations, three rounds, and keep each one's best.
    let [oneReader, twoReaders, oneControl, twoControl] = [0, 0, 0, 0]
    for (let round = 0; round < 3; round++) {
      oneReader = Math.max(oneReader, await readers('shared', dir, 1))
      twoReaders = Math.max(twoReaders, await readers('shared', dir, 2))
      oneControl = Math.max(oneControl, await readers('control', dir, 1))
      twoControl = Math.max(twoControl, await readers('control', dir, 2))
    }
    const m = (x) => `${(x / 1e6).toFixed(2)} M/s`
    console.log(
      `date ${new Date().toISOString()}, node ${process.version}, ${cpus().length}× ${cpus()[0]?.model}`,
    )
    console.log('| operation | SharedCache | lmdb | ratio |')
    console.log('|---|---|---|---|')
    console.log(
      `| get (hit) | ${m(sharedGet)} | ${m(lmdbGet)} | ${(sharedGet / lmdbGet).toFixed(1)}× |`,
    )
    console.log(
      `| set / putSync | ${m(sharedSet)} | ${m(lmdbPut)} | ${(sharedSet / lmdbPut).toFixed(1)}× |`,
    )
    console.log(
      `| get, 2 reader processes vs 1 (best of 3) | ${m(twoReaders)} vs ${m(oneReader)} | | ${(twoReaders / oneReader).toFixed(2)}× |`,
    )
    console.log(
      `| control: private Map, 2 processes vs 1 (best of 3) | ${m(twoControl)} vs ${m(oneControl)} | | ${(twoControl / oneControl).toFixed(2)}× |`,
    )
    shared.close()
    await lmdb.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === 'child') await child()
else await main()
