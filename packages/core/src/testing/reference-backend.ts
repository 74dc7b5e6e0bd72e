import type { Backend, CacheStats, Capabilities, Mode, Result, SetOptions } from '../backend.js'
import { emptyStats } from '../backend.js'
import { type Clock, defaultClock } from '../clock.js'
import { CacheError } from '../errors.js'
import { checkOptions, checkValue } from '../options/check-options.js'
import type { OptionSpec, OptionSpecs } from '../options/option-spec.js'

/** Options of {@link ReferenceBackend}. */
export interface ReferenceBackendOptions<M extends Mode> {
  /** `'sync'` answers directly, `'async'` answers with Promises. Required. */
  mode: M
  /** Most entries kept; the oldest-inserted is evicted first. Required; an integer from 1 to 2^30. */
  max: number
  /** Default time to live in ms; `0` (default) or `Infinity` means entries never expire. */
  ttl?: number
  /** Time source in ms (default `performance`). */
  clock?: Clock
}

const TTL: OptionSpec = {
  type: 'number',
  min: 0,
  allowInfinity: true,
  description: 'time to live in ms; 0 or Infinity = never expires',
}

const OPTIONS: OptionSpecs = {
  mode: {
    type: 'string',
    required: true,
    oneOf: ['sync', 'async'],
    description: 'sync or async answers',
  },
  max: { type: 'integer', required: true, min: 1, max: 2 ** 30, description: 'most entries kept' },
  ttl: TTL,
  clock: { type: 'object', description: 'a { now(): number } time source in ms' },
}

interface Entry<V> {
  value: V
  /** Absolute expiry time in clock ms, or `Infinity`. */
  expiresAt: number
}

/**
 * A small, obviously-correct backend (a `Map` in insertion order, FIFO eviction) used to
 * test the contract suite itself and as a stand-in for networked stores in other packages'
 * tests (in `'async'` mode every answer, and every error, comes as a Promise). Not built for speed.
 */
export class ReferenceBackend<K, V, M extends Mode = 'sync'> implements Backend<K, V, M> {
  readonly mode: M
  readonly capabilities: Capabilities = {
    ttl: true,
    crossProcess: false,
    bytesOnly: false,
    exactEviction: true,
  }
  readonly #entries = new Map<K, Entry<V>>()
  readonly #max: number
  readonly #ttl: number
  readonly #clock: Clock
  readonly #stats: CacheStats
  #closed = false

  constructor(options: ReferenceBackendOptions<M>) {
    checkOptions('ReferenceBackend', OPTIONS, options)
    this.mode = options.mode
    this.#max = options.max
    this.#ttl = options.ttl ?? 0
    this.#clock = options.clock ?? defaultClock()
    this.#stats = emptyStats(options.max)
  }

  get size(): Result<number, M> {
    return this.#answer(() => this.#open().#entries.size)
  }

  get(key: K): Result<V | undefined, M> {
    return this.#answer(() => this.#count(this.#live(key))?.value)
  }

  lookup<T>(key: K, miss: T): Result<V | T, M> {
    return this.#answer(() => {
      const entry = this.#count(this.#live(key))
      return entry ? entry.value : miss
    })
  }

  set(key: K, value: V, options?: SetOptions): Result<void, M> {
    return this.#answer(() => {
      this.#open()
      const ttl = options?.ttl ?? this.#ttl
      checkValue('ReferenceBackend.set', 'ttl', TTL, ttl)
      this.#entries.delete(key)
      if (this.#entries.size >= this.#max) {
        const oldest = this.#entries.keys().next().value as K
        this.#entries.delete(oldest)
        this.#stats.evictions++
      }
      const expiresAt = ttl > 0 ? this.#clock.now() + ttl : Number.POSITIVE_INFINITY
      this.#entries.set(key, { value, expiresAt })
      this.#stats.sets++
    })
  }

  has(key: K): Result<boolean, M> {
    return this.#answer(() => this.#live(key) !== undefined)
  }

  delete(key: K): Result<boolean, M> {
    return this.#answer(() => {
      const existed = this.#live(key) !== undefined
      if (existed) {
        this.#entries.delete(key)
        this.#stats.deletes++
      }
      return existed
    })
  }

  clear(): Result<void, M> {
    return this.#answer(() => this.#open().#entries.clear())
  }

  stats(): Result<CacheStats, M> {
    return this.#answer(() => ({ ...this.#open().#stats, size: this.#entries.size }))
  }

  close(): Result<void, M> {
    return this.#answer(() => {
      this.#closed = true
      this.#entries.clear()
    })
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

  #count(entry: Entry<V> | undefined): Entry<V> | undefined {
    if (entry) this.#stats.hits++
    else this.#stats.misses++
    return entry
  }

  #open(): this {
    if (this.#closed) throw new CacheError('E_CLOSED', 'ReferenceBackend is closed')
    return this
  }

  /** Runs `work` and answers in this backend's mode: its errors reject in async mode. */
  #answer<T>(work: () => T): Result<T, M> {
    if (this.mode === 'sync') return work() as Result<T, M>
    try {
      return Promise.resolve(work()) as Result<T, M>
    } catch (error) {
      return Promise.reject(error) as Result<T, M>
    }
  }
}
