import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { InvalidOptionError, ManualClock } from '@warp/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SharedCacheOptions } from '../src/index.js'
import { MAX_TTL, SharedCache } from '../src/index.js'
import { processAgent } from './helpers/agent.js'
import { tempDir, uniqueName } from './helpers/env.js'

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
})
afterEach(() => cleanup())

/** Mounts a private tmpfs of `size` at `<dir>/<label>`; undefined when this process cannot (not root). */
function mountTmpfs(label: string, size: string): string | undefined {
  const mount = `${dir}/${label}`
  mkdirSync(mount, { mode: 0o700 })
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', mount], {
      stdio: 'ignore',
    })
    return mount
  } catch {
    return undefined
  }
}

function errorOf(fn: () => unknown): Error {
  try {
    fn()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a throw')
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).name
  }
  return undefined
}

describe('limits', () => {
  it('max of 0, negative, non-integer, > 2^30 or not a number is an InvalidOptionError (a TypeError)', () => {
    for (const max of [0, -1, 1.5, 2 ** 30 + 1, Number.NaN, Number.POSITIVE_INFINITY, '10', null]) {
      expect(() => new SharedCache({ name: 'x', dir, max: max as number }), String(max)).toThrow(
        TypeError,
      )
    }
    for (const [option, value] of [
      ['maxKeyBytes', 0],
      ['maxKeyBytes', 65_537],
      ['maxValueBytes', -1],
      ['maxValueBytes', 2 ** 26 + 1],
      ['ttl', -1],
      ['ttl', Number.NaN],
      ['lockTimeout', 0],
    ] as const) {
      expect(() => new SharedCache({ name: 'x', dir, [option]: value }), option).toThrow(TypeError)
    }
    expect(readdirSync(dir)).toEqual([])
  })

  it('an error names the option, the accepted range and the limit', () => {
    const e = errorOf(() => new SharedCache({ name: 'x', dir, maxValueBytes: 2 ** 26 + 1 }))
    expect(e).toBeInstanceOf(InvalidOptionError)
    expect((e as InvalidOptionError).option).toBe('maxValueBytes')
    expect(e.message).toContain(String(2 ** 26))
  })
  it('the options as a whole must be an object', () => {
    expect(errorOf(() => new SharedCache(undefined as never))).toBeInstanceOf(InvalidOptionError)
  })

  it('an encoded key or value over its limit is not stored, removes the older value, and is counted', () => {
    const cache = new SharedCache({
      name: uniqueName('limits'),
      dir,
      maxKeyBytes: 16,
      maxValueBytes: 32,
    })
    cache.set('k', 'small')
    cache.set('k', 'v'.repeat(32)) // 33 encoded bytes: too big
    expect(cache.get('k')).toBeUndefined()
    expect(cache.has('k')).toBe(false)
    cache.set('k'.repeat(16), 1) // 17 encoded bytes: key too big
    expect(cache.get('k'.repeat(16))).toBeUndefined()
    cache.set('ok', 'v'.repeat(31)) // exactly 32: fits
    expect(cache.get('ok')).toBe('v'.repeat(31))
    cache.set({ big: 'x'.repeat(100) } as never, 1)
    cache.set('obj', { big: 'x'.repeat(100) })
    const stats = cache.stats()
    expect(stats.oversize).toBe(4)
    expect(stats.size).toBe(1)
    expect(stats.sets).toBe(2)
    cache.close()
  })

  it('the defaults fit in a 64 MB /dev/shm (size formula in the README)', () => {
    const cache = new SharedCache({ name: uniqueName('defaults'), dir })
    expect(cache.max).toBe(10_000)
    const slot = (keyBytes: number, valueBytes: number) =>
      Math.ceil((48 + Math.ceil(keyBytes / 8) * 8 + Math.ceil(valueBytes / 8) * 8) / 64) * 64
    const buckets = (max: number) => Math.max(8, 2 ** Math.ceil(Math.log2(2 * max)))
    // The load claim table: up to 1,024 claim slots of a 64-byte header plus the key, within 1 MiB.
    const claims = (keyBytes: number) => {
      const size = Math.ceil((64 + Math.ceil(keyBytes / 8) * 8) / 64) * 64
      let count = 1024
      while (count > 16 && count * size > 2 ** 20) count /= 2
      return count * size
    }
    expect(cache.fileBytes).toBe(
      4096 + buckets(cache.max) * 8 + cache.max * slot(256, 1024) + claims(256),
    )
    expect(cache.fileBytes).toBeLessThan(64 * 1024 * 1024)
    cache.close()
    // Small limits, where the 48-byte slot header decides the rounding.
    const small = new SharedCache({
      name: uniqueName('small'),
      dir,
      max: 100,
      maxKeyBytes: 16,
      maxValueBytes: 8,
    })
    expect(small.fileBytes).toBe(4096 + buckets(100) * 8 + 100 * slot(16, 8) + claims(16))
    small.close()
  })
})

