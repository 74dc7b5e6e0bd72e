import { CacheError } from '@warp/core'
import { duration, MAX_TIMEOUT } from './validate.js'

/** What a {@link Coalescer} hands to the load it starts. */
export interface LoadContext {
  /**
   * Aborts when every waiter of this load has aborted its own `signal` (never
   * while a waiter without a signal is still waiting). Pass it on to `fetch`,
   * database drivers and the like so abandoned work stops.
   */
  readonly signal: AbortSignal
  /**
   * True while this load is still the one registered for its key. It turns
   * false when the load was {@link Coalescer.forget | forgotten} (for instance
   * because the key was set or deleted meanwhile) or abandoned by all its
   * waiters; a load that is no longer current should not write its result
   * anywhere shared, because a newer value may already be there.
   */
  readonly current: boolean
}

/** Per-call options of {@link Coalescer.run}. */
export interface RunOptions {
  /**
   * Lets this caller stop waiting: when it aborts, the promise this call
   * returned rejects with `signal.reason`. The shared load goes on for the
   * other waiters; it is aborted only once every waiter has aborted.
   */
  signal?: AbortSignal | undefined
}

/** Options of a {@link Coalescer}. */
export interface CoalescerOptions {
  /**
   * Hard life limit of one load, in ms: when a load has not settled this long
   * after it started, its `signal` aborts (with a `CacheError` `E_TIMEOUT`),
   * every waiter of it rejects with that error, and the key is free to load
   * again. `0` (the default) means no limit. At most 2^31 − 1.
   */
  loadLimit?: number | undefined
}

/**
 * Test-only counter (not exported from the package): list nodes that waiter
 * removal and settlement have visited or unlinked, over all coalescers. Lets a
 * test tell O(1) aborts from O(n) ones by counting work instead of timing it.
 */
export const waiterListWork = { steps: 0 }

/**
 * One caller waiting with a signal: a node of its flight's doubly linked list,
 * so that an abort unlinks it in O(1) and leaves nothing behind (no reaction
 * on the load's promise, no closure kept alive until the load settles).
 */
class Waiter<V> {
  prev: Waiter<V> | undefined
  next: Waiter<V> | undefined
  constructor(
    readonly flight: Flight<V>,
    readonly signal: AbortSignal,
    readonly resolve: (value: V) => void,
    readonly reject: (reason: unknown) => void,
  ) {}

  // Bound once: the same function is added and removed as the abort listener.
  readonly onAbort = (): void => {
    this.flight.drop(this)
    this.reject(this.signal.reason)
  }
}

/** One load in flight and who waits for it. */
class Flight<V> implements LoadContext {
  readonly promise: Promise<V>
  readonly #resolve!: (value: V) => void
  readonly #reject!: (reason: unknown) => void
  /** Waiters with a signal that has not aborted yet (a linked list). */
  #head: Waiter<V> | undefined
  #holders = 0
  /** A waiter without a signal joined: the load can no longer be abandoned. */
  pinned = false
  current = true
  settled = false
  timer: ReturnType<typeof setTimeout> | undefined
  // Made on first use of `signal`: a load that never looks at it costs no controller.
  #controller: AbortController | undefined
  #abandoned = false
  #reason: unknown

  constructor(readonly onEmpty: (flight: Flight<V>, reason: unknown) => void) {
    let resolve!: (value: V) => void
    let reject!: (reason: unknown) => void
    this.promise = new Promise<V>((res, rej) => {
      resolve = res
      reject = rej
    })
    this.#resolve = resolve
    this.#reject = reject
    // Every waiter may have left; the rejection must not surface as unhandled.
    this.promise.catch(noop)
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController()
      if (this.#abandoned) this.#controller.abort(this.#reason)
    }
    return this.#controller.signal
  }

  /** Adds a waiter with `signal`; its promise settles with the load or rejects on abort. */
  hold(signal: AbortSignal): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const waiter = new Waiter(this, signal, resolve, reject)
      const head = this.#head
      waiter.next = head
      if (head !== undefined) head.prev = waiter
      this.#head = waiter
      this.#holders++
      signal.addEventListener('abort', waiter.onAbort, { once: true })
    })
  }

  /** Unlinks an aborted waiter in O(1); the last one out abandons the load. */
  drop(waiter: Waiter<V>): void {
    const { prev, next } = waiter
    if (prev === undefined) this.#head = next
    else prev.next = next
    if (next !== undefined) next.prev = prev
    waiter.prev = waiter.next = undefined
    waiterListWork.steps++
    if (--this.#holders === 0 && !this.pinned && !this.settled) {
      this.onEmpty(this, waiter.signal.reason)
    }
  }

  /** Settles the load and every waiter still on the list (each exactly once). */
  settle(ok: boolean, outcome: unknown): void {
    if (this.settled) return
    this.settled = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    if (ok) this.#resolve(outcome as V)
    else this.#reject(outcome)
    let waiter = this.#head
    this.#head = undefined
    while (waiter !== undefined) {
      const next = waiter.next
      waiter.signal.removeEventListener('abort', waiter.onAbort)
      if (ok) waiter.resolve(outcome as V)
      else waiter.reject(outcome)
      waiter.prev = waiter.next = undefined
      waiterListWork.steps++
      waiter = next
    }
  }

  /** Detach and abort the load's signal with `reason`. */
  abandon(reason: unknown): void {
    this.current = false
    this.#abandoned = true
    this.#reason = reason
    this.#controller?.abort(reason)
  }
}

