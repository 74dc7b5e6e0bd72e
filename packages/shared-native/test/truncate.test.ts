// Another process truncates a live region file while readers and writers in other
// real processes use it. Nobody may die of SIGBUS: each call answers or throws
// CacheError E_CORRUPT.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { SharedCache } from '../src/index.js'
import { bundle, childEnv, root, tempDir, uniqueName } from './helpers/env.js'

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
})
afterEach(() => cleanup())

interface Counts {
  answered: number
  corrupt: number
  other: string[]
}

function start(args: object): {
  child: ChildProcess
  ready: Promise<void>
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; counts: Counts | undefined }>
} {
  const child = spawn(
    process.execPath,
    [`${root}/test/fixtures/truncate-worker.mjs`, JSON.stringify(args)],
    {
      env: { ...childEnv, WARP_TEST_BUNDLE: bundle },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  let out = ''
  let markReady: () => void = () => {}
  const ready = new Promise<void>((resolve) => {
    markReady = resolve
  })
  child.stdout?.on('data', (d) => {
    out += d
    if (out.includes('ready\n')) markReady()
  })
  const done = new Promise<{
    code: number | null
    signal: NodeJS.Signals | null
    counts: Counts | undefined
  }>((resolve) => {
    child.on('exit', (code, signal) => {
      markReady()
      const last = out.trim().split('\n').pop() ?? ''
      let counts: Counts | undefined
      try {
        counts = JSON.parse(last) as Counts
      } catch {
        counts = undefined
      }
      resolve({ code, signal, counts })
    })
  })
  return { child, ready, done }
}

const sizes = [
  { label: 'to 0 bytes', size: () => 0 },
  { label: 'to one page', size: () => 4096 },
  { label: 'to half its size', size: (full: number) => Math.floor(full / 2) },
]

for (const { label, size } of sizes) {
  it(`a region truncated ${label} by another process: no signal, every call answers or gives E_CORRUPT`, async () => {
    const name = uniqueName('trunc')
    const options = { name, dir, max: 2000, maxValueBytes: 256, keys: 3000 }
    const seed = new SharedCache({
      name,
      dir,
      max: options.max,
      maxValueBytes: options.maxValueBytes,
    })
    for (let i = 0; i < options.keys; i++) seed.set(`key-${i}`, `value-${i}`)
    const full = seed.fileBytes
    const workers = [
      start({ ...options, role: 'reader' }),
      start({ ...options, role: 'reader' }),
      start({ ...options, role: 'writer' }),
    ]
    await Promise.all(workers.map((w) => w.ready))
    const cut = spawnSync(process.execPath, [
      '-e',
      `require('node:fs').truncateSync(${JSON.stringify(seed.path)}, ${size(full)})`,
    ])
    expect(cut.status).toBe(0)
    expect(statSync(seed.path).size).toBe(size(full))
    // Let every worker run a good while on the shrunken file, then stop them.
    await new Promise((resolve) => setTimeout(resolve, 300))
    // This process has the region mapped too.
    let mine: unknown
    try {
      for (let i = 0; i < options.keys; i++) seed.get(`key-${i}`)
      seed.set('key-1', 'again')
      mine = 'answered'
    } catch (error) {
      mine = (error as { code?: string }).code
    }
    for (const w of workers) w.child.stdin?.end('stop\n')
    const results = await Promise.all(workers.map((w) => w.done))
    for (const r of results) {
      expect(r.signal).toBeNull()
      expect(r.code).toBe(0)
      expect(r.counts?.other).toEqual([])
      expect((r.counts?.answered ?? 0) + (r.counts?.corrupt ?? 0)).toBeGreaterThan(0)
    }
    if (size(full) === 0) {
      expect(mine).toBe('E_CORRUPT')
      for (const r of results) expect(r.counts?.corrupt).toBeGreaterThan(0)
    } else {
      expect(['answered', 'E_CORRUPT']).toContain(mine)
    }
    // A retired handle stays retired and closes cleanly.
    seed.close()
    seed.close()
  }, 60_000)
}
