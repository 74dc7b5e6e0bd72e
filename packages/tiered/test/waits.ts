import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'vitest'

/** What {@link settle} reports for a call still pending at its deadline. */
export const UNSETTLED = 'unsettled' as const

/**
 * `{ value }` or `{ error }` as `call` settles, or {@link UNSETTLED} if it has not by `ms` (the
 * deadline's timer is unref'd, so it never holds the process open).
 */
export function settle(
  call: Promise<unknown>,
  ms: number,
): Promise<{ value: unknown } | { error: unknown } | typeof UNSETTLED> {
  return Promise.race([
    call.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    sleep<typeof UNSETTLED>(ms, UNSETTLED, { ref: false }),
  ])
}

/** Polls `condition` (sync or async) every 10 ms until true; fails after `ms`. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  ms = 30_000,
): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    let met = false
    try {
      met = await condition()
    } catch (error) {
      if (Date.now() > deadline) throw error
    }
    if (met) return
    if (Date.now() > deadline) expect.fail(`condition not met within ${ms} ms: ${condition}`)
    await sleep(10)
  }
}

/** Waits until the cache's invalidation bus is subscribed. */
export function subscribed(...caches: Array<{ busConnected: boolean }>): Promise<void> {
  return until(() => caches.every((c) => c.busConnected))
}
