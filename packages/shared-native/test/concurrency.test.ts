import { afterEach, beforeEach, expect, it } from 'vitest'
import { SharedCache } from '../src/index.js'
import { tempDir, uniqueName } from './helpers/env.js'
import { runFixture } from './helpers/run.js'

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
})
afterEach(() => cleanup())

it('4 processes set disjoint keys into a 16-entry cache: size ≤ 16, every key maps to its own value', async () => {
  const name = uniqueName('writers')
  const cache = new SharedCache({ name, max: 16, dir })
  const keys = 500
  const results = await Promise.all(
    [0, 1, 2, 3].map((id) =>
      runFixture<{ sets: number }>('writer.mjs', { dir, name, max: 16, id, keys, rounds: 40 }),
    ),
  )
  expect(results.reduce((n, r) => n + r.sets, 0)).toBe(4 * keys * 40)
  expect(cache.size).toBeLessThanOrEqual(16)
  let present = 0
  for (let id = 0; id < 4; id++) {
    for (let i = 0; i < keys; i++) {
      const key = `w${id}:${i}`
      const value = cache.get(key)
      if (value === undefined) continue
      present++
      expect(value).toBe(`value-of-${key}`)
    }
  }
  expect(present).toBe(cache.size)
  const stats = cache.stats()
  expect(stats.sets).toBe(4 * keys * 40)
  expect(stats.evictions + stats.size).toBe(stats.sets - overwrites(stats))
  cache.close()
})

// Sets that replaced a live entry of the same key add neither an entry nor an eviction.
function overwrites(stats: { sets: number; evictions: number; size: number }): number {
  return stats.sets - stats.evictions - stats.size
}

it('self-verifying stress: 4 processes × mixed get/set/delete/clear on 64 entries for 5 s, zero wrong values', async () => {
  const name = uniqueName('stress')
  const seed = Math.floor(Math.random() * 2 ** 31)
  console.log(`stress seed ${seed}`)
  const cache = new SharedCache({ name, max: 64, dir, maxValueBytes: 256 })
  const results = await Promise.all(
    [0, 1, 2, 3].map((id) =>
      runFixture<{ ops: number; hits: number; bad: number; example: unknown[] }>('stress.mjs', {
        dir,
        name,
        max: 64,
        id,
        ms: 5000,
        keys: 96,
        seed: seed + id,
      }),
    ),
  )
  const ops = results.reduce((n, r) => n + r.ops, 0)
  const hits = results.reduce((n, r) => n + r.hits, 0)
  console.log(
    `stress: ${ops} ops in 5 s over 4 processes = ${Math.round(ops / 5).toLocaleString()} ops/s, ${hits} hits verified`,
  )
  for (const r of results) expect(r.example).toEqual([])
  expect(results.map((r) => r.bad)).toEqual([0, 0, 0, 0])
  expect(hits).toBeGreaterThan(1000)
  expect(cache.size).toBeLessThanOrEqual(64)
  cache.close()
})
