import type { Backend, CacheStats, Capabilities, Mode, Result, SetOptions } from '../backend.js'
import { emptyStats } from '../backend.js'
import type { Clock } from '../clock.js'
import { CacheError } from '../errors.js'

/** Options of {@link ReferenceBackend}. */
export interface ReferenceBackendOptions<M extends Mode> {
  /** `'sync'` answers directly, `'async'` answers with Promises. */
  mode: M
  /** Most entries kept; the oldest-inserted is evicted first. A positive integer. */
  max: number
  /** Default time to live in ms; `0` or absent means entries never expire. */
  ttl?: number
  /** Time source in ms (default `performance`). */
  clock?: Clock
}

interface Entry<V> {
  value: V
  /** Absolute expiry time in clock ms, or `Infinity`. */
  expiresAt: number
}

/**
 * A small, obviously-correct backend (a `Map` in insertion order, FIFO eviction)
 * used to test the contract suite itself and as an async stand-in for networked
 * stores in other packages' tests. Not built for speed.
 */
export class ReferenceBackend<K, V, M extends Mode = 'sync'> implements Backend<K, V, M> {
  readonly mode: M
  readonly capabilities: Capabilities = { ttl: true, crossProcess: false, bytesOnly: false }
  readonly #entries = new Map<K, Entry<V>>()
  readonly #max: number
  readonly #ttl: number
  readonly #clock: Clock
  readonly #stats: CacheStats
  #closed = false

  constructor(options: ReferenceBackendOptions<M>) {
    if (options.mode !== 'sync' && options.mode !== 'async') {
      throw new TypeError(`ReferenceBackend: mode must be 'sync' or 'async'`)
    }
    if (!Number.isInteger(options.max) || options.max < 1) {
      throw new TypeError(`ReferenceBackend: max must be a positive integer, got ${options.max}`)
    }
    if (options.ttl !== undefined && !(options.ttl >= 0)) {
      throw new TypeError(`ReferenceBackend: ttl must be a number ≥ 0 (ms), got ${options.ttl}`)
    }
    this.mode = options.mode
    this.#max = options.max
    this.#ttl = options.ttl ?? 0
    this.#clock = options.clock ?? performance
    this.#stats = emptyStats(options.max)
  }

  get size(): number {
    return this.#entries.size
  }

  get(key: K): Result<V | undefined, M> {
    const entry = this.#live(key)
    if (entry) this.#stats.hits++
    else this.#stats.misses++
    return this.#answer(entry?.value)
  }

  set(key: K, value: V, options?: SetOptions): Result<void, M> {
    this.#open()
    const ttl = options?.ttl ?? this.#ttl
    if (!(ttl >= 0)) throw new TypeError(`ReferenceBackend.set: ttl must be ≥ 0 (ms), got ${ttl}`)
    this.#entries.delete(key)
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next().value as K
      this.#entries.delete(oldest)
      this.#stats.evictions++
    }
    const expiresAt = ttl > 0 ? this.#clock.now() + ttl : Number.POSITIVE_INFINITY
    this.#entries.set(key, { value, expiresAt })
    this.#stats.sets++
    return this.#answer(undefined)
  }

  lookup<T>(key: K, miss: T): Result<V | T, M> {
    const entry = this.#live(key)
    if (entry) this.#stats.hits++
    else this.#stats.misses++
    return this.#answer(entry ? entry.value : miss)
  }

  has(key: K): Result<boolean, M> {
    return this.#answer(this.#live(key) !== undefined)
  }

  delete(key: K): Result<boolean, M> {
    const existed = this.#live(key) !== undefined
    if (existed) {
      this.#entries.delete(key)
      this.#stats.deletes++
    }
    return this.#answer(existed)
  }

  clear(): Result<void, M> {
    this.#open()
    this.#entries.clear()
    return this.#answer(undefined)
  }

  stats(): CacheStats {
    return { ...this.#stats, size: this.#entries.size }
  }

  close(): Result<void, M> {
    this.#closed = true
    this.#entries.clear()
    return this.#answer(undefined)
  }

  #live(key: K): Entry<V> | undefined {
    this.#open()
    const entry = this.#entries.get(key)
    if (entry && entry.expiresAt <= this.#clock.now()) {
      this.#entries.delete(key)
      this.#stats.expirations++
      return undefined
    }
    return entry
  }

  #open(): void {
    if (this.#closed) throw new CacheError('E_CLOSED', 'ReferenceBackend is closed')
  }

  #answer<T>(value: T): Result<T, M> {
    return (this.mode === 'sync' ? value : Promise.resolve(value)) as Result<T, M>
  }
}
