// Scratch benchmark until @warp/bench exists: Zipf(1.0) over 2,000 keys, `get` and
// `set` on a miss; every subject in its own process per run, subjects interleaved
// round-robin so background load hits them alike; median over runs of each
// process's best round. Usage (after `npm run build`):
//   node bench/run.mjs [RUNS=5] [subject filter regexp]
import { execFileSync } from 'node:child_process'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { subjects } from './subjects.mjs'

const runs = Number(process.argv[2] ?? 5)
const filter = new RegExp(process.argv[3] ?? '.')
const child = fileURLToPath(new URL('./child.mjs', import.meta.url))
const configs = [
  ['int', 256],
  ['int', 1024],
  ['string', 256],
  ['string', 1024],
]
const cols = configs.map(([t, m]) => `${t}/${m}`)
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
const once = (subject, keyType, max, phase) =>
  JSON.parse(
    execFileSync(process.execPath, [child, subject, keyType, String(max), phase]).toString(),
  ).ops

function measure(names, phase) {
  const samples = {}
  for (const [keyType, max] of configs) {
    for (let r = 0; r < runs; r++) {
      for (const s of names) {
        samples[s] ??= {}
        ;(samples[s][`${keyType}/${max}`] ??= []).push(once(s, keyType, max, phase))
        process.stderr.write('.')
      }
    }
  }
  process.stderr.write('\n')
  const table = {}
  for (const s of names) {
    table[s] = {}
    for (const c of cols) table[s][c] = median(samples[s][c])
  }
  return table
}

function print(title, table, names, base) {
  console.log(`\n${title}\n`)
  console.log(`| subject | ${cols.join(' | ')} |`)
  console.log(`|---|${cols.map(() => '---:').join('|')}|`)
  for (const s of names) {
    const cells = cols.map((c) => {
      const v = table[s][c]
      return `${(v / 1e6).toFixed(1)} (${(v / table[base][c]).toFixed(2)}×)`
    })
    console.log(`| ${s} | ${cells.join(' | ')} |`)
  }
}

const names = Object.keys(subjects).filter((s) => s !== 'Map' && filter.test(s))
if (!names.includes('lru-cache')) names.push('lru-cache')
console.log(
  `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${new Date().toISOString()}`,
)
const mixed = measure(names, 'mixed')
print(
  `Zipf(1.0), 2,000 keys, get + set on a miss: M ops/s (× lru-cache); median of ${runs} processes, each the best of 9 rounds timed in process CPU time`,
  mixed,
  names,
  'lru-cache',
)
const hitNames = ['Map', ...names]
const hits = measure(hitNames, 'hit')
print(
  'Pure hits (every get hits): M ops/s (× a bare Map.get of the same keys)',
  hits,
  hitNames,
  'Map',
)
