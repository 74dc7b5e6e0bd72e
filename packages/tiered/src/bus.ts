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
 * for "everything" (a `clear`), and `at` the sender's wall-clock time in ms (fractional),
 * used only to measure latency.
 */
export interface InvalidationMessage {
  /** The sending {@link TieredCache}'s `id` (a random UUID per instance). */
  origin: string
  /** The invalidated keys, each base64 of `encodeValue(key)`; `null`: every key (a `clear`). */
  keys: string[] | null
  /** When it was sent: the sender's wall clock in ms since the epoch, fractional. */
  at: number
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
  const { origin, keys, at } = m as Record<string, unknown>
  if (typeof origin !== 'string' || typeof at !== 'number') return undefined
  if (keys !== null && !(Array.isArray(keys) && keys.every((k) => typeof k === 'string'))) {
    return undefined
  }
  return { origin, keys: keys as string[] | null, at }
}

/** Wall-clock time in ms with sub-ms precision (comparable between processes of a machine). */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now()
}
