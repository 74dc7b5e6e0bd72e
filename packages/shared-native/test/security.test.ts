import {
  chmodSync,
  chownSync,
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { SharedCache } from '../src/index.js'
import { tempDir, uniqueName } from './helpers/env.js'

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
})
afterEach(() => cleanup())

function errorOf(fn: () => unknown): { code?: string; message: string; name: string } {
  try {
    fn()
  } catch (error) {
    return error as { code?: string; message: string; name: string }
  }
  throw new Error('expected an error')
}

const isRoot = process.getuid?.() === 0

it('the directory is 0700 and the file 0600 even under umask 000', () => {
  const previous = process.umask(0)
  try {
    const sub = `${dir}/fresh`
    const cache = new SharedCache({ name: 'private', dir: sub, max: 8 })
    expect(statSync(sub).mode & 0o777).toBe(0o700)
    expect(statSync(`${sub}/private.warp`).mode & 0o777).toBe(0o600)
    cache.close()
  } finally {
    process.umask(previous)
  }
})

it('a directory open to group or others is refused with E_PERMISSION', () => {
  for (const mode of [0o750, 0o705, 0o777]) {
    const sub = `${dir}/open-${mode.toString(8)}`
    mkdirSync(sub)
    chmodSync(sub, mode)
    const e = errorOf(() => new SharedCache({ name: 'x', dir: sub, max: 8 }))
    expect(e.code, mode.toString(8)).toBe('E_PERMISSION')
    expect(e.message).toContain('chmod 700')
    expect(readdirSync(sub)).toEqual([])
  }
})

it('a directory or file owned by another user is refused', (ctx) => {
  if (!isRoot) {
    console.log('skipped: needs root to chown to another user')
    ctx.skip()
    return
  }
  const sub = `${dir}/theirs`
  mkdirSync(sub, { mode: 0o700 })
  chownSync(sub, 65534, 65534)
  expect(errorOf(() => new SharedCache({ name: 'x', dir: sub, max: 8 })).code).toBe('E_PERMISSION')
  const name = uniqueName('owned')
  new SharedCache({ name, dir, max: 8 }).close()
  chownSync(`${dir}/${name}.warp`, 65534, 65534)
  expect(errorOf(() => new SharedCache({ name, dir, max: 8 })).code).toBe('E_PERMISSION')
})

it('a cache file readable by group or others is refused', () => {
  const name = uniqueName('readable')
  new SharedCache({ name, dir, max: 8 }).close()
  chmodSync(`${dir}/${name}.warp`, 0o644)
  expect(errorOf(() => new SharedCache({ name, dir, max: 8 })).code).toBe('E_PERMISSION')
})

it('a symlink where the directory or the file should be is refused', () => {
  const real = `${dir}/real`
  mkdirSync(real, { mode: 0o700 })
  symlinkSync(real, `${dir}/link`)
  for (const path of [`${dir}/link`, `${dir}/link/`, `${dir}/link//`]) {
    expect(errorOf(() => new SharedCache({ name: 'x', dir: path, max: 8 })).code, path).toBe(
      'E_PERMISSION',
    )
  }
  // A symlink planted under the cache's file name, pointing at a file of ours.
  const victim = `${dir}/victim`
  writeFileSync(victim, 'precious', { mode: 0o600 })
  symlinkSync(victim, `${dir}/planted.warp`)
  expect(errorOf(() => new SharedCache({ name: 'planted', dir, max: 8 })).code).toBe('E_PERMISSION')
  expect(readFileSync(victim, 'utf8')).toBe('precious')
  // A dangling one too: it must not be followed to create a file elsewhere.
  symlinkSync(`${dir}/elsewhere`, `${dir}/dangling.warp`)
  expect(errorOf(() => new SharedCache({ name: 'dangling', dir, max: 8 })).code).toBe(
    'E_PERMISSION',
  )
  expect(readdirSync(dir).sort()).toEqual([
    'dangling.warp',
    'link',
    'planted.warp',
    'real',
    'victim',
  ])
})

it('names outside [A-Za-z0-9._-]{1,64} are rejected: no path traversal', () => {
  for (const name of [
    '',
    '.',
    '..',
    '../escape',
    'a/b',
    '/abs',
    'a b',
    'é',
    'x'.repeat(65),
    'nul\0',
  ]) {
    const e = errorOf(() => new SharedCache({ name, dir: `${dir}/inner`, max: 8 }))
    expect(e.name, JSON.stringify(name)).toBe('InvalidOptionError')
    expect(e.code).toBe('E_INVALID_OPTION')
    expect(() => SharedCache.destroy(name, { dir })).toThrow(/"name" must match/)
  }
  expect(readdirSync(dir)).toEqual([])
  new SharedCache({ name: 'A-z_0.9', dir, max: 8 }).close()
  new SharedCache({ name: 'x'.repeat(64), dir, max: 8 }).close()
})

it('every region gets its own random hash seed', () => {
  const seeds = ['s1', 's2', 's3'].map((name) => {
    new SharedCache({ name, dir, max: 8 }).close()
    const header = readFileSync(`${dir}/${name}.warp`).subarray(0, 128)
    // ConfigBlock: seed0 at byte 96, seed1 at byte 104 (see layout.h).
    return header.subarray(96, 112).toString('hex')
  })
  expect(new Set(seeds).size).toBe(3)
  for (const s of seeds) expect(s).not.toBe('0'.repeat(32))
})

it('a planted regular file owned by us but not a cache is refused, not overwritten', () => {
  const fd = openSync(`${dir}/notes.warp`, 'w', 0o600)
  closeSync(fd)
  writeFileSync(`${dir}/notes.warp`, 'my notes')
  expect(errorOf(() => new SharedCache({ name: 'notes', dir, max: 8 })).code).toBe('E_CORRUPT')
  expect(readFileSync(`${dir}/notes.warp`, 'utf8')).toBe('my notes')
})
