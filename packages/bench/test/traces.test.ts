import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readU32Trace, sharedTracePaths, sharedTracesDir } from '../src/traces.js'

const dir = mkdtempSync(join(tmpdir(), 'warp-bench-trace-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('.u32 trace reader', () => {
  it('reads little-endian uint32 ids, including ids ≥ 2^31', () => {
    const ids = [0, 1, 2, 1, 0x7fffffff, 0x80000000, 0xffffffff, 258]
    const buf = Buffer.alloc(ids.length * 4)
    for (const [i, v] of ids.entries()) buf.writeUInt32LE(v, i * 4)
    const file = join(dir, 'small.u32')
    writeFileSync(file, buf)
    const t = readU32Trace(file)
    expect(t.name).toBe('small.u32')
    expect(Array.from(t.keys)).toEqual(ids)
  })

  it('rejects a file whose length is not a multiple of 4', () => {
    const file = join(dir, 'bad.u32')
    writeFileSync(file, Buffer.from([1, 2, 3, 4, 5]))
    expect(() => readU32Trace(file)).toThrow(TypeError)
  })

  it('reads the shared traces in place (when ../shared/traces exists)', (ctx) => {
    const tdir = sharedTracesDir()
    if (!tdir) {
      console.warn('skipped: ../shared/traces is not beside this checkout')
      ctx.skip()
      return
    }
    const expected = JSON.parse(readFileSync(join(tdir, 'expected-hits.json'), 'utf8')) as {
      traces: Record<string, { requests: number; unique: number }>
    }
    const paths = sharedTracePaths()
    expect(paths.length).toBeGreaterThan(0)
    for (const p of paths.slice(0, 3)) {
      const t = readU32Trace(p)
      const e = expected.traces[t.name]!
      expect(t.keys.length).toBe(e.requests)
      expect(new Set(t.keys).size).toBe(e.unique)
    }
  })
})