const noop = (): void => {}

/**
 * Shares one in-flight promise per key: while a load for `key` runs, further
 * {@link Coalescer.run} calls for that key wait for it instead of starting their
 * own. A rejection reaches every waiter and is not remembered: once a load
 * settles, the next `run` starts a new one.
 *
 * A coalescer belongs to one cache (or whatever owns it); there is no global
 * in-flight map, so two caches never share loads by accident.
 *
 * Waiters with a signal sit in a linked list per load, so an abort costs O(1)
 * whatever the number of waiters; with {@link CoalescerOptions.loadLimit} no
 * load holds its key longer than that.
 *
 * @example
 * ```ts
 * const inFlight = new Coalescer<string, User>({ loadLimit: 30_000 })
 * const user = await inFlight.run(id, ({ signal }) => db.user(id, { signal }), { signal })
 * ```
 */
export class Coalescer<K, V> {
  readonly #inFlight = new Map<K, Flight<V>>()
  readonly #limit: number

  /** @throws InvalidOptionError when `loadLimit` is not an integer in [0, 2^31 − 1]. */
  constructor(options?: CoalescerOptions) {
    this.#limit = duration('Coalescer', 'loadLimit', options?.loadLimit, 0, MAX_TIMEOUT)
    if (this.#limit === Number.POSITIVE_INFINITY) this.#limit = 0
  }

  /** Number of loads running now. */
  get size(): number {
    return this.#inFlight.size
  }

  /** True while a load for `key` is running. */
  has(key: K): boolean {
    return this.#inFlight.has(key)
  }

  /**
   * Resolves with the result of the load running for `key`, starting
   * `load` when none is. `load` is called at most once per run of the key,
   * one microtask later (so a synchronous throw becomes a rejection), with a
   * {@link LoadContext}.
   *
   * With `options.signal`, this caller alone stops waiting when it aborts (its
   * promise rejects with the signal's reason); the load's own signal aborts
   * only when every waiter has aborted, and then the next `run` for the key
   * starts afresh.
   */
  run(
    key: K,
    load: (context: LoadContext) => V | PromiseLike<V>,
    options?: RunOptions,
  ): Promise<V> {
    const signal = options?.signal
    if (signal?.aborted) return Promise.reject(signal.reason)
    let flight = this.#inFlight.get(key)
    if (flight === undefined) flight = this.#start(key, load)
    return this.#wait(flight, signal)
  }

  /**
   * Joins the load running for `key`, if there is one, exactly as {@link Coalescer.run}
   * would; `undefined` when none is running (nothing is started). Lets a caller
   * skip building a load function it would not need.
   */
  join(key: K, options?: RunOptions): Promise<V> | undefined {
    const flight = this.#inFlight.get(key)
    if (flight === undefined) return undefined
    const signal = options?.signal
    if (signal?.aborted) return Promise.reject(signal.reason)
    return this.#wait(flight, signal)
  }

  /**
   * Detaches the load running for `key`, if any: its waiters still get its
   * result, but the next `run` starts a new load and the detached one sees
   * `context.current === false`. True when there was one.
   */
  forget(key: K): boolean {
    const flight = this.#inFlight.get(key)
    if (flight === undefined) return false
    flight.current = false
    this.#inFlight.delete(key)
    return true
  }

  /** {@link Coalescer.forget | Forgets} every running load. */
  forgetAll(): void {
    for (const flight of this.#inFlight.values()) flight.current = false
    this.#inFlight.clear()
  }

  #start(key: K, load: (context: LoadContext) => V | PromiseLike<V>): Flight<V> {
    const flight = new Flight<V>((abandoned, reason) => this.#abandon(key, abandoned, reason))
    const release = (): void => {
      if (this.#inFlight.get(key) === flight) this.#inFlight.delete(key)
      flight.current = false
    }
    // The microtask hop turns a synchronous throw into a rejection and lets
    // the flight be registered before user code runs.
    Promise.resolve(flight)
      .then(load)
      .then(
        (value) => {
          release()
          flight.settle(true, value)
        },
        (error: unknown) => {
          release()
          flight.settle(false, error)
        },
      )
    const limit = this.#limit
    if (limit > 0) {
      flight.timer = setTimeout(() => {
        const error = new CacheError(
          'E_TIMEOUT',
          `a load ran past its loadLimit of ${limit} ms; it was aborted and the key is free to load again`,
        )
        release()
        flight.abandon(error)
        flight.settle(false, error)
      }, limit)
      // A hung load must not keep the process alive.
      flight.timer.unref?.()
    }
    this.#inFlight.set(key, flight)
    return flight
  }

  #wait(flight: Flight<V>, signal: AbortSignal | undefined): Promise<V> {
    if (signal === undefined) {
      flight.pinned = true
      return flight.promise
    }
    return flight.hold(signal)
  }

  #abandon(key: K, flight: Flight<V>, reason: unknown): void {
    if (this.#inFlight.get(key) === flight) this.#inFlight.delete(key)
    flight.abandon(reason)
  }
}
