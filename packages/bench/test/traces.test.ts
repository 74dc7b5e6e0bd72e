import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readTextTrace } from '../src/text-trace.js'
import { readTrace, readU32Trace, sharedTracePaths, sharedTracesDir } from '../src/traces.js'

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

describe('text trace reader', () => {
  const write = (name: string, text: string | Buffer): string => {
    const file = join(dir, name)
    writeFileSync(file, text)
    return file
  }

  it('gives each distinct line a dense id in order of first appearance', () => {
    const file = write('keys.txt', '# a comment\n/a\n/b\r\n  /a  \n\n/é\n/b\n/a b\n/b')
    const t = readTextTrace(file)
    expect(t.name).toBe('keys.txt')
    // '/a' and '  /a  ' are one key; CRLF and a missing final newline do not matter; an inner
    // blank is part of the key.
    expect(Array.from(t.keys)).toEqual([0, 1, 0, 2, 1, 3, 1])
  })

  it('reads the same at any chunk size, a multi-byte character split across chunks included', () => {
    const lines: string[] = []
    for (let i = 0; i < 200; i++) lines.push(`k${i % 37}-é€😀`)
    const file = write('split.txt', `${lines.join('\n')}\n`)
    const whole = Array.from(readTextTrace(file).keys)
    expect(whole).toHaveLength(200)
    expect(new Set(whole).size).toBe(37)
    for (let chunk = 1; chunk <= 23; chunk++) {
      expect(Array.from(readTextTrace(file, chunk).keys), `chunk ${chunk}`).toEqual(whole)
    }
  })

  it('refuses a binary file and an empty one, with a TypeError that says why', () => {
    const bin = write('ids.bin', Buffer.from([1, 0, 0, 0, 2, 0, 0, 0]))
    expect(() => readTextTrace(bin)).toThrow(/looks binary.*\*\.u32/)
    expect(() => readTextTrace(bin)).toThrow(TypeError)
    const empty = write('empty.txt', '# nothing\n\n')
    expect(() => readTextTrace(empty)).toThrow(/no requests/)
  })

  it('readTrace picks the reader by extension', () => {
    const u32 = join(dir, 'two.u32')
    writeFileSync(u32, Buffer.from([7, 0, 0, 0, 7, 0, 0, 0]))
    expect(Array.from(readTrace(u32).keys)).toEqual([7, 7])
    const txt = write('two.log', '7\n8\n7\n')
    expect(Array.from(readTrace(txt).keys)).toEqual([0, 1, 0])
  })
})
