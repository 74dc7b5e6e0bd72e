import type { AsyncBackend, CacheStats, Capabilities, Clock, SetOptions } from '@warp/core'
import { emptyStats } from '@warp/core'
import { decodeValue, encodeKey, encodeValue } from '@warp/core/codec'

/**
 * A test double for a networked byte store: async, keys and values stored as
 * bytes through core's codec (values come back as copies, objects compare by
 * content), TTL on an injected clock. Stands in for shared-memory and remote
 * backends so the envelope is exercised through a real encode/decode.
 */
export class BytesBackend implements AsyncBackend<unknown, unknown> {
  readonly mode = 'async' as const
  readonly capabilities: Capabilities = {
    ttl: true,
    crossProcess: false,
    bytesOnly: true,
    exactEviction: false,
  }
  readonly #entries = new Map<string, { bytes: Uint8Array; expiresAt: number }>()
  readonly #clock: Clock
  readonly #stats: CacheStats

  constructor(clock: Clock, max = 1000) {
    this.#clock = clock
    this.#stats = emptyStats(max)
  }

  get size(): Promise<number> {
    return Promise.resolve(this.#entries.size)
  }

  async get(key: unknown): Promise<unknown> {
    const entry = this.#live(key)
    if (entry === undefined) {
      this.#stats.misses++
      return undefined
    }
    this.#stats.hits++
    return decodeValue(entry.bytes)
  }

  async set(key: unknown, value: unknown, options?: SetOptions): Promise<void> {
    const ttl = options?.ttl ?? 0
    const bytes = encodeValue(value)
    this.#entries.set(this.#key(key), {
      bytes,
      expiresAt: ttl > 0 ? this.#clock.now() + ttl : Number.POSITIVE_INFINITY,
    })
    this.#stats.sets++
  }

  async has(key: unknown): Promise<boolean> {
    return this.#live(key) !== undefined
  }

  async delete(key: unknown): Promise<boolean> {
    const existed = this.#live(key) !== undefined
    if (existed) {
      this.#entries.delete(this.#key(key))
      this.#stats.deletes++
    }
    return existed
  }

  async clear(): Promise<void> {
    this.#entries.clear()
  }

  async stats(): Promise<CacheStats> {
    return { ...this.#stats, size: this.#entries.size }
  }

  async close(): Promise<void> {
    this.#entries.clear()
  }

  #key(key: unknown): string {
    return Buffer.from(encodeKey(key)).toString('latin1')
  }

  #live(key: unknown) {
    const k = this.#key(key)
    const entry = this.#entries.get(k)
    if (entry !== undefined && entry.expiresAt <= this.#clock.now()) {
      this.#entries.delete(k)
      this.#stats.expirations++
      return undefined
    }
    return entry
  }
}
