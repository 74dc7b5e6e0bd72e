import { CacheError } from '@warp/core'

/**
 * Runs `call` and settles within `ms`: with its outcome, or with `CacheError` `E_TIMEOUT`
 * (the work itself may still finish later; its late outcome is ignored, never unhandled).
 */
export function withTimeout<T>(call: () => Promise<T>, ms: number, what: string): Promise<T> {
  let work: Promise<T>
  try {
    work = call()
  } catch (error) {
    return Promise.reject(error)
  }
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new CacheError('E_TIMEOUT', `${what} did not answer within ${ms} ms`))
    }, ms)
    work.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