describe('misspelled and unknown options', () => {
  it('a misspelled option is refused with the closest valid name, and no file is left', () => {
    const e = errorOf(
      () =>
        new SharedCache({ name: 'typo', dir, maxValueSize: 4096 } as unknown as SharedCacheOptions),
    )
    expect(e).toBeInstanceOf(InvalidOptionError)
    expect((e as InvalidOptionError).option).toBe('maxValueSize')
    expect(e.message).toContain('did you mean "maxValueBytes"')
    expect(
      errorOf(() => new SharedCache({ name: 'typo', dir, tll: 5 } as never)).message,
    ).toContain('"ttl"')
    expect(readdirSync(dir)).toEqual([])
  })
})

describe('ttl, as in every warp cache', () => {
  it('0 and Infinity never expire; negative and NaN are refused; above 2^52 is refused stating the limit', () => {
    const clock = new ManualClock()
    const cache = new SharedCache({ name: uniqueName('ttl'), dir, max: 16, clock })
    // The rule of core's contract (SieveCache's): ttl in ms, 0 or Infinity = never.
    cache.set('zero', 1, { ttl: 0 })
    cache.set('inf', 2, { ttl: Number.POSITIVE_INFINITY })
    cache.set('short', 3, { ttl: 10 })
    clock.advance(2 ** 40)
    expect([cache.get('zero'), cache.get('inf'), cache.get('short')]).toEqual([1, 2, undefined])
    for (const bad of [-1, Number.NaN]) {
      expect(errorOf(() => cache.set('k', 1, { ttl: bad }))).toBeInstanceOf(InvalidOptionError)
    }
    const huge = errorOf(() => cache.set('k', 1, { ttl: 2 ** 53 }))
    expect(huge).toBeInstanceOf(InvalidOptionError)
    expect(huge.message).toContain(String(MAX_TTL))
    cache.set('limit', 4, { ttl: MAX_TTL })
    expect(cache.get('limit')).toBe(4)
    expect(
      new SharedCache({ name: uniqueName('inf'), dir, ttl: Number.POSITIVE_INFINITY }).ttl,
    ).toBe(0)
    cache.close()
  })
})

