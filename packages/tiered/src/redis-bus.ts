import { CacheError } from '@warp/core'
import type { BusHandlers, InvalidationBus } from './bus.js'
import { keySlot } from './key-slot.js'

/**
 * The part of an iovalkey / ioredis client (`Redis` or `Cluster`) that {@link RedisBus} uses;
 * `RedisCache.client` from `@warp/redis` is one. The optional members are a `Cluster`'s
 * (sharded pub/sub) and a standalone connection's (`options`); a client without them gets
 * the broadcast mode (see {@link RedisBusOptions.sharded}).
 */
export interface PubSubClient {
  /** The connection state (`'ready'`, `'connecting'`, `'end'`, …), as iovalkey reports it. */
  readonly status: string
  /** True on a `Cluster` client: sharded pub/sub, or a subscriber duplicated with cluster options. */
  readonly isCluster?: boolean
  /** A new client to the same server(s) with `args` as extra options (the subscriber). */
  duplicate(...args: unknown[]): PubSubClient
  /** `PUBLISH channel message`. */
  publish(channel: string, message: string): Promise<unknown>
  /** `SUBSCRIBE channel`; resolves once the server confirmed it. */
  subscribe(channel: string): Promise<unknown>
  /**
   * `SPUBLISH channel message` (Redis ≥ 7): on a `Cluster` sent to the master owning the
   * channel's slot, which delivers it to that shard's subscribers only.
   */
  spublish?(channel: string, message: string): Promise<unknown>
  /** `SSUBSCRIBE channel` (Redis ≥ 7); resolves once the server confirmed it. */
  ssubscribe?(channel: string): Promise<unknown>
  /**
   * A `Cluster`'s slot map: for each slot (0–16383) the keys (`'host:port'`) of the nodes
   * serving it, its master first.
   */
  readonly slots?: ReadonlyArray<readonly string[] | undefined>
  /** A `Cluster`'s connections to its nodes of `role` (each a standalone client). */
  nodes?(role: 'master'): PubSubClient[]
  /** Has a `Cluster` reload its slot map (`CLUSTER SLOTS`); calls `callback` when done. */
  refreshSlotsCache?(callback?: (error?: Error | null) => void): void
  /** A standalone connection's options: the node it connects to. */
  readonly options?: {
    /** The node's host, as the cluster's slot map names it. */
    readonly host?: string
    /** The node's port. */
    readonly port?: number
  }
  /**
   * Adds an event listener (`'ready'`, `'message'`, `'smessage'`, `'close'`, `'end'`,
   * `'error'`).
   */
  on(event: string, listener: (...args: any[]) => void): unknown
  /** Closes the connection after pending replies (`QUIT`). */
  quit(): Promise<unknown>
  /** Drops the connection at once, without a round trip. */
  disconnect(): void
}

/** Options of {@link RedisBus}. */
export interface RedisBusOptions {
  /**
   * Delay (ms) before each reconnect attempt of the subscriber. Default `200`. In sharded mode
   * each attempt first reloads the cluster's slot map, so it finds the channel's new owner
   * after a failover or a resharding.
   */
  reconnectDelay?: number
  /** Name of the subscriber connection (`CLIENT SETNAME`), e.g. to find it in `CLIENT LIST`. */
  connectionName?: string
  /**
   * On a `Cluster` client: `true` (default) uses sharded pub/sub (`SPUBLISH`/`SSUBSCRIBE`,
   * Redis ≥ 7), so the channel lives on the one shard owning its slot; `false` uses regular
   * `PUBLISH`/`SUBSCRIBE`, which the cluster broadcasts to every node (for Redis < 7, where
   * `SSUBSCRIBE` is an unknown command). Every instance of a namespace must use the same
   * mode: the two do not see each other's messages. Ignored on a single server (always
   * `PUBLISH`/`SUBSCRIBE`), and a client without `spublish`, `ssubscribe`, `slots` and
   * `nodes` gets the broadcast mode.
   */
  sharded?: boolean
}

