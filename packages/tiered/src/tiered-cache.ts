import { randomUUID } from 'node:crypto'
import type {
  AsyncBackend,
  Backend,
  CacheStats,
  Capabilities,
  Clock,
  SetOptions,
  SyncBackend,
} from '@warp/core'
import { CacheError, checkOptions, InvalidOptionError } from '@warp/core'
import { decodeValue, encodeValue } from '@warp/core/codec'
import { type BreakerState, CircuitBreaker } from './breaker.js'
import { type InvalidationBus, parseMessage } from './bus.js'
import { tieredChannels as events } from './events.js'
import {
  type BusDownMode,
  TIERED_DEFAULTS,
  type TieredCacheOptions,
  tieredCacheOptionSpecs,
} from './options.js'
import { ReadEpochs } from './read-epochs.js'
import { type PubSubClient, RedisBus } from './redis-bus.js'
import { latencySince, sendStamp } from './send-clock.js'
import { withTimeout } from './timeout.js'

const OWNER = 'TieredCache'
const MISS: unique symbol = Symbol('warp.tiered.miss')

/** {@link TieredCache.stats}: the usual counters for the whole cache, plus each tier's. */
export interface TieredStats extends CacheStats {
  /** Reads answered by L1 (no I/O). */
  l1Hits: number
  /** Reads that missed L1 and were answered by L2. */
  l2Hits: number
  /** L1 fills dropped because the key was invalidated or written while L2 was read. */
  fillsDiscarded: number
  /** Invalidation messages this instance published. */
  invalidationsSent: number
  /** Invalidation messages from other instances this instance applied. */
  invalidationsReceived: number
  /** Publishes that failed or timed out (the write itself had succeeded). */
  publishErrors: number
  /** L2 calls that failed or timed out (breaker refusals not included). */
  l2Errors: number
  /** The L2 circuit breaker's state. */
  breaker: BreakerState
  /** The invalidation bus: `'none'` when there is no bus. */
  bus: 'connected' | 'disconnected' | 'none'
  /** Each tier's own stats, as the tier reports them. */
  tiers: {
    /** L1's `stats()`. */
    l1: CacheStats
    /** L2's `stats()`; `undefined` when L2 could not answer (error, timeout, open breaker). */
    l2: CacheStats | undefined
  }
}

/**
 * A two-tier cache: an **L1** sync backend (in-process `SieveCache`, or a machine-wide
 * `SharedCache`) in front of an **L2** async backend every instance shares (`RedisCache`),
 * kept coherent across instances by invalidation messages on a pub/sub bus.
 *
 * - **Reads**: L1 (a hit does no I/O and waits for nothing remote), then L2, whose value is
 *   copied into L1 — unless the key was invalidated or written while L2 was being read.
 * - **Writes** (`set`, `delete`, `clear`): L2 first, then this instance's L1, then one
 *   message `{ origin, keys }` on the namespace's channel; every other instance drops those
 *   keys (all keys for `clear`) from its L1.
 * - **Bus down**: L1 entries live at most {@link TieredCacheOptions.l1MaxTtl} (or L1 is
 *   bypassed), and L1 is emptied when the subscription is back.
 * - **L2 down**: a circuit breaker; L1 hits go on being served, other calls settle within
 *   {@link TieredCacheOptions.timeout} with a `CacheError` (`E_IO`, `E_TIMEOUT`).
 *
 * Guarantees: eventual consistency between instances, read-your-writes on the writer, and a
 * lost invalidation served stale for at most `l1MaxTtl` (see the README).
 *
 * For loading on a miss (coalescing, stale-while-revalidate, timeouts), put `@warp/async`'s
 * `createAsyncCache({ backend: tiered })` on top.
 *
 * @example
 * ```ts
 * const cache = new TieredCache<string, User>({
 *   l1: new SieveCache({ max: 10_000 }),
 *   l2: new RedisCache({ url: 'redis://localhost:6379', prefix: 'users' }),
 * })
 * await cache.set('u1', user)  // L2, L1, then an invalidation to the other instances
 * await cache.get('u1')        // from L1
 * await cache.close()
 * ```
 */
