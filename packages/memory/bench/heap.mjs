// Heap per entry at 1M entries (numeric keys and values), each subject in its own process.
// Usage: node bench/heap.mjs   (after `npm run build`)
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const child = fileURLToPath(new URL('./heap-child.mjs', import.meta.url))
const names = [
  'warp SieveCache',
  'warp LRUCache',
  'lru-cache',
  'mnemonist LRUMap',
  'lru.min',
  '@neophi/sieve-cache',
]
console.log('| subject | bytes per entry (1M entries) |\n|---|---:|')
for (const s of names) {
  const out = execFileSync(process.execPath, ['--expose-gc', child, s, '1000000'])
  console.log(`| ${s} | ${JSON.parse(out.toString()).bytesPerEntry.toFixed(1)} |`)
}
