// One subject, one configuration, in a fresh process. Prints one JSON line.
import { subjects } from './subjects.mjs'
import { zipfStream } from './zipf.mjs'

const [subject, keyType, maxText, phase] = process.argv.slice(2)
const max = Number(maxText)
const ranks = zipfStream(2000, 1.0, 1 << 18, 42)
const keys = keyType === 'int' ? Array.from(ranks) : Array.from(ranks, (r) => `key:${r}`)
const cache = await subjects[subject](max)

function mixed() {
  let hits = 0
  for (let j = 0; j < keys.length; j++) {
    const k = keys[j]
    if (cache.get(k) !== undefined) hits++
    else cache.set(k, j)
  }
  return hits
}

function hitsOnly(hot) {
  let sum = 0
  for (let j = 0; j < hot.length; j++) sum += cache.get(hot[j])
  return sum
}

let run
if (phase === 'hit') {
  const distinct = [...new Set(keys)].slice(0, max)
  for (const k of distinct) cache.set(k, 1)
  const hot = keys.filter((k) => cache.get(k) !== undefined)
  run = () => hitsOnly(hot) && hot.length
} else {
  run = () => {
    mixed()
    return keys.length
  }
}
for (let w = 0; w < 3; w++) run()
const rounds = []
for (let r = 0; r < 9; r++) {
  const t0 = process.hrtime.bigint()
  const ops = run()
  const ns = Number(process.hrtime.bigint() - t0)
  rounds.push((ops / ns) * 1e9)
}
// The best round: on a shared machine, interference only ever makes a round slower.
process.stdout.write(
  `${JSON.stringify({ subject, keyType, max, phase, ops: Math.max(...rounds) })}\n`,
)
