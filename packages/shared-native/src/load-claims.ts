import { CacheError } from '@warp/core'
import type { Handle, KeyArg, NativeModule } from './native.js'
import { ResultCode } from './result-codes.js'
import { toCacheError } from './to-cache-error.js'

const { NeedsCodec, BadArgument, ClaimFull, Present } = ResultCode
const TWO_32 = 2 ** 32
const TWO_42 = 2 ** 42

/**
 * What {@link LoadClaims.claim} answers.
 * - `'claimed'`: this process loads the key now; publish the value (`set`), then
 *   {@link LoadClaims.release}. `takeover` is true when the claim was taken from
 *   a holder that died or whose lease ran out.
 * - `'busy'`: a live process loads it; wait until {@link LoadClaims.changed}
 *   says the claim moved, then read the cache again.
 * - `'full'`: every claim slot this key may use is held for other keys; retry soon.
 */
export interface LoadClaim {
  /**
   * `'claimed'`: this process now holds the key's load and must release it; `'busy'`:
   * another live process holds it (wait, then try again); `'full'`: every claim slot the
   * key may use holds other keys' claims (load without a claim, or try again).
   */
  readonly state: 'claimed' | 'busy' | 'full'
  /** True when this claim took over from a holder that died or outlived its lease. */
  readonly takeover: boolean
  /** Names the claim slot and the value of its word this answer saw. */
  readonly token: number
}

const FULL: LoadClaim = { state: 'full', takeover: false, token: -1 }

/**
 * Load claims in the cache's shared memory: one process on the machine claims
 * a key's load for a lease, the others wait for its result. A claim records its
 * holder's pid and start time, so a dead holder (even one whose pid was reused)
 * or a holder past its lease is taken over by exactly one caller, and no claim
 * outlives its process. Reached as `sharedCache.claims`.
 */
export class LoadClaims<K, V = unknown> {
  readonly #native: NativeModule
  readonly #handle: Handle
  readonly #keyBytes: (key: K) => KeyArg
  readonly #fastKeys: boolean
  readonly #read: (key: K) => V | undefined

  /** @internal Made by `SharedCache`. */
  constructor(
    native: NativeModule,
    handle: Handle,
    keyBytes: (key: K) => KeyArg,
    fastKeys: boolean,
    read: (key: K) => V | undefined,
  ) {
    this.#native = native
    this.#handle = handle
    this.#keyBytes = keyBytes
    this.#fastKeys = fastKeys
    this.#read = read
  }

  /**
   * The cache's value of `key` (as `get`), for a claimant or waiter deciding whether the
   * load it waited for was published: where `get` reports a miss after about 5 ms of
   * retries against writers that keep the table busy (it never waits for them), this
   * waits for the write lock (at most `lockTimeout`; a dead holder is recovered) and
   * reads under it. So `undefined` means the key has no live entry, and the key is not
   * loaded twice because another process happened to be writing. Blocks the thread
   * while another process writes; use `get` everywhere else.
   */
  read(key: K): V | undefined {
    return this.#read(key)
  }

  /**
   * Claims the load of `key` for `leaseMs` ms (a number ≥ 1; the holder should
   * publish and release well before). A claim already held by a live process
   * within its lease answers `'busy'`.
   */
  claim(key: K, leaseMs: number): LoadClaim {
    if (!(leaseMs >= 1)) {
      throw new CacheError(
        'E_INVALID_OPTION',
        `claim: leaseMs must be a number ≥ 1, got ${leaseMs}`,
      )
    }
    const native = this.#native
    let r = NeedsCodec as number
    try {
      if (typeof key === 'string' && this.#fastKeys) r = native.claim(this.#handle, key, leaseMs)
      if (r === NeedsCodec) r = native.claim(this.#handle, this.#keyBytes(key), leaseMs)
    } catch (error) {
      throw toCacheError(error)
    }
    if (r === ClaimFull) return FULL
    if (r === BadArgument || r < 0) {
      throw new CacheError('E_ENCODE', 'claim: the key cannot be encoded')
    }
    const kind = Math.floor(r / TWO_42)
    return { state: kind === 2 ? 'busy' : 'claimed', takeover: kind === 1, token: r % TWO_42 }
  }

  /**
   * Ends this process's claim and wakes every waiter. False when the claim had
   * been taken over meanwhile (its lease ran out): then nothing changes.
   */
  release(claim: LoadClaim): boolean {
    if (claim.state !== 'claimed') return false
    try {
      return this.#native.releaseClaim(this.#handle, claim.token) === Present
    } catch (error) {
      throw toCacheError(error)
    }
  }

  /** True once the claim `claim` saw was released, taken over or replaced. Lock-free. */
  changed(claim: LoadClaim): boolean {
    if (claim.state === 'full') return true
    try {
      return this.#native.claimUnchanged(this.#handle, claim.token) !== Present
    } catch (error) {
      throw toCacheError(error)
    }
  }

  /**
   * How long a waiter may sleep before it looks at `claim` again: the ms left in the
   * holder's lease (≥ 1), or 0 when the claim changed (released, taken over or
   * replaced), its holder exited, or its lease ended — then read the cache and
   * {@link LoadClaims.claim} again, which takes over a gone holder. Lock-free, no file
   * reads (one `kill(pid, 0)`): a holder that exited but was not yet reaped by its
   * parent (a zombie), or whose pid was reused, counts as alive here; `claim` checks
   * the holder's start time and sees through both.
   */
  leaseLeft(claim: LoadClaim): number {
    if (claim.state === 'full') return 0
    try {
      return Math.max(0, this.#native.claimLeaseLeft(this.#handle, claim.token))
    } catch (error) {
      throw toCacheError(error)
    }
  }

  /** Claim slots held now, by any process (including dead holders not yet taken over). */
  held(): number {
    try {
      return this.#native.heldClaims(this.#handle)
    } catch (error) {
      throw toCacheError(error)
    }
  }

  /** The claim slot index of an answer (for diagnostics). */
  static slotOf(claim: LoadClaim): number {
    return claim.token < 0 ? -1 : Math.floor(claim.token / TWO_32)
  }
}