export class TieredCache<K = unknown, V = unknown> implements Backend<K, V, 'async'> {
  /** Always `'async'`: an L1 hit resolves at once, without I/O. */
  readonly mode = 'async' as const
  /** TTL and bytes as L2 has them; shared between instances; no exact eviction counts. */
  readonly capabilities: Capabilities
  /** This instance's id: the `origin` of its invalidation messages. */
  readonly id = randomUUID()
  /** The first tier. */
  readonly l1: SyncBackend<K, V>
  /** The second tier. */
  readonly l2: AsyncBackend<K, V>
  /** The pub/sub channel of this namespace (see {@link TieredCacheOptions.channel}). */
  readonly channel: string
  /** The invalidation bus in use, if any. */
  readonly bus: InvalidationBus | undefined

  readonly #clock: Clock
  readonly #timeout: number
  readonly #l1MaxTtl: number
  readonly #l1Ttl: number
  readonly #busDown: BusDownMode
  readonly #closeTiers: boolean
  readonly #breaker: CircuitBreaker
  readonly #epochs = new ReadEpochs<K>()
  readonly #counters = {
    l1Hits: 0,
    l2Hits: 0,
    misses: 0,
    sets: 0,
    deletes: 0,
    fillsDiscarded: 0,
    invalidationsSent: 0,
    invalidationsReceived: 0,
    publishErrors: 0,
    l2Errors: 0,
  }
  #busUp = false
  #everUp = false
  #downSince: number
  #purged = false
  #filledWhileDown = false
  #closed = false

  /**
   * @throws `InvalidOptionError` for unknown or invalid options, an `l1` that is not a sync
   *   backend or an `l2` that is not an async one (see {@link TieredCacheOptions}).
   */
  constructor(options: TieredCacheOptions<K, V>) {
    checkOptions(OWNER, tieredCacheOptionSpecs, options)
    const { l1, l2 } = options
    requireBackend('l1', l1, 'sync')
    requireBackend('l2', l2, 'async')
    if (options.bus !== undefined && options.bus !== false && !isBus(options.bus)) {
      throw new InvalidOptionError(
        'bus',
        `${OWNER}: option "bus" must be an InvalidationBus (start, publish, close) or false`,
      )
    }
    if (options.clock !== undefined && typeof options.clock.now !== 'function') {
      throw new InvalidOptionError('clock', `${OWNER}: option "clock" must have a now() method`)
    }
    this.l1 = l1
    this.l2 = l2
    this.capabilities = {
      ttl: l2.capabilities.ttl,
      crossProcess: true,
      bytesOnly: l1.capabilities.bytesOnly || l2.capabilities.bytesOnly,
      exactEviction: false,
    }
    this.#clock = options.clock ?? performance
    this.#timeout = options.timeout ?? TIERED_DEFAULTS.timeout
    this.#l1MaxTtl = options.l1MaxTtl ?? TIERED_DEFAULTS.l1MaxTtl
    const l1Ttl = options.l1Ttl ?? TIERED_DEFAULTS.l1Ttl
    this.#l1Ttl = l1Ttl === 0 ? Number.POSITIVE_INFINITY : l1Ttl
    this.#busDown = options.busDown ?? TIERED_DEFAULTS.busDown
    this.#closeTiers = options.closeTiers ?? true
    this.#downSince = this.#clock.now()
    this.#breaker = new CircuitBreaker(
      options.breakerThreshold ?? TIERED_DEFAULTS.breakerThreshold,
      options.breakerCooldown ?? TIERED_DEFAULTS.breakerCooldown,
      this.#clock,
      (state) => {
        if (events.breaker.hasSubscribers) events.breaker.publish({ cache: this, state })
      },
    )
    const prefix = (l2 as { prefix?: unknown }).prefix
    this.channel = options.channel ?? `warp:tiered:${typeof prefix === 'string' ? prefix : 'cache'}`
    this.bus = options.bus === false ? undefined : (options.bus ?? this.#defaultBus(options))
    this.bus?.start(this.channel, {
      message: (payload) => this.#receive(payload),
      up: () => this.#up(),
      down: (reason) => this.#down(reason),
    })
  }

  /** The value of `key`, or `undefined` on a miss. */
  get(key: K): Promise<V | undefined> {
    return this.lookup(key, undefined)
  }

  /**
   * The value of `key`, or `miss`: from L1 when it has it (no I/O), else from L2 (then kept
   * in L1). Rejects with `E_IO`/`E_TIMEOUT` when L1 misses and L2 fails or the breaker is open.
   */
  lookup<T>(key: K, miss: T): Promise<V | T> {
    if (this.#closed) return Promise.reject(closedError())
    if (this.#l1Usable()) {
      const value = this.#l1Read(key)
      if (value !== MISS) {
        this.#counters.l1Hits++
        if (events.hit.hasSubscribers) events.hit.publish({ cache: this, tier: 'l1', key })
        return Promise.resolve(value)
      }
    }
    return this.#readL2(key, miss)
  }

  /**
   * True when `key` has a live entry. Asks L2, the tier of record (so it never answers from an
   * L1 copy that an invalidation is about to drop); when L2 cannot answer, an L1 entry counts,
   * else the call rejects. Not counted as a hit.
   */
  async has(key: K): Promise<boolean> {
    this.#open()
    try {
      return await this.#l2Call('has', () => this.l2.has(key))
    } catch (error) {
      if (isTierFailure(error) && this.#l1Usable() && this.l1.has(key)) return true
      throw error
    }
  }

  /**
   * Stores `value`: in L2, then in this instance's L1, then tells the other instances to
   * drop `key`. `ttl` (ms) applies to both tiers (L1's copy is also bounded by `l1Ttl`).
   * Resolves once the invalidation is published; a failed publish does not reject (the value
   * is stored) but is counted and reported (see the README on failures). When L2 fails,
   * `key` is dropped from this L1 and the call rejects.
   */
  async set(key: K, value: V, options?: SetOptions): Promise<void> {
    this.#open()
    const ttl = options?.ttl
    if (ttl !== undefined && (typeof ttl !== 'number' || Number.isNaN(ttl) || ttl < 0)) {
      throw new InvalidOptionError(
        'ttl',
        `${OWNER}: ttl must be a number of ms ≥ 0 (0 or Infinity: never expires), got ${String(ttl)}`,
      )
    }
    const token = this.#epochs.begin(key)
    let clean: boolean
    let failed = true
    try {
      await this.#l2Call('set', () => this.l2.set(key, value, options))
      failed = false
    } finally {
      clean = this.#epochs.end(key, token)
      this.#epochs.bump(key)
      // L2 may or may not hold the value now: keep no copy here that could disagree with it.
      if (failed) this.#l1Delete(key)
    }
    this.#counters.sets++
    // Another instance's invalidation of this key arrived while we wrote: its value may be
    // newer than ours in L2, so keep none in L1.
    if (clean && this.#l1Usable() && this.#busDown !== 'bypass') this.#fill(key, value, ttl)
    else this.#l1Delete(key)
    await this.#announce([key])
  }

  /** Removes `key` from L2, then from L1, then from the other instances' L1s. True when L2 had it. */
  async delete(key: K): Promise<boolean> {
    this.#open()
    let removed: boolean
    try {
      removed = await this.#l2Call('delete', () => this.l2.delete(key))
    } finally {
      this.#epochs.bump(key)
      this.#l1Delete(key)
    }
    if (removed) this.#counters.deletes++
    await this.#announce([key])
    return removed
  }

  /** Empties L2 (this namespace), this L1, and every other instance's L1. */
  async clear(): Promise<void> {
    this.#open()
    try {
      await this.#l2Call('clear', () => this.l2.clear())
    } finally {
      this.#l1Clear()
    }
    await this.#announce(null)
  }

  /** The entries in L2 (the tier that holds them all); see L2's docs for its cost. */
  get size(): Promise<number> {
    if (this.#closed) return Promise.reject(closedError())
    return this.#l2Call('size', () => this.l2.size)
  }

  /**
   * Counters of the whole cache (`hits` = L1 + L2 hits; `misses`: missed in both), each
   * tier's own stats, and the breaker and bus states. `size` and `capacity` are L2's (`NaN`
   * and `Infinity` when L2 cannot answer); `evictions`, `expirations` and `oversize` are L1's.
   */
  async stats(): Promise<TieredStats> {
    this.#open()
    const l1 = this.l1.stats()
    let l2: CacheStats | undefined
    try {
      l2 = await this.#l2Call('stats', () => this.l2.stats())
    } catch {
      l2 = undefined
    }
    const c = this.#counters
    return {
      hits: c.l1Hits + c.l2Hits,
      misses: c.misses,
      sets: c.sets,
      deletes: c.deletes,
      evictions: l1.evictions,
      expirations: l1.expirations,
      oversize: l1.oversize,
      size: l2?.size ?? Number.NaN,
      capacity: l2?.capacity ?? Number.POSITIVE_INFINITY,
      l1Hits: c.l1Hits,
      l2Hits: c.l2Hits,
      fillsDiscarded: c.fillsDiscarded,
      invalidationsSent: c.invalidationsSent,
      invalidationsReceived: c.invalidationsReceived,
      publishErrors: c.publishErrors,
      l2Errors: c.l2Errors,
      breaker: this.#breaker.state,
      bus: this.bus ? (this.#busUp ? 'connected' : 'disconnected') : 'none',
      tiers: { l1, l2 },
    }
  }

  /** True while the invalidation bus is subscribed (false without a bus). */
  get busConnected(): boolean {
    return this.#busUp
  }

  /** The L2 circuit breaker's state. */
  get breakerState(): BreakerState {
    return this.#breaker.state
  }

  /**
   * Closes the bus (its subscriber connection) and, unless `closeTiers: false`, both tiers.
   * Later calls reject with `E_CLOSED`; a second `close()` does nothing.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    const errors: unknown[] = []
    try {
      await this.bus?.close()
    } catch (error) {
      errors.push(error)
    }
    if (this.#closeTiers) {
      try {
        this.l1.close()
      } catch (error) {
        errors.push(error)
      }
      try {
        await this.l2.close()
      } catch (error) {
        errors.push(error)
      }
    }
    if (errors.length > 0) {
      throw new CacheError('E_IO', `${OWNER}: close() failed to close everything`, {
        cause: errors.length === 1 ? errors[0] : new AggregateError(errors),
      })
    }
  }

  async #readL2<T>(key: K, miss: T): Promise<V | T> {
    const token = this.#epochs.begin(key)
    let value: V | typeof MISS
    let clean: boolean
    try {
      value = await this.#l2Call('get', () => l2Lookup(this.l2, key))
    } finally {
      clean = this.#epochs.end(key, token)
    }
    if (value === MISS) {
      this.#counters.misses++
      if (events.miss.hasSubscribers) events.miss.publish({ cache: this, key })
      return miss
    }
    this.#counters.l2Hits++
    if (events.hit.hasSubscribers) events.hit.publish({ cache: this, tier: 'l2', key })
    if (!clean) this.#counters.fillsDiscarded++
    else if (!this.#closed && this.#l1Usable()) this.#fill(key, value, undefined)
    return value
  }

  /** Runs one L2 call through the breaker, within the timeout. */
  async #l2Call<T>(operation: string, call: () => Promise<T>): Promise<T> {
    if (!this.#breaker.admit()) {
      throw new CacheError(
        'E_IO',
        `${OWNER}: L2 ${operation} not sent — the circuit breaker is open after repeated L2 failures; it lets a probe through after breakerCooldown`,
      )
    }
    try {
      const result = await withTimeout(call, this.#timeout, `${OWNER}: L2 ${operation}`)
      this.#breaker.success()
      return result
    } catch (error) {
      if (isTierFailure(error) && !this.#closed) {
        this.#counters.l2Errors++
        this.#breaker.failure()
        if (events.l2Error.hasSubscribers) events.l2Error.publish({ cache: this, operation, error })
      } else {
        this.#breaker.release()
      }
      throw error
    }
  }

  #fill(key: K, value: V, ttl: number | undefined): void {
    let bound = this.#l1Ttl
    if (!this.#busUp && this.bus) {
      bound = Math.min(bound, this.#l1MaxTtl)
      this.#filledWhileDown = true
    }
    const own = ttl === undefined || ttl === 0 ? Number.POSITIVE_INFINITY : ttl
    const effective = Math.min(own, bound)
    try {
      if (effective === Number.POSITIVE_INFINITY) {
        if (ttl === undefined) this.l1.set(key, value)
        else this.l1.set(key, value, { ttl })
      } else {
        this.l1.set(key, value, { ttl: effective })
      }
    } catch {
      // L1 refused the entry (oversize, not encodable): it is served from L2 instead.
      this.#l1Delete(key)
    }
  }

  /** L1's value or MISS; an L1 that throws (closed, damaged shared file) reads as a miss. */
  #l1Read(key: K): V | typeof MISS {
    const l1 = this.l1
    try {
      return l1.lookup ? l1.lookup(key, MISS) : l1Lookup(l1, key)
    } catch {
      return MISS
    }
  }

  #l1Clear(): void {
    this.#epochs.bumpAll()
    try {
      this.l1.clear()
    } catch {
      // A closed or failing L1 holds nothing we could serve.
    }
  }

  #l1Delete(key: K): void {
    try {
      this.l1.delete(key)
    } catch {
      // A closed or failing L1 holds nothing we could serve.
    }
  }

  /** Whether L1 may be read and filled now; applies the bus-down bound. */
  #l1Usable(): boolean {
    if (this.#busUp || !this.bus) return true
    if (this.#busDown === 'bypass') return false
    if (!this.#purged && this.#clock.now() - this.#downSince >= this.#l1MaxTtl) {
      // The bus has been down for l1MaxTtl: whatever L1 held from before may have missed
      // invalidations. Fills since then carry a TTL ≤ l1MaxTtl, so one purge suffices.
      this.#purged = true
      this.#l1Clear()
    }
    return true
  }

  async #announce(keys: K[] | null): Promise<void> {
    const bus = this.bus
    if (!bus) return
    let payload: string
    try {
      payload = JSON.stringify({
        origin: this.id,
        keys: keys?.map((key) => Buffer.from(encodeValue(key)).toString('base64')) ?? null,
        ...sendStamp(),
      })
    } catch {
      // A key the codec cannot encode never reached L2 either; nothing to announce.
      return
    }
    try {
      await withTimeout(
        () => bus.publish(this.channel, payload),
        this.#timeout,
        `${OWNER}: publish`,
      )
      this.#counters.invalidationsSent++
    } catch (error) {
      this.#counters.publishErrors++
      if (events.l2Error.hasSubscribers) {
        events.l2Error.publish({ cache: this, operation: 'publish', error })
      }
    }
  }

  #receive(payload: string): void {
    if (this.#closed) return
    const message = parseMessage(payload)
    if (!message || message.origin === this.id) return
    this.#counters.invalidationsReceived++
    let keys: K[] | null = null
    if (message.keys === null) {
      this.#l1Clear()
    } else {
      keys = []
      for (const encoded of message.keys) {
        let key: K
        try {
          key = decodeValue(Buffer.from(encoded, 'base64')) as K
        } catch {
          continue
        }
        this.#epochs.bump(key)
        this.#l1Delete(key)
        keys.push(key)
      }
    }
    if (events.invalidation.hasSubscribers) {
      events.invalidation.publish({
        cache: this,
        origin: message.origin,
        keys,
        latency: latencySince(message),
      })
    }
  }

  #up(): void {
    if (this.#closed) return
    // After an outage (or fills made before the first subscription), L1 may hold values whose
    // invalidations were never received.
    if (this.#everUp || this.#filledWhileDown) this.#l1Clear()
    this.#busUp = true
    this.#everUp = true
    this.#filledWhileDown = false
    if (events.bus.hasSubscribers) events.bus.publish({ cache: this, state: 'connected' })
  }

  #down(reason: unknown): void {
    if (this.#closed) return
    this.#busUp = false
    this.#downSince = this.#clock.now()
    this.#purged = false
    if (events.bus.hasSubscribers) {
      events.bus.publish({ cache: this, state: 'disconnected', reason })
    }
  }

  #defaultBus(options: TieredCacheOptions<K, V>): InvalidationBus | undefined {
    const client = (this.l2 as { client?: PubSubClient }).client
    if (typeof client?.duplicate !== 'function') return undefined
    return new RedisBus(client, {
      reconnectDelay: options.busReconnectDelay ?? TIERED_DEFAULTS.busReconnectDelay,
      connectionName: `warp-tiered-${this.id}`,
    })
  }

  #open(): void {
    if (this.#closed) throw closedError()
  }
}

function closedError(): CacheError {
  return new CacheError('E_CLOSED', `${OWNER} is closed; create a new one to cache again`)
}

/** L2 outages (I/O errors, timeouts) count for the breaker; caller mistakes do not. */
function isTierFailure(error: unknown): boolean {
  if (error instanceof InvalidOptionError) return false
  const code = (error as { code?: unknown } | null)?.code
  return !(
    code === 'E_ENCODE' ||
    code === 'E_OVERSIZE' ||
    code === 'E_CLOSED' ||
    code === 'E_INVALID_OPTION'
  )
}

function l1Lookup<K, V>(l1: SyncBackend<K, V>, key: K): V | typeof MISS {
  const value = l1.get(key)
  return value !== undefined || l1.has(key) ? (value as V) : MISS
}

function l2Lookup<K, V>(l2: AsyncBackend<K, V>, key: K): Promise<V | typeof MISS> {
  if (l2.lookup) return l2.lookup(key, MISS)
  return l2.get(key).then((value) => (value === undefined ? MISS : value))
}

function requireBackend(name: 'l1' | 'l2', backend: unknown, mode: 'sync' | 'async'): void {
  const b = backend as Partial<Backend<unknown, unknown, 'sync'>> | null
  if (
    typeof b !== 'object' ||
    b === null ||
    typeof b.get !== 'function' ||
    typeof b.set !== 'function'
  ) {
    throw new InvalidOptionError(
      name,
      `${OWNER}: option "${name}" must be a warp backend (${mode}); through createCache it may also be a config or URL`,
    )
  }
  if (b.mode !== mode) {
    throw new InvalidOptionError(
      name,
      `${OWNER}: option "${name}" must be a ${mode} backend, got a ${String(b.mode)} one` +
        (name === 'l1'
          ? ' (L1 answers without I/O: use SieveCache or SharedCache)'
          : ' (L2 is the shared tier: use RedisCache)'),
    )
  }
}

function isBus(bus: unknown): bus is InvalidationBus {
  const b = bus as Partial<InvalidationBus> | null
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof b.start === 'function' &&
    typeof b.publish === 'function' &&
    typeof b.close === 'function'
  )
}
