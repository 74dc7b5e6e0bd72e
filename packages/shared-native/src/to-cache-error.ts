import { CacheError } from '@warp/core'
import type { NativeError } from './native.js'

/** An addon error with a warp code becomes a `CacheError` with that code and the error as `cause`. */
export function toCacheError(error: unknown): unknown {
  const e = error as NativeError
  if (e instanceof Error && typeof e.code === 'string' && e.code.startsWith('E_')) {
    return new CacheError(e.code as CacheError['code'], e.message.replace(/^\[warp\] /, ''), {
      cause: error,
    })
  }
  return error
}
