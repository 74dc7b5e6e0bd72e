// Heap per entry of one subject: 1M numeric keys and values, measured after GC.
// Run with --expose-gc. Counts V8 heap plus ArrayBuffer memory (typed arrays).
import { subjects } from './subjects.mjs'

const [subject, nText] = process.argv.slice(2)
const n = Number(nText ?? 1_000_000)
const used = () => {
  globalThis.gc()
  globalThis.gc()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}
const before = used()
const cache = await subjects[subject](n)
for (let i = 0; i < n; i++) cache.set(i, i)
const after = used()
if (cache.get(n - 1) !== n - 1) throw new Error(`${subject} lost the last entry`)
process.stdout.write(`${JSON.stringify({ subject, n, bytesPerEntry: (after - before) / n })}\n`)
