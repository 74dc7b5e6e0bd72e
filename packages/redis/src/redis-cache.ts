import type { Backend, CacheStats, Capabilities, SetOptions } from '@warp/core'
import { CacheError, checkOptions, InvalidOptionError } from '@warp/core'
import { decodeValue, encodeAsText, encodeKey, encodeValue } from '@warp/core/codec'
import { Deadlines } from './deadlines.js'
import { keySlot } from './key-slot.js'
import { createClient } from './load-client.js'
import {
  PREFIX_PATTERN,
  REDIS_DEFAULTS,
  type RedisCacheOptions,
  type RedisClientLike,
  redisCacheOptionSpecs,
} from './options.js'
import { WriteBatcher } from './write-batcher.js'

const OWNER = 'RedisCache'
/** Client states in which the connection is known to be gone: calls fail at once. */
const DOWN = new Set(['reconnecting', 'close', 'end', 'disconnecting'])

/**
 * An async warp backend on Redis or Valkey (a single server, a Cluster or Sentinel) through an
 * ioredis-compatible client (`iovalkey`, an optional peer dependency, or a client you pass).
 *
 * - Keys and values go through `@warp/core`'s codec, so both are binary-safe and typed
 *   (`1`, `'1'` and `1n` are different keys); each key is stored as
 *   `warp:<prefix>:<encoded key>`.
 * - `clear()` and `size` touch the namespace only, with `SCAN` (+ `UNLINK`) in batches on
 *   every master; they cost O(keys in the database) server work, spread over many short steps.
 * - Every call settles within `timeout` ms: with its answer, `E_TIMEOUT`, or — while the
 *   connection is down — at once with `E_IO`. Client errors are `E_IO` with the `cause`.
 *
 * @example
 * ```ts
 * const cache = new RedisCache<string, User>({ url: 'redis://localhost:6379', prefix: 'users', ttl: 60_000 })
 * await cache.set('u1', user)
 * await cache.get('u1')
 * await cache.close()
 * ```
 */
export class RedisCache<K = unknown, V = unknown> implements Backend<K, V, 'async'> {
  /** Always `'async'`. */
  readonly mode = 'async' as const
  /** TTL by the server, shared by every client of the server, bytes through the codec, no exact eviction counts. */
  readonly capabilities: Capabilities = {
    ttl: true,
    crossProcess: true,
    bytesOnly: true,
    exactEviction: false,
  }
  /** The client in use (created by the cache, or the one passed as `client`). */
  readonly client: RedisClientLike
  /** The namespace (see {@link RedisCacheOptions.prefix}). */
  readonly prefix: string

  /** `warp:<prefix>:`, in front of keys sent as text (see {@link encodeAsText}). */
  readonly #textKeyPrefix: string
  /** The same prefix as bytes, in front of keys sent as bytes. */
  readonly #keyPrefix: Buffer
  readonly #writes: WriteBatcher
  readonly #pattern: string
  readonly #ttl: number
  readonly #scanCount: number
  readonly #owned: boolean
  readonly #cluster: boolean
  readonly #deadlines: Deadlines
  readonly #counters = { hits: 0, misses: 0, sets: 0, deletes: 0 }
  #lastError: unknown
  #closed = false

  /**
   * @throws `InvalidOptionError` for unknown or invalid options (see {@link RedisCacheOptions});
   *   `CacheError` `E_BACKEND_NOT_INSTALLED` when no `client` is given and iovalkey is missing.
   */
  constructor(options: RedisCacheOptions = {}) {
    checkOptions(OWNER, redisCacheOptionSpecs, options)
    const prefix = options.prefix ?? REDIS_DEFAULTS.prefix
    if (!PREFIX_PATTERN.test(prefix)) {
      throw new InvalidOptionError(
        'prefix',
        `${OWNER}: option "prefix" must be 1–100 characters from A–Z a–z 0–9 _ . -, got ${JSON.stringify(prefix)}`,
      )
    }
    const sources = (['client', 'url', 'cluster', 'sentinel'] as const).filter(
      (name) => options[name] !== undefined,
    )
    if (sources.length > 1) {
      throw new InvalidOptionError(
        sources[1] as string,
        `${OWNER}: give only one of client, url, cluster, sentinel (got ${sources.join(', ')})`,
      )
    }
    if (options.client && typeof options.client.getBuffer !== 'function') {
      throw new InvalidOptionError(
        'client',
        `${OWNER}: option "client" must be an iovalkey or ioredis Redis/Cluster instance`,
      )
    }
    this.prefix = prefix
    this.#textKeyPrefix = `warp:${prefix}:`
    this.#keyPrefix = Buffer.from(this.#textKeyPrefix, 'latin1')
    this.#pattern = `${this.#textKeyPrefix}*`
    this.#ttl = options.ttl ?? REDIS_DEFAULTS.ttl
    this.#scanCount = options.scanCount ?? REDIS_DEFAULTS.scanCount
    this.#deadlines = new Deadlines(options.timeout ?? REDIS_DEFAULTS.timeout, OWNER)
    this.#owned = !options.client
    this.client = options.client ?? createClient(options)
    this.#cluster = this.client.isCluster === true
    this.#writes = new WriteBatcher(this.#sockets)
    if (this.#owned) {
      this.client.on('error', (error: unknown) => {
        this.#lastError = error
      })
    }
  }

