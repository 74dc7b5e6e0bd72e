import { MAX_DISPOSE_DEPTH, MAX_NESTED_CALLBACKS } from './limits.js'

type Callback = (a: never, b: never, c: never) => void

/**
 * Callbacks (`dispose`, `onInsert`) queued during a cache operation and run, in order, when
 * it finishes, so a callback that calls back into the cache finds it consistent. A call
 * made from inside a callback finds the queue draining and leaves its own callbacks to the
 * running loop; past {@link MAX_DISPOSE_DEPTH} levels of such nesting, callbacks are skipped
 * and reported as a `RangeError`; so are nested callbacks beyond {@link MAX_NESTED_CALLBACKS} in one
 * drain (a callback making several calls that each remove entries would otherwise grow the
 * work exponentially with the depth). Shared by `SieveCache` and `LRUCache`.
 */
export class CallbackQueue {
  /** Flat: callback, three arguments, nesting depth; five slots per task. */
  readonly #tasks: unknown[] = []
  #depth = 0
  #draining = false

  /** Queues `fn(a, b, c)`. */
  push<A, B, C>(fn: (a: A, b: B, c: C) => void, a: A, b: B, c: C): void {
    this.#tasks.push(fn, a, b, c, this.#depth + 1)
  }

  /**
   * Runs every queued callback (none when called from inside one). `fail` receives each
   * error a callback throws, then a `RangeError` naming `owner` if any were skipped.
   */
  drain(owner: string, fail: (error: unknown) => void): void {
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
          fail(error)
        }
      }
    } finally {
      tasks.length = 0
      this.#depth = 0
      this.#draining = false
    }
    if (skipped > 0) {
      fail(
        new RangeError(
          `[warp] ${owner}: dispose re-entered the cache more than ${MAX_DISPOSE_DEPTH} levels deep or ${MAX_NESTED_CALLBACKS} times; ${skipped} callbacks were skipped`,
        ),
      )
    }
  }
}