describe('no room', () => {
  it('E_NO_SPACE states the bytes needed, the bytes free and what to change', () => {
    const e = errorOf(
      () =>
        new SharedCache({ name: uniqueName('huge'), dir, max: 2 ** 30, maxValueBytes: 2 ** 20 }),
    )
    expect((e as { code?: string }).code).toBe('E_NO_SPACE')
    expect(e.message).toMatch(/needs \d+ bytes .* has \d+ bytes free/)
    for (const knob of ['max', 'maxValueBytes', 'dir', '--shm-size'])
      expect(e.message).toContain(knob)
  })

  it(
    process.getuid?.() === 0
      ? "defaults fit a 64 MiB tmpfs (a container's /dev/shm): new SharedCache({ name }) opens there"
      : 'defaults fit a 64 MiB tmpfs — skipped: mounting a tmpfs needs root',
    (ctx) => {
      if (process.getuid?.() !== 0) return ctx.skip()
      const mount = mountTmpfs('shm64', '64m')
      if (mount === undefined) return ctx.skip()
      try {
        const cache = new SharedCache({ name: 'defaults', dir: mount })
        expect(cache.fileBytes).toBeLessThanOrEqual(16 * 1024 * 1024)
        for (let i = 0; i < cache.max; i++) cache.set(`key-${i}`, 'v'.repeat(1000))
        expect(cache.size).toBe(cache.max)
        cache.close()
      } finally {
        execFileSync('umount', [mount])
      }
    },
  )

  it('a region larger than the file system fails at open with E_NO_SPACE and leaves no file', () => {
    const name = uniqueName('huge')
    const free = statfsFree(dir)
    // 2^30 slots of ~1 MiB: far more than any /dev/shm.
    expect(2 ** 30 * 2 ** 20).toBeGreaterThan(free)
    expect(codeOf(() => new SharedCache({ name, dir, max: 2 ** 30, maxValueBytes: 2 ** 20 }))).toBe(
      'E_NO_SPACE',
    )
    expect(readdirSync(dir)).toEqual([])
  })

  it('on a real 1 MB tmpfs: space is reserved up front, a cache that does not fit fails at open', (ctx) => {
    const mount = mountTmpfs('small', '1m')
    if (mount === undefined) {
      console.log(
        'skipped: cannot mount a tmpfs here (needs root); the statvfs check above still runs',
      )
      ctx.skip()
      return
    }
    try {
      const fits = new SharedCache({ name: 'fits', dir: mount, max: 1000, maxValueBytes: 64 })
      for (let i = 0; i < 1000; i++) fits.set(`k${i}`, 'v'.repeat(60))
      expect(fits.size).toBe(1000)
      expect(codeOf(() => new SharedCache({ name: 'too-big', dir: mount, max: 10_000 }))).toBe(
        'E_NO_SPACE',
      )
      fits.close()
      expect(readdirSync(mount)).toEqual(['fits.warp'])
    } finally {
      execFileSync('umount', [mount])
    }
  })
})

function statfsFree(path: string): number {
  const out = execFileSync('df', ['-B1', '--output=avail', path], { encoding: 'utf8' })
  return Number(out.trim().split('\n').pop())
}

describe('config mismatch', () => {
  it('a different max, key/value limit or ttl throws E_CONFIG_MISMATCH and never touches the file', async () => {
    const name = uniqueName('cfg')
    const base = { name, dir, max: 16, maxKeyBytes: 64, maxValueBytes: 128, ttl: 0 }
    const cache = new SharedCache(base)
    cache.set('kept', 'value')
    const path = `${dir}/${name}.warp`
    const before = statSync(path)
    for (const change of [{ max: 17 }, { maxKeyBytes: 65 }, { maxValueBytes: 64 }, { ttl: 1000 }]) {
      let error: unknown
      try {
        new SharedCache({ ...base, ...change })
      } catch (e) {
        error = e
      }
      expect((error as { code?: string }).code, JSON.stringify(change)).toBe('E_CONFIG_MISMATCH')
      expect((error as Error).message).toContain(Object.keys(change)[0])
    }
    // The same from another process.
    const child = await processAgent()
    try {
      await expect(
        child.call('open', { handle: 1, options: { ...base, max: 32 } }),
      ).rejects.toMatchObject({
        code: 'E_CONFIG_MISMATCH',
      })
      await child.call('open', { handle: 2, options: base })
      expect(await child.call('get', { handle: 2, key: 'kept' })).toBe('value')
    } finally {
      await child.stop()
    }
    const after = statSync(path)
    expect(after.size).toBe(before.size)
    expect(after.ino).toBe(before.ino)
    expect(cache.get('kept')).toBe('value')
    cache.close()
  })

  it('destroy removes the files; the next open creates a fresh region with the new config', () => {
    const name = uniqueName('destroy')
    const a = new SharedCache({ name, dir, max: 16 })
    a.set('k', 1)
    SharedCache.destroy(name, { dir })
    expect(existsSync(`${dir}/${name}.warp`)).toBe(false)
    // The old mapping keeps working until closed; it is no longer shared.
    expect(a.get('k')).toBe(1)
    const b = new SharedCache({ name, dir, max: 32 })
    expect(b.created).toBe(true)
    expect(b.get('k')).toBeUndefined()
    a.close()
    b.close()
    expect(() => SharedCache.destroy(name, { dir })).not.toThrow()
    expect(() => SharedCache.destroy(name, { dir })).not.toThrow()
  })
})
