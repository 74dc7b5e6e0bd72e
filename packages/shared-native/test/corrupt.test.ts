import { randomBytes } from 'node:crypto'
import {
  closeSync,
  openSync,
  readSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { seededRandom } from '@warp/core/testing'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { SharedCache } from '../src/index.js'
import { tempDir } from './helpers/env.js'

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
})
afterEach(() => cleanup())

// A short lockTimeout: damage to the lock word itself shows as E_TIMEOUT on a write.
const options = (name: string) => ({
  name,
  dir,
  max: 32,
  maxKeyBytes: 32,
  maxValueBytes: 64,
  lockTimeout: 50,
})
const KEYS = Array.from({ length: 40 }, (_, i) => `key-${i}`)
const expectedValue = (k: string) => `value-of-${k}`

function fill(name: string): string {
  const cache = new SharedCache(options(name))
  for (const k of KEYS.slice(0, 24)) cache.set(k, expectedValue(k))
  cache.close()
  return `${dir}/${name}.warp`
}

function patch(path: string, at: number, bytes: Uint8Array): void {
  const fd = openSync(path, 'r+')
  writeSync(fd, bytes, 0, bytes.length, at)
  closeSync(fd)
}

function byteAt(path: string, at: number): number {
  const b = Buffer.alloc(1)
  const fd = openSync(path, 'r')
  readSync(fd, b, 0, 1, at)
  closeSync(fd)
  return b[0] as number
}

/**
 * Opens and exercises the cache: a CacheError at open, or only right values and
 * misses (writes may time out with E_TIMEOUT when the damage hit the lock word).
 */
function openOrRefuse(name: string): 'refused' | 'opened' | 'lock damaged' {
  let cache: SharedCache
  try {
    cache = new SharedCache(options(name))
  } catch (error) {
    expect((error as Error).name).toBe('CacheError')
    expect(['E_CORRUPT', 'E_CONFIG_MISMATCH']).toContain((error as { code: string }).code)
    return 'refused'
  }
  const check = () => {
    for (const k of KEYS) {
      const v = cache.get(k)
      if (v !== undefined) expect(v).toBe(expectedValue(k))
    }
  }
  try {
    check()
    try {
      cache.set(KEYS[10] as string, expectedValue(KEYS[10] as string))
    } catch (error) {
      expect(['E_TIMEOUT', 'E_CORRUPT']).toContain((error as { code: string }).code)
      check()
      return 'lock damaged'
    }
    for (const k of KEYS.slice(10, 30)) cache.set(k, expectedValue(k))
    for (const k of KEYS.slice(0, 5)) cache.delete(k)
    for (const k of KEYS) {
      const v = cache.get(k)
      if (v !== undefined) expect(v).toBe(expectedValue(k))
    }
    expect(cache.size).toBeLessThanOrEqual(32)
  } finally {
    cache.close()
  }
  return 'opened'
}

it('truncated files are refused with E_CORRUPT', () => {
  const path = fill('trunc')
  const size = statSync(path).size
  for (const length of [size - 1, size - 4096, 4096, 100, 0]) {
    truncateSync(path, length)
    expect(openOrRefuse('trunc'), `truncated to ${length}`).toBe('refused')
  }
})

it('files of random bytes are refused', () => {
  for (const size of [10, 4096, 100_000]) {
    writeFileSync(`${dir}/random.warp`, randomBytes(size), { mode: 0o600 })
    expect(openOrRefuse('random'), `${size} random bytes`).toBe('refused')
  }
})

it('a wrong layout version is refused, naming the versions', () => {
  const path = fill('version')
  // A version from the future: the error names it and the one this build reads.
  patch(path, 8, Uint8Array.of(99, 0, 0, 0))
  expect(() => new SharedCache(options('version'))).toThrow(/layout version 99.*version \d+/)
})

it('every single flipped byte of the config header is refused', () => {
  const path = fill('flip')
  for (let at = 0; at < 104; at++) {
    const original = byteAt(path, at)
    patch(path, at, Uint8Array.of(original ^ 0x01))
    expect(openOrRefuse('flip'), `byte ${at}`).toBe('refused')
    patch(path, at, Uint8Array.of(original))
  }
  expect(openOrRefuse('flip')).toBe('opened')
})

it('fuzz: random damage anywhere (state, sequence, table, slots) never crashes or returns a wrong value', () => {
  const seed = Math.floor(Math.random() * 2 ** 31)
  console.log(`corruption fuzz seed ${seed}`)
  const random = seededRandom(seed)
  const outcomes: Record<string, number> = {}
  for (let round = 0; round < 60; round++) {
    const name = `fuzz${round % 3}`
    const path = fill(name)
    const size = statSync(path).size
    for (let n = 0; n < 1 + Math.floor(random() * 40); n++) {
      // Half the hits go to the header page (lock, sequence, table state, counters).
      const at = random() < 0.5 ? Math.floor(random() * 4096) : Math.floor(random() * size)
      patch(path, at, Uint8Array.of(Math.floor(random() * 256)))
    }
    const outcome = openOrRefuse(name)
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
    SharedCache.destroy(name, { dir })
  }
  console.log(`fuzz outcomes over 60 damaged files: ${JSON.stringify(outcomes)}`)
})
