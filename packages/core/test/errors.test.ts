import { describe, expect, it } from 'vitest'
import { CacheError, InvalidOptionError, isCacheError } from '../src/index.js'

describe('error classes', () => {
  it('CacheError carries code, cause and the [warp] prefix', () => {
    const cause = new Error('disk')
    const error = new CacheError('E_IO', 'write failed', { cause })
    expect([error.code, error.cause, error.message, error.name]).toEqual([
      'E_IO',
      cause,
      '[warp] write failed',
      'CacheError',
    ])
    expect(isCacheError(error, 'E_IO')).toBe(true)
    expect(isCacheError(error, 'E_CLOSED')).toBe(false)
  })

  it('InvalidOptionError is a TypeError with E_INVALID_OPTION and the option name, never a CacheError', () => {
    const error = new InvalidOptionError('ttl', 'bad ttl')
    expect(error).toBeInstanceOf(TypeError)
    expect(error).not.toBeInstanceOf(CacheError)
    expect([error.code, error.option, error.message]).toEqual([
      'E_INVALID_OPTION',
      'ttl',
      '[warp] bad ttl',
    ])
    expect(new InvalidOptionError('max', 'as lru-cache says', { verbatim: true }).message).toBe(
      'as lru-cache says',
    )
  })

  it('instanceof holds for errors from another copy of the module (ESM/CJS builds, entry bundles)', () => {
    // What another copy's constructor leaves on its instances: the same global-registry brand.
    const foreign = Object.defineProperty(new Error('x'), Symbol.for('@warp/core.CacheError'), {
      value: true,
    })
    expect(foreign instanceof CacheError).toBe(true)
    expect(new Error('plain') instanceof CacheError).toBe(false)
    expect(new InvalidOptionError('a', 'b') instanceof CacheError).toBe(false)
    class Timeout extends CacheError {}
    expect(new CacheError('E_IO', 'x') instanceof Timeout).toBe(false)
    expect(new Timeout('E_TIMEOUT', 'x') instanceof CacheError).toBe(true)
  })
})
