import { CacheError } from '@warp/core'

interface Pending {
  readonly at: number
  readonly what: string
  reject: ((error: unknown) => void) | undefined
}

/**
 * Bounds every call by one timeout with a single timer. All calls share the same timeout, so
 * their deadlines arrive in call order and a FIFO queue is enough: the timer is armed for the
 * oldest unsettled call; settled calls are dropped when they reach the head.
 */
export class Deadlines {
  readonly #timeout: number
  readonly #owner: string
  #queue: Pending[] = []
  #head = 0
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(timeout: number, owner: string) {
    this.#timeout = timeout
    this.#owner = owner
  }

  /**
   * `work`'s outcome, or a `CacheError` `E_TIMEOUT` once the timeout has passed.
   * `mapError` turns the client's rejection into the error callers see.
   */
  track<T>(work: Promise<T>, what: string, mapError: (error: unknown) => unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = { at: performance.now() + this.#timeout, what, reject }
      this.#queue.push(pending)
      if (this.#timer === undefined) this.#arm(this.#timeout)
      work.then(
        (value) => {
          pending.reject = undefined
          resolve(value)
        },
        (error: unknown) => {
          pending.reject = undefined
          reject(mapError(error))
        },
      )
    })
  }

  /** Rejects every unsettled call with `error` (used by `close`). */
  rejectAll(error: unknown): void {
    for (let i = this.#head; i < this.#queue.length; i++) {
      const pending = this.#queue[i] as Pending
      pending.reject?.(error)
      pending.reject = undefined
    }
    this.#queue = []
    this.#head = 0
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(() => this.#sweep(), Math.max(1, Math.ceil(ms)))
    this.#timer.unref?.()
  }

  #sweep(): void {
    this.#timer = undefined
    const now = performance.now()
    const queue = this.#queue
    while (this.#head < queue.length) {
      const pending = queue[this.#head] as Pending
      if (pending.reject && pending.at > now) break
      this.#head++
      if (pending.reject) {
        const reject = pending.reject
        pending.reject = undefined
        reject(
          new CacheError(
            'E_TIMEOUT',
            `${this.#owner}: ${pending.what} got no answer within ${this.#timeout} ms (the timeout option); the server may be overloaded, stopped or unreachable`,
          ),
        )
      }
    }
    if (this.#head === queue.length) {
      this.#queue = []
      this.#head = 0
      return
    }
    if (this.#head > 1024) {
      this.#queue = queue.slice(this.#head)
      this.#head = 0
    }
    this.#arm((this.#queue[this.#head] as Pending).at - now)
  }
}
