import type { SendStamp } from './send-clock.js'
/** What an {@link InvalidationBus} tells the cache that started it. */
export interface BusHandlers {
  /** A message arrived on the channel (any instance's, this one's included). */
  message(payload: string): void
  /** The subscription is live (first time, and after every reconnect). */
  up(): void
  /** The subscriber lost its connection; messages published until {@link up} are lost. */
  down(reason: unknown): void
}

/**
 * A pub/sub channel that carries invalidations between the instances of a namespace. The
 * default is {@link RedisBus}; any broadcast medium that tells when it is subscribed fits.
 */
export interface InvalidationBus {
  /** Subscribes to `channel` and reports to `handlers` from now on. Called once. */
  start(channel: string, handlers: BusHandlers): void
  /** Sends `payload` to every subscriber of `channel`; resolves once the medium accepted it. */
  publish(channel: string, payload: string): Promise<void>
  /** Unsubscribes and closes the connections the bus opened. */
  close(): Promise<void>
}

/**
 * One invalidation: `origin` is the sending instance's id (an instance ignores its own),
 * `keys` the invalidated keys, each as base64 of core's `encodeValue` bytes, or `null`
 * for "everything" (a `clear`), and the send time ({@link SendStamp}: `at`, and `mono` with
 * its `clock` on Linux), used only to measure latency.
 */
export interface InvalidationMessage extends SendStamp {
  /** The sending {@link TieredCache}'s `id` (a random UUID per instance). */
  origin: string
  /** The invalidated keys, each base64 of `encodeValue(key)`; `null`: every key (a `clear`). */
  keys: string[] | null
}

/** Reads a message; `undefined` for anything that is not one (foreign publishers are ignored). */
export function parseMessage(payload: string): InvalidationMessage | undefined {
  let m: unknown
  try {
    m = JSON.parse(payload)
  } catch {
    return undefined
  }
  if (typeof m !== 'object' || m === null) return undefined
  const { origin, keys, at, mono, clock } = m as Record<string, unknown>
  if (typeof origin !== 'string' || typeof at !== 'number') return undefined
  if (keys !== null && !(Array.isArray(keys) && keys.every((k) => typeof k === 'string'))) {
    return undefined
  }
  const message: InvalidationMessage = { origin, keys: keys as string[] | null, at }
  // Optional (senders before 2026-12 and off Linux send neither); only timing depends on them.
  if (typeof mono === 'number' && typeof clock === 'string') {
    message.mono = mono
    message.clock = clock
  }
  return message
}