/**
 * Invalidations over Redis pub/sub. Publishes with the client it is given (normally the L2
 * cache's own) and subscribes on a **dedicated** connection, whose every (re)connect
 * subscribes again and reports `up` only once the server confirmed it.
 *
 * - **Single server**: `PUBLISH`/`SUBSCRIBE`, the subscriber duplicated from the client.
 * - **Cluster** (default, {@link RedisBusOptions.sharded}): sharded pub/sub, Redis ≥ 7. Publishes
 *   with `SPUBLISH` through the cluster client (routed to the master owning the channel's
 *   slot); subscribes with `SSUBSCRIBE` on a standalone connection to that master, so a
 *   namespace's messages stay on one shard. When that connection closes, or the server
 *   unsubscribes it because the slot moved to another shard, the bus reports `down`, and
 *   after `reconnectDelay` reloads the slot map and subscribes at the slot's owner then.
 *   A Redis < 7 refuses `SSUBSCRIBE` as an unknown command: the bus reports it (a `down`
 *   with a `CacheError` `E_IO` naming the option) and keeps retrying; pass `sharded: false`.
 * - **Cluster with `sharded: false`**: `PUBLISH`/`SUBSCRIBE`, which the cluster broadcasts to
 *   every node (every node carries every message), on a subscriber duplicated from the cluster.
 */
export class RedisBus implements InvalidationBus {
  readonly #publisher: PubSubClient
  readonly #options: RedisBusOptions
  readonly #sharded: boolean
  #subscriber: PubSubClient | undefined
  #retry: ReturnType<typeof setTimeout> | undefined
  #closed = false

  /**
   * A bus that publishes with `client` (it stays its owner's: {@link close} leaves it open)
   * and subscribes on a connection of its own when {@link start} is called.
   */
  constructor(client: PubSubClient, options: RedisBusOptions = {}) {
    this.#publisher = client
    this.#options = options
    this.#sharded =
      client.isCluster === true &&
      options.sharded !== false &&
      typeof client.spublish === 'function' &&
      typeof client.ssubscribe === 'function' &&
      typeof client.nodes === 'function' &&
      Array.isArray(client.slots)
  }

  /** True when the bus uses sharded pub/sub (`SPUBLISH`/`SSUBSCRIBE`) on a Cluster. */
  get sharded(): boolean {
    return this.#sharded
  }

  /**
   * The subscriber connection (after {@link start}); exposed for diagnostics and tests. In
   * sharded mode it is a standalone connection to the channel's slot owner, replaced on every
   * resubscribe.
   */
  get subscriber(): PubSubClient | undefined {
    return this.#subscriber
  }

