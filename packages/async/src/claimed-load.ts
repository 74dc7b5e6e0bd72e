/**
 * Cross-process loading over a backend with load claims (`capabilities.loadClaims`,
 * e.g. `SharedCache` from `@warp/shared-native`): one process on the machine
 * claims a key's load, the others wait for the claim to change and then read
 * the value it published.
 *
 * How a waiter waits: it asks the backend how long the holder's lease has left
 * (`leaseLeft`: a lock-free read of the shared mapping plus one `kill(pid, 0)`,
 * about a microsecond) on `setTimeout`, sleeping min(backoff from 1 ms to 25 ms,
 * lease left). So a waiter notices a release, a holder that exited, or the end
 * of the lease within one sleep: at most 25 ms after a holder dies and on time
 * when a lease ends, never later than the lease plus the poll. It never blocks
 * the event loop, and thousands of keys can wait at once. Sleeping in a native
 * FUTEX_WAIT instead would need one libuv threadpool thread per waiting key (4 by
 * default, shared with fs, dns and crypto), so a burst of cold keys would starve
 * the pool; the C++ core offers that futex wait (`Region::WaitClaim`) for native
 * callers.
 */

/** The claim answer a backend's `claims.claim` gives (structurally, `@warp/shared-native`'s `LoadClaim`). */
export interface ClaimAnswer {
  readonly state: 'claimed' | 'busy' | 'full'
  readonly takeover: boolean
  readonly token: number
}

/** What `@warp/async` needs of a backend's load claims. */
export interface ClaimsApi<K> {
  claim(key: K, leaseMs: number): ClaimAnswer
  release(claim: ClaimAnswer): boolean
  changed(claim: ClaimAnswer): boolean
  /** Ms before the waiter must look again; 0 once released, or the holder exited or its lease ended. */
  leaseLeft?(claim: ClaimAnswer): number
  /** `get` that never mistakes a busy writer in another process for a miss. */
  read?(key: K): unknown
}

/** The backend's claims when it offers them (`capabilities.loadClaims` and a `claims` object). */
export function claimsOf<K>(backend: unknown): ClaimsApi<K> | undefined {
  const b = backend as { capabilities?: { loadClaims?: unknown }; claims?: Partial<ClaimsApi<K>> }
  if (b.capabilities?.loadClaims !== true) return undefined
  const claims = b.claims
  if (
    typeof claims?.claim !== 'function' ||
    typeof claims.release !== 'function' ||
    typeof claims.changed !== 'function'
  ) {
    return undefined
  }
  return claims as ClaimsApi<K>
}

const FIRST_POLL_MS = 1
const MAX_POLL_MS = 25
// `leaseLeft` sees an exited holder only once its parent reaped it, and cannot
// tell a reused pid; a backend without `leaseLeft` sees neither a dead holder
// nor a lease's end. So a waiter also goes back to claiming this often (by the
// sleeps it scheduled), and the claim's full check takes such a claim over.
const RECLAIM_MS = 100

/**
 * Test-only counters of every waiter in this process (not exported from the
 * package): `polls` made, `longestSleep` scheduled (ms).
 */
export const claimWaitProbe = { polls: 0, longestSleep: 0 }

/**
 * Resolves once `claim` changed (released or taken over), its holder exited or
 * its lease ended, or after about {@link RECLAIM_MS} so the caller claims again (a
 * `'full'` answer resolves after one backoff step, then the caller retries).
 * Rejects with `signal.reason` when `signal` aborts first, or when `stillWanted()`
 * turns false.
 */
export function claimChanged<K>(
  claims: ClaimsApi<K>,
  claim: ClaimAnswer,
  signal: AbortSignal,
  stillWanted: () => boolean,
): Promise<void> {
  const leaseLeft = (): number => {
    if (claim.state === 'full') return 0
    if (claims.leaseLeft !== undefined) return claims.leaseLeft(claim)
    return claims.changed(claim) ? 0 : Number.POSITIVE_INFINITY
  }
  return new Promise<void>((resolve, reject) => {
    let delay = FIRST_POLL_MS
    let waited = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    const onAbort = (): void => {
      if (timer !== undefined) clearTimeout(timer)
      reject(signal.reason)
    }
    const sleep = (ms: number): void => {
      if (ms > claimWaitProbe.longestSleep) claimWaitProbe.longestSleep = ms
      waited += ms
      timer = setTimeout(poll, ms)
    }
    const poll = (): void => {
      timer = undefined
      claimWaitProbe.polls++
      if (!stillWanted()) {
        signal.removeEventListener('abort', onAbort)
        reject(signal.reason ?? new Error('load abandoned'))
        return
      }
      const left = leaseLeft()
      if (left <= 0 || waited >= RECLAIM_MS) {
        signal.removeEventListener('abort', onAbort)
        resolve()
        return
      }
      // Never past the lease's end: the poll then finds it over and resolves.
      sleep(Math.min(delay, left))
      delay = Math.min(delay * 2, MAX_POLL_MS)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    // The first look comes after one step: the holder has just answered 'busy'.
    sleep(delay)
    delay *= 2
  })
}
