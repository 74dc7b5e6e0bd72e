import type { BusHandlers, InvalidationBus } from './bus.js'

/**
 * An in-process bus: every {@link TieredCache} given the same `LocalBus` receives the others'
 * invalidations, delivered on a later microtask (as a network would, never inside the
 * sender's call). For several caches over one L2 inside one process, and for tests.
 * Always connected.
 */
export class LocalBus implements InvalidationBus {
  readonly #subscribers = new Set<{ channel: string; handlers: BusHandlers }>()

  /** Adds a subscriber; it is `up` from the next microtask on. */
  start(channel: string, handlers: BusHandlers): void {
    this.#subscribers.add({ channel, handlers })
    queueMicrotask(() => handlers.up())
  }

  /** Delivers `payload` to every subscriber of `channel` (the sender's too), each on a microtask. */
  async publish(channel: string, payload: string): Promise<void> {
    for (const s of this.#subscribers) {
      if (s.channel === channel) queueMicrotask(() => s.handlers.message(payload))
    }
  }

  /** Nothing to release: a `LocalBus` holds no connections. */
  async close(): Promise<void> {
    // Each cache closes the bus it was given; subscribers of a closed cache ignore messages.
  }
}
