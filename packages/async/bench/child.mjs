// Runs one subject on one workload in its own process and prints one JSON line.
// Usage: node bench/child.mjs <subject> <hit|coalesce>
import { subjects } from './subjects.mjs'

const [name, workload] = process.argv.slice(2)
const make = subjects[name]
if (!make) throw new Error(`unknown subject ${name}`)

const KEYS = 1000
const keys = Array.from({ length: KEYS }, (_, i) => `user:${(i * 7919) % 100_003}`)
// The same key stream for every subject: a fixed permutation walk, built before timing.
const stream = Array.from({ length: 1 << 16 }, (_, i) => keys[(i * 613) % KEYS])

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]

async function hit() {
  const memo = make(async (key) => key.length)
  for (const k of keys) await memo(k) // fill: not timed
  const OPS = 500_000
  const mask = stream.length - 1
  const rates = []
  for (let round = 0; round < 7; round++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < OPS; i++) await memo(stream[i & mask])
    const ns = Number(process.hrtime.bigint() - start)
    if (round >= 2) rates.push(OPS / (ns / 1e9)) // first rounds are warm-up
  }
  return { opsPerSec: median(rates) }
}

async function coalesce() {
  const CALLERS = 1000
  const HOT = 10
  const callKeys = Array.from({ length: CALLERS }, (_, i) => keys[i % HOT])
  const times = []
  const calls = []
  for (let round = 0; round < 60; round++) {
    let loaderCalls = 0
    const memo = make(async (key) => {
      loaderCalls++
      await new Promise((resolve) => setImmediate(resolve)) // one trip through the event loop
      return key.length
    })
    const start = process.hrtime.bigint()
    await Promise.all(callKeys.map((k) => memo(k)))
    const ns = Number(process.hrtime.bigint() - start)
    if (round >= 10) {
      times.push(ns / 1e6)
      calls.push(loaderCalls)
    }
  }
  return { ms: median(times), loaderCalls: Math.max(...calls) }
}

const result = workload === 'hit' ? await hit() : await coalesce()
process.stdout.write(`${JSON.stringify({ name, workload, ...result })}\n`)
