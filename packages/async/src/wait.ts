const noop = (): void => {}

/**
 * Races one waiter's `work` against its own `signal` and `timeout` (ms; `0`
 * means none). On abort it rejects with `signal.reason`; on timeout it settles
 * with whatever `onTimeout` returns or throws. `work` itself is never
 * cancelled here: it goes on and its outcome is simply no longer this waiter's.
 */
export function waitFor<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  timeout: number,
  onTimeout: () => T,
): Promise<T> {
  if (signal?.aborted) {
    work.catch(noop)
    return Promise.reject(signal.reason)
  }
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const onAbort = (): void => {
      done()
      reject(signal!.reason)
    }
    const done = (): void => {
      if (timer !== undefined) clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    if (timeout > 0 && timeout !== Number.POSITIVE_INFINITY) {
      timer = setTimeout(() => {
        done()
        try {
          resolve(onTimeout())
        } catch (error) {
          reject(error)
        }
      }, timeout)
    }
    work.then(
      (value) => {
        done()
        resolve(value)
      },
      (error: unknown) => {
        done()
        reject(error)
      },
    )
  })
}
