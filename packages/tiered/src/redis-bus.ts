import { CacheError } from '@warp/core'
import type { BusHandlers, InvalidationBus } from './bus.js'

/**
 * The part of an iovalkey / ioredis client (`Redis` or `Cluster`) that {@link RedisBus} uses;
 * `RedisCache.client` from `@warp/redis` is one.
 */
export interface PubSubClient {
  /** The connection state (`'ready'`, `'connecting'`, `'end'`, …), as iovalkey reports it. */
  readonly status: string
  /** True on a `Cluster` client: the subscriber is then duplicated with cluster options. */
  readonly isCluster?: boolean
  /** A new client to the same server(s) with `args` as extra options (the subscriber). */
  duplicate(...args: unknown[]): PubSubClient
  /** `PUBLISH channel message`. */
  publish(channel: string, message: string): Promise<unknown>
  /** `SUBSCRIBE channel`; resolves once the server confirmed it. */
  subscribe(channel: string): Promise<unknown>
  /** Adds an event listener (`'ready'`, `'message'`, `'close'`, `'end'`, `'error'`). */
  on(event: string, listener: (...args: any[]) => void): unknown
  /** Closes the connection after pending replies (`QUIT`). */
  quit(): Promise<unknown>
  /** Drops the connection at once, without a round trip. */
  disconnect(): void
}

/** Options of {@link RedisBus}. */
export interface RedisBusOptions {
  /** Delay (ms) before each reconnect attempt of the subscriber. Default `200`. */
  reconnectDelay?: number
  /** Name of the subscriber connection (`CLIENT SETNAME`), e.g. to find it in `CLIENT LIST`. */
  connectionName?: string
}

/**
 * Invalidations over Redis pub/sub. Publishes with the client it is given (normally the L2
 * cache's own) and subscribes on a **dedicated** connection duplicated from it, whose every
 * (re)connect subscribes again and reports `up` only once the server confirmed it.
 *
 * On a Cluster it uses regular `PUBLISH`/`SUBSCRIBE`, which the cluster broadcasts to every
 * node: simple and correct, at the cost of every node carrying every message (sharded
 * `SPUBLISH` would keep a channel on one shard; not used yet).
 */
export class RedisBus implements InvalidationBus {
  readonly #publisher: PubSubClient
  readonly #options: RedisBusOptions
  #subscriber: PubSubClient | undefined
  #closed = false

  /**
   * A bus that publishes with `client` (it stays its owner's: {@link close} leaves it open)
   * and subscribes on a connection duplicated from it when {@link start} is called.
   */
  constructor(client: PubSubClient, options: RedisBusOptions = {}) {
    this.#publisher = client
    this.#options = options
  }

  /** The subscriber connection (after {@link start}); exposed for diagnostics and tests. */
  get subscriber(): PubSubClient | undefined {
    return this.#subscriber
  }

  /** Opens the subscriber connection; on every `ready` it subscribes, then reports `up`. */
  start(channel: string, handlers: BusHandlers): void {
    const delay = this.#options.reconnectDelay ?? 200
    const connection = {
      autoResubscribe: false,
      enableOfflineQueue: true,
      maxRetriesPerRequest: 1,
      lazyConnect: false,
      retryStrategy: () => delay,
      ...(this.#options.connectionName ? { connectionName: this.#options.connectionName } : {}),
    }
    const sub = this.#publisher.isCluster
      ? this.#publisher.duplicate([], {
          redisOptions: connection,
          clusterRetryStrategy: () => delay,
        })
      : this.#publisher.duplicate(connection)
    this.#subscriber = sub
    let live = false
    const down = (reason: unknown) => {
      if (!live) return
      live = false
      handlers.down(reason)
    }
    sub.on('error', () => {
      // Connection errors surface as 'close' and reconnects; nothing else to do here.
    })
    sub.on('message', (ch: string, payload: string) => {
      if (ch === channel) handlers.message(payload)
    })
    sub.on('ready', () => {
      sub.subscribe(channel).then(
        () => {
          if (this.#closed || live) return
          live = true
          handlers.up()
        },
        (error: unknown) => down(error),
      )
    })
    sub.on('close', () => down(new Error('the subscriber connection closed')))
    sub.on('end', () => down(new Error('the subscriber connection ended')))
  }

  /** `PUBLISH` through the client the bus was given (the L2 cache's connection). */
  async publish(channel: string, payload: string): Promise<void> {
    if (this.#closed) throw new CacheError('E_CLOSED', 'RedisBus is closed')
    await this.#publisher.publish(channel, payload)
  }

  /** Drops the subscriber connection; the publishing client belongs to its owner and stays open. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    const sub = this.#subscriber
    if (!sub) return
    // The subscriber holds no state worth a QUIT round trip: drop it (never hangs on a dead server).
    sub.disconnect()
  }
}
