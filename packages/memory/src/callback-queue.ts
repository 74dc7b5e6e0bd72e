import { MAX_DISPOSE_DEPTH, MAX_NESTED_CALLBACKS } from './limits.js'

type Callback = (a: never, b: never, c: never) => void

/** No error is waiting to be rethrown; never equal to anything a callback throws. */
const NO_ERROR: unique symbol = Symbol('no error')

/**
 * Callbacks (`dispose`, `onInsert`) queued during a cache operation and run, in order, when
 * it finishes, so a callback that calls back into the cache finds it consistent. A call
 * made from inside a callback finds the queue draining and leaves its own callbacks to the
 * running loop; past {@link MAX_DISPOSE_DEPTH} levels of such nesting, callbacks are skipped
 * and reported as a `RangeError`; so are nested callbacks beyond {@link MAX_NESTED_CALLBACKS} in one
 * drain (a callback making several calls that each remove entries would otherwise grow the
 * work exponentially with the depth).
 *
 * It also keeps the first error a callback threw until the operation can rethrow it
 * ({@link flush}): the cache must be consistent again before the caller sees it, and the
 * remaining callbacks still run. Part of the slot store both caches share.
 */
export class CallbackQueue {
  /** Flat: callback, three arguments, nesting depth; five slots per task. */
  readonly #tasks: unknown[] = []
  #depth = 0
  #draining = false
  /** The first error thrown since the last {@link flush}, or NO_ERROR. */
  #error: unknown = NO_ERROR

  readonly #owner: string

  /** `owner` names the cache in the `RangeError`. */
  constructor(owner: string) {
    this.#owner = owner
  }

  /** Queues `fn(a, b, c)`. */
  push<A, B, C>(fn: (a: A, b: B, c: C) => void, a: A, b: B, c: C): void {
    this.#tasks.push(fn, a, b, c, this.#depth + 1)
  }

  /** Remembers `error` for {@link flush} unless an earlier one is waiting. */
  readonly fail = (error: unknown): void => {
    if (this.#error === NO_ERROR) this.#error = error
  }

  /**
   * Runs every queued callback (none when called from inside one). Each error a callback
   * throws goes to {@link fail}, then a `RangeError` naming the owner if any were skipped.
   */
  drain(): void {
    const tasks = this.#tasks
    if (this.#draining || tasks.length === 0) return
    this.#draining = true
    let skipped = 0
    let nested = 0
    try {
      for (let t = 0; t < tasks.length; t += 5) {
        const depth = tasks[t + 4] as number
        if (depth > MAX_DISPOSE_DEPTH || (depth > 1 && ++nested > MAX_NESTED_CALLBACKS)) {
          skipped++
          continue
        }
        this.#depth = depth
        try {
          ;(tasks[t] as Callback)(
            tasks[t + 1] as never,
            tasks[t + 2] as never,
            tasks[t + 3] as never,
          )
        } catch (error) {
          this.fail(error)
        }
      }
    } finally {
      tasks.length = 0
      this.#depth = 0
      this.#draining = false
    }
    if (skipped > 0) {
      this.fail(
        new RangeError(
          `[warp] ${this.#owner}: dispose re-entered the cache more than ${MAX_DISPOSE_DEPTH} levels deep or ${MAX_NESTED_CALLBACKS} times; ${skipped} callbacks were skipped`,
        ),
      )
    }
  }

  /** An operation's last step: {@link drain}, then rethrow the first error, if any. */
  flush(): void {
    this.drain()
    const error = this.#error
    if (error !== NO_ERROR) {
      this.#error = NO_ERROR
      throw error
    }
  }
}
