import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SieveCache } from '../src/index.js'
import { readTrace, sharedDir } from './support/shared-dir.js'

interface Expected {
  sizes: number[]
  traces: Record<string, { requests: number; sieve: Record<string, number> }>
}

const shared = sharedDir()
if (!shared) {
  console.warn(
    '[memory] SKIPPED trace oracle: <repo root>/../shared/traces/expected-hits.json is absent ' +
      '(it exists in CI and on project machines, not in a clone)',
  )
}

describe.skipIf(!shared)('exact SIEVE: hit counts of ../shared/traces/expected-hits.json', () => {
  const dir = join(shared ?? '', 'traces')
  const expected: Expected = shared
    ? JSON.parse(readFileSync(join(dir, 'expected-hits.json'), 'utf8'))
    : { sizes: [], traces: {} }

  for (const [name, trace] of Object.entries(expected.traces)) {
    it(`${name}: every size reproduces the sieve count to the hit`, () => {
      const keys = readTrace(join(dir, name))
      expect(keys.length).toBe(trace.requests)
      const got: Record<string, number> = {}
      for (const size of expected.sizes) {
        const cache = new SieveCache<number, number>({ max: size })
        let hits = 0
        for (let j = 0; j < keys.length; j++) {
          const k = keys[j]!
          if (cache.get(k) !== undefined) hits++
          else cache.set(k, j)
        }
        expect(cache.stats().hits).toBe(hits)
        got[size] = hits
      }
      expect(got).toEqual(trace.sieve)
    })
  }
})
