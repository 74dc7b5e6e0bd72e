// Counts young-generation GCs while the codec's hot path runs 2 million times, next
// to a baseline that allocates exactly the output. Equal counts mean the codec
// allocates nothing but its result. A measurement, not a test.
// Run from the repo root after `npm run build -w @warp/core`:
//   node packages/core/test/codec/allocations.mjs
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const cases = {
  'decodeValue(int32)': 'decodeValue(encodedInt)',
  'baseline: nothing': 'undefined',
  'encodeValue(int32)': 'encodeValue(i)',
  'baseline: new Uint8Array(5)': 'new Uint8Array(5)',
  'encodeValue(18-char string)': "encodeValue('user:12345:profile')",
  'baseline: new Uint8Array(19)': 'new Uint8Array(19)',
  'decodeValue(18-char string)': 'decodeValue(encodedString)',
  'baseline: latin1 slice of 18 bytes': 'Buffer.prototype.latin1Slice.call(encodedString, 1, 19)',
}

if (process.argv[2]) {
  const { decodeValue, encodeValue } = await import('@warp/core')
  const encodedInt = encodeValue(4242)
  const encodedString = encodeValue('user:12345:profile')
  const run = new Function(
    'decodeValue',
    'encodeValue',
    'encodedInt',
    'encodedString',
    `
    let sink
    for (let i = 0; i < 2e6; i++) sink = ${cases[process.argv[2]]}
    return sink`,
  )
  globalThis.sink = run(decodeValue, encodeValue, encodedInt, encodedString)
} else {
  const self = fileURLToPath(import.meta.url)
  console.log('| case | scavenges |\n|---|---|')
  for (const name of Object.keys(cases)) {
    const trace = execFileSync(process.execPath, ['--trace-gc', self, name], { encoding: 'utf8' })
    console.log(`| ${name} | ${trace.split('\n').filter((l) => l.includes('Scavenge')).length} |`)
  }
}
