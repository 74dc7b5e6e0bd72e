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

/** One load in flight and who waits for it. */
class Flight<V> implements LoadContext {
  readonly controller = new AbortController()
  promise!: Promise<V>
  /** Waiters with a signal that has not aborted yet. */
  holders = 0
  /** A waiter without a signal joined: the load can no longer be abandoned. */
  pinned = false
  current = true

  get signal(): AbortSignal {
    return this.controller.signal
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
 * @example
 * ```ts
 * const inFlight = new Coalescer<string, User>()
 * const user = await inFlight.run(id, ({ signal }) => db.user(id, { signal }), { signal })
 * ```
 */
export class Coalescer<K, V> {
  readonly #inFlight = new Map<K, Flight<V>>()

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
    if (signal === undefined) {
      flight.pinned = true
      return flight.promise
    }
    return this.#wait(key, flight, signal)
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
    if (signal === undefined) {
      flight.pinned = true
      return flight.promise
    }
    return this.#wait(key, flight, signal)
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
    const flight = new Flight<V>()
    const settle = (): void => {
      if (this.#inFlight.get(key) === flight) {
        flight.current = false
        this.#inFlight.delete(key)
      }
    }
    // The microtask hop turns a synchronous throw into a rejection and lets
    // the flight be registered before user code runs.
    flight.promise = Promise.resolve(flight).then(load)
    flight.promise.then(settle, settle)
    // Every waiter may have left; the rejection must not surface as unhandled.
    flight.promise.catch(noop)
    this.#inFlight.set(key, flight)
    return flight
  }

  #wait(key: K, flight: Flight<V>, signal: AbortSignal): Promise<V> {
    flight.holders++
    return new Promise<V>((resolve, reject) => {
      const onAbort = (): void => {
        reject(signal.reason)
        if (--flight.holders === 0 && !flight.pinned) this.#abandon(key, flight, signal.reason)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort)
          resolve(value)
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort)
          reject(error)
        },
      )
    })
  }

  #abandon(key: K, flight: Flight<V>, reason: unknown): void {
    if (this.#inFlight.get(key) === flight) this.#inFlight.delete(key)
    flight.current = false
    flight.controller.abort(reason)
  }
}
