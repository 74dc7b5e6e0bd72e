import type { Clock } from '@warp/core'

/** The states of a {@link CircuitBreaker}. */
export type BreakerState = 'closed' | 'open' | 'half-open'

/**
 * A circuit breaker over one remote tier. `closed`: calls pass; `threshold` consecutive
 * failures open it. `open`: calls are refused until `cooldown` ms have passed, then it is
 * `half-open`: one probe passes (others are refused); its success closes the breaker, its
 * failure opens it again for another `cooldown`.
 */
export class CircuitBreaker {
  #state: BreakerState = 'closed'
  #failures = 0
  #openedAt = 0
  #probing = false

  /**
   * A breaker that starts `closed`. {@link TieredCache} makes one per instance from its
   * `breakerThreshold`, `breakerCooldown` and `clock` options; build one yourself only to guard
   * another remote call the same way.
   */
  constructor(
    /** Consecutive failures that open a closed breaker: a positive integer (TieredCache default `5`). */
    readonly threshold: number,
    /** Milliseconds an open breaker refuses calls before it admits a probe (TieredCache default `5000`). */
    readonly cooldown: number,
    /** Time source, `now()` in ms, for the cooldown. */
    readonly clock: Clock,
    /** Called with the new state on every change (TieredCache reports it on `warp:tiered:breaker`). */
    readonly onChange: (state: BreakerState) => void,
  ) {}

  /** The state now (an open breaker past its cooldown reads `half-open`). */
  get state(): BreakerState {
    if (this.#state === 'open' && this.clock.now() - this.#openedAt >= this.cooldown) {
      this.#set('half-open')
    }
    return this.#state
  }

  /** True when a call may go to the tier now; a half-open breaker admits one probe at a time. */
  admit(): boolean {
    const state = this.state
    if (state === 'closed') return true
    if (state === 'open' || this.#probing) return false
    this.#probing = true
    return true
  }

  /** Records a call that succeeded. */
  success(): void {
    this.#failures = 0
    this.#probing = false
    if (this.#state !== 'closed') this.#set('closed')
  }

  /** Records a call that ended without telling whether the tier works (a caller's mistake). */
  release(): void {
    this.#probing = false
  }

  /** Records a call that failed (an I/O error or a timeout). */
  failure(): void {
    this.#failures++
    const wasProbe = this.#probing
    this.#probing = false
    if (wasProbe || (this.#state === 'closed' && this.#failures >= this.threshold)) {
      this.#openedAt = this.clock.now()
      this.#set('open')
    }
  }

  #set(state: BreakerState): void {
    this.#state = state
    this.onChange(state)
  }
}
