import { CacheError } from '@warp/core'

/** One unsettled call, in a doubly linked list ordered by deadline. */
interface Pending {
  readonly at: number
  readonly what: string
  readonly reject: (error: unknown) => void
  prev: Pending | undefined
  next: Pending | undefined
}

/**
 * Bounds every call by one timeout with a single timer. All calls share the same timeout, so
 * their deadlines arrive in call order: the unsettled calls form a list, oldest first, and the
 * timer is armed for the head. A call leaves the list the moment it settles, so at any time
 * the list holds only calls in flight (not every call of the last `timeout` ms, which at tens
 * of thousands of calls a second kept that many objects alive into the old generation and
 * made the garbage collector a fifth of a call's cost).
 */
export class Deadlines {
  readonly #timeout: number
  readonly #owner: string
  #head: Pending | undefined
  #tail: Pending | undefined
  #size = 0
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(timeout: number, owner: string) {
    this.#timeout = timeout
    this.#owner = owner
  }

  /** How many calls are in flight (for tests). */
  get size(): number {
    return this.#size
  }

  /**
   * `work`'s outcome passed through `mapValue`, or a `CacheError` `E_TIMEOUT` once the timeout
   * has passed. `mapError` turns the client's rejection into the error callers see; an error
   * thrown by `mapValue` rejects the call.
   */
  track<T, R = T>(
    work: Promise<T>,
    what: string,
    mapError: (error: unknown) => unknown,
    mapValue?: (value: T) => R,
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const pending = this.#add(what, reject)
      work.then(
        (value) => {
          if (!this.#remove(pending)) return
          if (mapValue === undefined) resolve(value as unknown as R)
          else {
            try {
              resolve(mapValue(value))
            } catch (error) {
              reject(error)
            }
          }
        },
        (error: unknown) => {
          if (this.#remove(pending)) reject(mapError(error))
        },
      )
    })
  }

  /** Rejects every unsettled call with `error` (used by `close`). */
  rejectAll(error: unknown): void {
    let pending = this.#head
    this.#head = this.#tail = undefined
    this.#size = 0
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#timer = undefined
    while (pending !== undefined) {
      const next = pending.next
      pending.prev = pending.next = pending
      pending.reject(error)
      pending = next
    }
  }

  #add(what: string, reject: (error: unknown) => void): Pending {
    const pending: Pending = {
      at: performance.now() + this.#timeout,
      what,
      reject,
      prev: this.#tail,
      next: undefined,
    }
    if (this.#tail === undefined) this.#head = pending
    else this.#tail.next = pending
    this.#tail = pending
    this.#size++
    if (this.#timer === undefined) this.#arm(this.#timeout)
    return pending
  }

  /**
   * Unlinks `pending`; false when it had already left (timed out, or rejected by `rejectAll`).
   * A call that left points `next` at itself, which no linked call does.
   */
  #remove(pending: Pending): boolean {
    if (pending.next === pending) return false
    const { prev, next } = pending
    if (prev === undefined) this.#head = next
    else prev.next = next
    if (next === undefined) this.#tail = prev
    else next.prev = prev
    pending.prev = pending.next = pending
    this.#size--
    return true
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(this.#sweep, Math.max(1, Math.ceil(ms)))
    this.#timer.unref?.()
  }

  /** Rejects the calls whose deadline passed; re-arms for the oldest one left, if any. */
  readonly #sweep = (): void => {
    this.#timer = undefined
    const now = performance.now()
    let head = this.#head
    while (head !== undefined && head.at <= now) {
      this.#remove(head)
      head.reject(
        new CacheError(
          'E_TIMEOUT',
          `${this.#owner}: ${head.what} got no answer within ${this.#timeout} ms (the timeout option); the server may be overloaded, stopped or unreachable`,
        ),
      )
      head = this.#head
    }
    if (head !== undefined) this.#arm(head.at - now)
  }
}
