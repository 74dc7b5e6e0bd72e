import { InvalidOptionError } from '@warp/core'
import { describe, expect, it } from 'vitest'
import { createAsyncCache } from '../src/index.js'

const invalid = (make: () => unknown) => {
  try {
    make()
  } catch (error) {
    return error instanceof InvalidOptionError && error.code === 'E_INVALID_OPTION'
      ? `${error.option}: ${error.message}`
      : `wrong error: ${error}`
  }
  return 'did not throw'
}

describe('createAsyncCache options', () => {
  it.each([
    ['ttl', { ttl: -1 }, 'ttl: '],
    ['ttl', { ttl: '10' }, 'ttl: '],
    ['staleWhileRevalidate', { staleWhileRevalidate: Number.NaN }, 'staleWhileRevalidate: '],
    ['timeout', { timeout: 2 ** 31 }, 'timeout: '],
    ['negativeTtl', { negativeTtl: -5 }, 'negativeTtl: '],
    ['max', { max: 1.5 }, 'max: '],
    ['backend', { backend: {} }, 'backend: '],
    ['backend mode', { backend: { mode: 'x', get() {}, set() {}, delete() {} } }, 'mode x'],
    ['backend Promise', { backend: Promise.resolve({}) }, 'is a Promise; await it first'],
    ['clock', { clock: {} }, 'clock: '],
    ['onError', { onError: 1 }, 'onError: '],
    ['cacheErrorIf', { cacheErrorIf: true }, 'cacheErrorIf: '],
    ['misspelled ttl', { tll: 5 }, 'unknown option "tll" — did you mean "ttl"?'],
    [
      'misspelled staleWhileRevalidate',
      { staleWhileRevalidat: 5 },
      'did you mean "staleWhileRevalidate"?',
    ],
  ])(
    'rejects a bad %s with InvalidOptionError E_INVALID_OPTION naming it',
    (_name, options, named) => {
      expect(invalid(() => createAsyncCache(options as never))).toContain(named)
    },
  )

  it('accepts Infinity for ttl and timeout as "never" and "no limit"', async () => {
    const cache = createAsyncCache<string, number>({ ttl: Infinity, timeout: Infinity })
    expect(await cache.getOrLoad('k', async () => 1)).toBe(1)
  })

  it('rejects a non-function loader with TypeError, a bad per-call ttl with E_INVALID_OPTION', async () => {
    const cache = createAsyncCache<string, number>()
    expect(() => cache.getOrLoad('k', 5 as never)).toThrow(TypeError)
    expect(invalid(() => cache.getOrLoad('k', async () => 1, { ttl: -1 }))).toContain('`ttl`')
  })
})