  /** The value of `key`, or `undefined` on a miss (or on bytes the codec cannot read). */
  get(key: K): Promise<V | undefined> {
    return this.lookup(key, undefined)
  }

  /** The value of `key`, or `miss` when there is none: one `GET`, so a cached `undefined` is a hit. */
  lookup<T>(key: K, miss: T): Promise<V | T> {
    // Not an async function: the decode runs in the deadline's own settle step, one Promise per call.
    return this.#run(
      'GET',
      () => this.client.getBuffer(this.#key(key)) as Promise<Buffer | null>,
      (bytes) => this.#decode(bytes, miss),
    )
  }

  /**
   * Stores `value` under `key` with `SET … PX ttl`; `ttl` (ms) overrides the default, and `0` or
   * `Infinity` never expires. A negative or NaN `ttl` is an `InvalidOptionError`; nothing is stored.
   */
  set(key: K, value: V, options?: SetOptions): Promise<void> {
    let k: RedisKey
    let v: string | Buffer
    let ttl: number
    try {
      ttl = this.#ttlOf(options)
      k = this.#key(key)
      v = encodedValue(value)
    } catch (error) {
      return Promise.reject(error)
    }
    // Not an async function: one Promise less per call on the hot path.
    return this.#run(
      'SET',
      () =>
        ttl > 0 && ttl !== Infinity
          ? this.client.set(k, v, 'PX', Math.ceil(ttl))
          : this.client.set(k, v),
      this.#countSet,
    )
  }

  readonly #countSet = (): void => {
    this.#counters.sets++
  }

  /** True when `key` exists (`EXISTS`; a cached `undefined` counts). Not counted as a hit. */
  has(key: K): Promise<boolean> {
    return this.#run(
      'EXISTS',
      () => this.client.exists(this.#key(key)) as Promise<number>,
      isPositive,
    )
  }

  /** Removes `key` with `UNLINK`; true when it existed. */
  delete(key: K): Promise<boolean> {
    return this.#run(
      'UNLINK',
      () => this.client.unlink(this.#key(key)) as Promise<number>,
      this.#countDeleted,
    )
  }

  readonly #countDeleted = (removed: number): boolean => {
    if (removed > 0) this.#counters.deletes++
    return removed > 0
  }

  /**
   * The values of `keys`, in order (`undefined` for misses): one `MGET` on a single server, one
   * per hash slot on a Cluster, sent together. Counted as hits and misses like `get`.
   */
  getMany(keys: readonly K[]): Promise<(V | undefined)[]> {
    let encoded: RedisKey[]
    try {
      encoded = keys.map((key) => this.#key(key))
    } catch (error) {
      return Promise.reject(error)
    }
    if (this.#cluster) return this.#getManyBySlot(encoded)
    if (encoded.length === 0) return Promise.resolve([])
    // Not an async function: the decode runs in the deadline's own settle step.
    return this.#run(
      `MGET of ${encoded.length} keys`,
      () => this.client.mgetBuffer(encoded) as Promise<(Buffer | null)[]>,
      this.#decodeAll,
    )
  }

  /** `getMany` on a Cluster: one `MGET` per hash slot, sent together. */
  async #getManyBySlot(encoded: RedisKey[]): Promise<(V | undefined)[]> {
    const out = new Array<V | undefined>(encoded.length)
    await Promise.all(
      this.#groups(encoded).map(async (indexes) => {
        const batch = indexes.map((i) => encoded[i])
        const values = await this.#run(
          `MGET of ${batch.length} keys`,
          () => this.client.mgetBuffer(batch) as Promise<(Buffer | null)[]>,
          this.#decodeAll,
        )
        for (const [j, i] of indexes.entries()) out[i] = values[j]
      }),
    )
    return out
  }

  /**
   * Stores every `[key, value]` pair with one pipeline of `SET … PX` commands (one per hash
   * slot on a Cluster). `options.ttl` applies to all of them.
   */
  async setMany(entries: Iterable<readonly [K, V]>, options?: SetOptions): Promise<void> {
    const ttl = this.#ttlOf(options)
    const list = [...entries].map(([key, value]) => [this.#key(key), encodedValue(value)] as const)
    const expiry = ttl > 0 && ttl !== Infinity ? ['PX', Math.ceil(ttl)] : []
    await Promise.all(
      this.#groups(list.map(([k]) => k)).map(async (indexes) => {
        const commands = indexes.map((i) => ['set', ...(list[i] as readonly unknown[]), ...expiry])
        const results = (await this.#run(`a pipeline of ${commands.length} SETs`, () =>
          this.client.pipeline(commands).exec(),
        )) as [Error | null, unknown][]
        const failed = results.find(([error]) => error)
        if (failed) throw this.#ioError('SET', failed[0])
        this.#counters.sets += commands.length
      }),
    )
  }

  /**
   * Removes every key of this namespace, and nothing else: on each master, `SCAN` with
   * `MATCH warp:<prefix>:*` in steps of `scanCount` keys, each batch removed with `UNLINK`
   * (freed off the server's main thread). Never `FLUSHDB` or `KEYS`, so the server keeps
   * serving other clients between steps. Keys written during the scan may survive.
   */
  async clear(): Promise<void> {
    await this.#scanMasters(async (master, keys) => {
      if (keys.length === 0) return
      if (this.#cluster) {
        // A cluster node refuses multi-key commands across slots, so one UNLINK per key, pipelined.
        await this.#run(`UNLINK of ${keys.length} keys`, () =>
          master.pipeline(keys.map((k) => ['unlink', k])).exec(),
        )
      } else {
        await this.#run(`UNLINK of ${keys.length} keys`, () => master.unlink(...keys))
      }
    })
  }

  /**
   * The number of keys in this namespace, counted with `SCAN` on every master (each key once,
   * even when a scan returns it twice). Costs a full scan of the database and memory for the
   * namespace's key names: meant for diagnostics and tests, not hot paths.
   */
  get size(): Promise<number> {
    return this.#count()
  }

  /**
   * This client's counters (`hits`, `misses`, `sets`, `deletes`) and the namespace's `size`
   * (a scan, see {@link size}). `evictions` and `expirations` are the server's business and
   * read 0; `capacity` is `Infinity` (the server's `maxmemory` bounds it).
   */
  async stats(): Promise<CacheStats> {
    const size = await this.#count()
    return {
      ...this.#counters,
      evictions: 0,
      expirations: 0,
      oversize: 0,
      size,
      capacity: Number.POSITIVE_INFINITY,
    }
  }

  /**
   * Stops the cache: pending calls reject with `E_CLOSED`, later calls too. A client the cache
   * created is closed with `QUIT` (or disconnected when that does not answer within the
   * timeout); a client passed as `client` is left open. A second `close()` does nothing.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#deadlines.rejectAll(this.#closedError())
    if (!this.#owned) return
    const client = this.client
    try {
      await this.#deadlines.track(Promise.resolve(client.quit()), 'QUIT', (e) => e)
    } catch {
      // QUIT could not be sent or answered (server gone); drop the connection instead.
    }
    client.disconnect()
  }

  /**
   * The stored key: `warp:<prefix>:` and the codec's bytes of `key`. A well-formed string key
   * goes as a string with the same UTF-8 bytes: the client writes it without a Buffer, and a
   * command whose arguments are all strings skips the client's Buffer assembly.
   */
  #key(key: K): RedisKey {
    const text = encodeAsText(key)
    if (text !== undefined) return this.#textKeyPrefix + text
    const encoded = encodeKey(key)
    const prefix = this.#keyPrefix
    const out = Buffer.allocUnsafe(prefix.length + encoded.length)
    prefix.copy(out, 0)
    out.set(encoded, prefix.length)
    return out
  }

  readonly #decodeAll = (values: (Buffer | null)[]): (V | undefined)[] => {
    const out = new Array<V | undefined>(values.length)
    for (let i = 0; i < values.length; i++) out[i] = this.#decode(values[i] ?? null, undefined)
    return out
  }

  #decode<T>(bytes: Buffer | null, miss: T): V | T {
    if (bytes !== null) {
      try {
        const value = decodeValue(bytes) as V
        this.#counters.hits++
        return value
      } catch {
        // Bytes that are not ours (or corrupt) read as a miss: fail closed, never a wrong value.
      }
    }
    this.#counters.misses++
    return miss
  }

  #ttlOf(options: SetOptions | undefined): number {
    const ttl = options?.ttl ?? this.#ttl
    if (typeof ttl !== 'number' || Number.isNaN(ttl) || ttl < 0) {
      throw new InvalidOptionError(
        'ttl',
        `${OWNER}: ttl must be a number of ms ≥ 0 (0 or Infinity: never expires), got ${String(ttl)}`,
      )
    }
    return ttl
  }

  /** Indexes of `keys` grouped so each group is one command: all of them, or one group per slot. */
  #groups(keys: readonly RedisKey[]): number[][] {
    if (keys.length === 0) return []
    if (!this.#cluster) return [keys.map((_, i) => i)]
    const bySlot = new Map<number, number[]>()
    for (const [i, k] of keys.entries()) {
      const slot = keySlot(typeof k === 'string' ? Buffer.from(k) : k)
      const group = bySlot.get(slot)
      if (group) group.push(i)
      else bySlot.set(slot, [i])
    }
    return [...bySlot.values()]
  }

  async #count(): Promise<number> {
    const seen = new Set<string>()
    await this.#scanMasters(async (_, keys) => {
      for (const k of keys) seen.add(k.toString('latin1'))
    })
    return seen.size
  }

  /** Runs `step` on each batch of this namespace's keys, on every master in parallel. */
  async #scanMasters(step: (master: RedisClientLike, keys: Buffer[]) => Promise<void>) {
    this.#gate()
    // A Cluster client knows its masters only once it has connected; a routed PING waits for that.
    if (this.#cluster && this.client.nodes('master').length === 0) {
      await this.#run('PING', () => this.client.ping())
    }
    const masters: RedisClientLike[] = this.#cluster ? this.client.nodes('master') : [this.client]
    await Promise.all(
      masters.map(async (master) => {
        let cursor = '0'
        do {
          const [next, keys] = (await this.#run('SCAN', () =>
            master.scanBuffer(cursor, 'MATCH', this.#pattern, 'COUNT', this.#scanCount),
          )) as [Buffer, Buffer[]]
          cursor = next.toString()
          await step(master, keys)
        } while (cursor !== '0')
      }),
    )
  }

  /** Runs `command` under the gate and the timeout; `mapValue` shapes its answer. */
  #run<T, R = T>(what: string, command: () => Promise<T>, mapValue?: (value: T) => R): Promise<R> {
    let work: Promise<T>
    try {
      this.#gate()
    } catch (error) {
      return Promise.reject(error)
    }
    this.#writes.batch()
    try {
      work = command()
    } catch (error) {
      return Promise.reject(this.#ioError(what, error))
    }
    return this.#deadlines.track(work, what, (error) => this.#ioError(what, error), mapValue)
  }

  /** The sockets commands are written to: the client's, or on a Cluster every node's. */
  readonly #sockets = (): Iterable<{ cork(): void; uncork(): void } | undefined> =>
    this.#cluster
      ? this.client.nodes('all').map((node: RedisClientLike) => node.stream)
      : [this.client.stream]

  /** Throws `E_CLOSED` after close, and `E_IO` at once while the connection is down. */
  #gate(): void {
    if (this.#closed) throw this.#closedError()
    const status = this.client.status
    if (DOWN.has(status)) {
      const last =
        this.#lastError instanceof Error ? `; last error: ${this.#lastError.message}` : ''
      throw new CacheError(
        'E_IO',
        `${OWNER}: the connection to the server is down (${status})${last}; calls fail until it is back`,
        { cause: this.#lastError },
      )
    }
  }

  #ioError(what: string, error: unknown): unknown {
    if (error instanceof CacheError) return error
    if (this.#closed) return this.#closedError()
    const message = error instanceof Error ? error.message : String(error)
    return new CacheError('E_IO', `${OWNER}: ${what} failed: ${message}`, { cause: error })
  }

  #closedError(): CacheError {
    return new CacheError('E_CLOSED', `${OWNER} is closed; create a new one to cache again`)
  }
}

const isPositive = (n: number): boolean => n > 0

/** A key as sent: a string (UTF-8 on the wire) or bytes. */
type RedisKey = string | Buffer

/**
 * A value as sent: text when the codec's bytes are UTF-8 of a string ({@link encodeAsText}),
 * else a Buffer view of the bytes (the client sends Buffers as bytes, but other views as text).
 */
function encodedValue(value: unknown): string | Buffer {
  const text = encodeAsText(value)
  if (text !== undefined) return text
  const bytes = encodeValue(value)
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
