// Scratch benchmark until @warp/bench exists: Zipf(1.0) over 2,000 keys, `get` and
// `set` on a miss; each subject in its own process; median of RUNS processes.
// Usage: node bench/run.mjs [RUNS=3] [subject filter regexp]   (after `npm run build`)
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { subjects } from './subjects.mjs'

const runs = Number(process.argv[2] ?? 3)
const filter = new RegExp(process.argv[3] ?? '.')
const child = fileURLToPath(new URL('./child.mjs', import.meta.url))
const configs = [
  ['int', 256],
  ['int', 1024],
  ['string', 256],
  ['string', 1024],
]
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
const measure = (subject, keyType, max, phase) =>
  median(
    Array.from({ length: runs }, () => {
      const out = execFileSync(process.execPath, [child, subject, keyType, String(max), phase])
      return JSON.parse(out.toString()).ops
    }),
  )

const names = Object.keys(subjects).filter((s) => s !== 'Map' && filter.test(s))
const table = {}
for (const [keyType, max] of configs) {
  for (const s of names) {
    table[s] ??= {}
    table[s][`${keyType}/${max}`] = measure(s, keyType, max, 'mixed')
  }
}
const cols = configs.map(([t, m]) => `${t}/${m}`)
const base = table['lru-cache']
console.log(
  `\nZipf(1.0), 2,000 keys, get + set on miss; M ops/s (× lru-cache); median of ${runs} processes, each the best of 9 rounds`,
)
console.log(`Node ${process.version}\n`)
console.log(`| subject | ${cols.join(' | ')} |`)
console.log(`|---|${cols.map(() => '---:').join('|')}|`)
for (const s of names) {
  const cells = cols.map((c) => {
    const v = table[s][c]
    return `${(v / 1e6).toFixed(1)}${base ? ` (${(v / base[c]).toFixed(2)}×)` : ''}`
  })
  console.log(`| ${s} | ${cells.join(' | ')} |`)
}

console.log('\nPure hits (every get hits); M ops/s (× bare Map.get)\n')
console.log(`| subject | ${cols.join(' | ')} |`)
console.log(`|---|${cols.map(() => '---:').join('|')}|`)
const hitNames = ['Map', ...names]
const hit = {}
for (const s of hitNames) {
  hit[s] = {}
  for (const [keyType, max] of configs)
    hit[s][`${keyType}/${max}`] = measure(s, keyType, max, 'hit')
}
for (const s of hitNames) {
  const cells = cols.map(
    (c) => `${(hit[s][c] / 1e6).toFixed(1)} (${(hit[s][c] / hit.Map[c]).toFixed(2)}×)`,
  )
  console.log(`| ${s} | ${cells.join(' | ')} |`)
}