  /** Opens the subscriber connection; on every (re)connect it subscribes, then reports `up`. */
  start(channel: string, handlers: BusHandlers): void {
    if (this.#sharded) this.#startSharded(channel, handlers)
    else this.#startBroadcast(channel, handlers)
  }

  /** The subscriber's connection options, without its retry strategy. */
  #connection(): Record<string, unknown> {
    return {
      autoResubscribe: false,
      enableOfflineQueue: true,
      maxRetriesPerRequest: 1,
      lazyConnect: false,
      ...(this.#options.connectionName ? { connectionName: this.#options.connectionName } : {}),
    }
  }

  #startBroadcast(channel: string, handlers: BusHandlers): void {
    const delay = this.#options.reconnectDelay ?? 200
    const connection = { ...this.#connection(), retryStrategy: () => delay }
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

  /**
   * One standalone connection per attempt, to the master owning the channel's slot; it does
   * not reconnect by itself: when it ends, the next attempt re-resolves the owner.
   */
  #startSharded(channel: string, handlers: BusHandlers): void {
    const cluster = this.#publisher
    const delay = this.#options.reconnectDelay ?? 200
    const slot = keySlot(channel)
    let live = false
    let reported = false // a refusal already reported while not live
    const down = (reason: unknown) => {
      if (!live) return
      live = false
      handlers.down(reason)
    }
    const schedule = () => {
      if (this.#closed || this.#retry) return
      this.#retry = setTimeout(() => {
        this.#retry = undefined
        void start(true)
      }, delay)
    }
    // An attempt that throws (a client in an unexpected state) is retried like a failed one.
    const start = (refresh: boolean) => attempt(refresh).catch(() => schedule())
    const attempt = async (refresh: boolean) => {
      if (refresh && cluster.status === 'ready' && cluster.refreshSlotsCache) {
        // Errors leave the old map: a stale owner answers MOVED, and the next attempt retries.
        await new Promise<void>((resolve) => cluster.refreshSlotsCache?.(() => resolve()))
      }
      if (this.#closed) return
      const owner = slotOwner(cluster, slot)
      if (!owner) {
        schedule() // the cluster client has no slot map yet (still connecting)
        return
      }
      const sub = owner.duplicate({ ...this.#connection(), readOnly: false, retryStrategy: null })
      this.#subscriber = sub
      let ended = false
      const end = (reason: unknown) => {
        if (ended) return
        ended = true
        down(reason)
        sub.disconnect()
        schedule()
      }
      sub.on('error', (error: unknown) => {
        // iovalkey has no event for a server-sent SUNSUBSCRIBE (Redis 7 sends one to every
        // subscriber of a shard channel whose slot moved away): it reports the unexpected
        // reply as an 'error'. Connection errors surface as 'close'.
        if (/Last reply: sunsubscribe\b/.test(String((error as Error | null)?.message))) {
          end(
            new CacheError(
              'E_IO',
              `RedisBus: the server unsubscribed the shard channel ${channel} (its slot ${slot} moved)`,
              { cause: error },
            ),
          )
        }
      })
      sub.on('smessage', (ch: string, payload: string) => {
        if (ch === channel) handlers.message(payload)
      })
      sub.on('close', () => end(new Error('the subscriber connection closed')))
      sub.on('end', () => end(new Error('the subscriber connection ended')))
      sub.ssubscribe?.(channel).then(
        () => {
          if (this.#closed || ended || live) return
          live = true
          reported = false
          handlers.up()
        },
        (error: unknown) => {
          if (/unknown command/i.test(String((error as Error | null)?.message))) {
            const refused = new CacheError(
              'E_IO',
              `RedisBus: ${nodeKey(owner)} does not know SSUBSCRIBE: sharded pub/sub needs Redis ≥ 7 (give the bus sharded: false for an older cluster)`,
              { cause: error },
            )
            if (!live && !reported) {
              reported = true
              handlers.down(refused)
            }
            end(refused)
          } else {
            end(error)
          }
        },
      )
    }
    void start(false)
  }

  /**
   * `SPUBLISH` (sharded mode) or `PUBLISH` through the client the bus was given (the L2
   * cache's connection).
   */
  async publish(channel: string, payload: string): Promise<void> {
    if (this.#closed) throw new CacheError('E_CLOSED', 'RedisBus is closed')
    if (this.#sharded) await this.#publisher.spublish?.(channel, payload)
    else await this.#publisher.publish(channel, payload)
  }

  /** Drops the subscriber connection; the publishing client belongs to its owner and stays open. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearTimeout(this.#retry)
    this.#retry = undefined
    const sub = this.#subscriber
    if (!sub) return
    // The subscriber holds no state worth a QUIT round trip: drop it (never hangs on a dead server).
    sub.disconnect()
  }
}

/** `'host:port'` of a standalone connection, as a cluster's slot map names it. */
function nodeKey(node: PubSubClient): string {
  return `${node.options?.host}:${node.options?.port}`
}

/** The cluster client's connection to the master that owns `slot` in its slot map. */
function slotOwner(cluster: PubSubClient, slot: number): PubSubClient | undefined {
  const key = cluster.slots?.[slot]?.[0]
  if (!key) return undefined
  return cluster.nodes?.('master').find((node) => nodeKey(node) === key)
}
