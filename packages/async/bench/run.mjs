// Scratch benchmark of @warp/async against p-memoize and async-cache-dedupe.
// Build first (`npm run build -w @warp/core -w @warp/memory -w @warp/async`), then
// `node packages/async/bench/run.mjs`. Each subject runs in its own child process.
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { subjects } from './subjects.mjs'

const child = fileURLToPath(new URL('./child.mjs', import.meta.url))
const run = (name, workload) =>
  JSON.parse(execFileSync(process.execPath, [child, name, workload], { encoding: 'utf8' }))

// Three passes, the order rotated each pass, so drift on a busy machine hits every subject alike.
const names = Object.keys(subjects)
const samples = new Map(names.map((name) => [name, { hit: [], coalesce: [] }]))
for (let pass = 0; pass < 3; pass++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + pass) % names.length]
    samples.get(name).hit.push(run(name, 'hit'))
    samples.get(name).coalesce.push(run(name, 'coalesce'))
  }
}
const mid = (list, field) => list.map((r) => r[field]).sort((a, b) => a - b)[list.length >> 1]
const rows = names.map((name) => {
  const s = samples.get(name)
  return {
    name,
    hit: { opsPerSec: mid(s.hit, 'opsPerSec') },
    coalesce: {
      ms: mid(s.coalesce, 'ms'),
      loaderCalls: Math.max(...s.coalesce.map((r) => r.loaderCalls)),
    },
  }
})

const fmt = (n) => Math.round(n).toLocaleString('en-US')
const warp = rows[0]
const peers = rows.filter((r) => !r.name.startsWith('warp'))
const fastestPeer = Math.max(...peers.map((r) => r.hit.opsPerSec))

console.log(
  `date ${new Date().toISOString()} · node ${process.version} · ${os.cpus()[0]?.model} ×${os.cpus().length}`,
)
console.log(
  'median of 3 passes, each subject in its own process. hit: 1,000 cached keys, `await memo(key)` in a loop; coalesce: 1,000 concurrent callers over 10 keys on an empty cache, the loader takes one event-loop turn\n',
)
console.log(
  '| subject | hits/s | hits vs warp | coalesce: loader calls | coalesce: time (ms, median) |',
)
console.log('|---|---:|---:|---:|---:|')
for (const r of rows) {
  console.log(
    `| ${r.name} | ${fmt(r.hit.opsPerSec)} | ${(r.hit.opsPerSec / warp.hit.opsPerSec).toFixed(2)}× | ${r.coalesce.loaderCalls} | ${r.coalesce.ms.toFixed(2)} |`,
  )
}
console.log(
  `\nwarp memoizeAsync hits ÷ fastest peer: ${(warp.hit.opsPerSec / fastestPeer).toFixed(2)}× (target ≥ 2×)`,
)
