/**
 * Cross-process loading over a backend with load claims (`capabilities.loadClaims`,
 * e.g. `SharedCache` from `@warp/shared-native`): one process on the machine
 * claims a key's load, the others wait for the claim to change and then read
 * the value it published.
 *
 * How a waiter waits: it polls the claim's 32-bit word (a lock-free read of the
 * shared mapping, well under a microsecond) on `setTimeout` with a backoff from
 * 1 ms to 25 ms. It never blocks the event loop, and thousands of keys can wait
 * at once. Sleeping in a native FUTEX_WAIT instead would need one libuv
 * threadpool thread per waiting key (4 by default, shared with fs, dns and
 * crypto), so a burst of cold keys would starve the pool; the C++ core offers
 * that futex wait (`Region::WaitClaim`) for native callers.
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
// A holder that dies or outlives its lease does not change the word; a waiter
// goes back to claiming this often, which takes such a claim over.
const RECLAIM_MS = 100

/**
 * Resolves once `claim` changed (released or taken over), or after about
 * {@link RECLAIM_MS} so the caller claims again (a dead or late holder is taken
 * over then; a `'full'` answer simply waits one backoff step). Rejects with
 * `signal.reason` when `signal` aborts first, or when `stillWanted()` turns false.
 */
export function claimChanged<K>(
  claims: ClaimsApi<K>,
  claim: ClaimAnswer,
  signal: AbortSignal,
  stillWanted: () => boolean,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let delay = FIRST_POLL_MS
    let waited = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    const onAbort = (): void => {
      if (timer !== undefined) clearTimeout(timer)
      reject(signal.reason)
    }
    const poll = (): void => {
      timer = undefined
      if (!stillWanted()) {
        signal.removeEventListener('abort', onAbort)
        reject(signal.reason ?? new Error('load abandoned'))
        return
      }
      waited += delay
      if (claim.state === 'full' || waited >= RECLAIM_MS || claims.changed(claim)) {
        signal.removeEventListener('abort', onAbort)
        resolve()
        return
      }
      delay = Math.min(delay * 2, MAX_POLL_MS)
      timer = setTimeout(poll, delay)
    }
    signal.addEventListener('abort', onAbort, { once: true })
    timer = setTimeout(poll, delay)
  })
}
