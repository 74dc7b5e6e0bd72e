/** What the batcher needs of a socket: Node's `Writable` cork/uncork. */
interface Corkable {
  cork(): void
  uncork(): void
}

/**
 * Sends the commands a caller issues in one tick in one socket write.
 *
 * iovalkey writes each command to its socket as soon as it is called: 1,000 `get`s in one
 * tick are 1,000 `write` system calls, which is most of a command's CPU cost. The first
 * command of a tick is written at once, as before; the second corks the connections'
 * sockets, and one `uncork` at the end of the tick (`process.nextTick`, which runs once the
 * current synchronous code and its microtasks are done) hands the rest to the kernel in one
 * `writev`. A lone awaited call is written exactly as without the batcher (a corked single
 * write measured about 1 µs of CPU more), and nothing waits for a timer. Unlike iovalkey's
 * `enableAutoPipelining`, no command is held back to a later turn of the event loop.
 */
export class WriteBatcher {
  readonly #sockets: () => Iterable<Corkable | undefined>
  /** Commands seen this tick, counted up to 2 (0: no end-of-tick flush is scheduled). */
  #seen = 0
  #corked: Corkable[] = []

  /** `sockets` lists the connections' current sockets (undefined while not connected). */
  constructor(sockets: () => Iterable<Corkable | undefined>) {
    this.#sockets = sockets
  }

  /** Called before each command is written. */
  batch(): void {
    if (this.#seen === 0) {
      this.#seen = 1
      process.nextTick(this.#flush)
    } else if (this.#seen === 1) {
      this.#seen = 2
      for (const socket of this.#sockets()) {
        if (socket === undefined || typeof socket.cork !== 'function') continue
        socket.cork()
        this.#corked.push(socket)
      }
    }
  }

  readonly #flush = (): void => {
    this.#seen = 0
    const corked = this.#corked
    if (corked.length === 0) return
    this.#corked = []
    for (const socket of corked) socket.uncork()
  }
}
