import {
  type Backend,
  CacheError,
  type CacheStats,
  type Capabilities,
  type Clock,
  type Mode,
  type Result,
  type SetOptions,
} from '../../src/index.js'
import { ReferenceBackend } from '../../src/testing/index.js'

const stores = new Map<string, ReferenceBackend<unknown, unknown, 'async'>>()

/**
 * An async test backend whose instances share one store per name, as handles of a
 * networked or shared-memory cache do; each handle closes on its own.
 */
export class SharedByName implements Backend<unknown, unknown, 'async'> {
  readonly mode = 'async' as const
  readonly capabilities: Capabilities = {
    ttl: true,
    crossProcess: true,
    bytesOnly: false,
    exactEviction: true,
  }
  readonly #store: ReferenceBackend<unknown, unknown, 'async'>
  #closed = false

  constructor(name: string, max: number, clock: Clock) {
    let store = stores.get(name)
    if (!store) stores.set(name, (store = new ReferenceBackend({ mode: 'async', max, clock })))
    this.#store = store
  }

  get size(): Promise<number> {
    return this.#open().then(() => this.#store.size)
  }
  get(key: unknown): Promise<unknown> {
    return this.#open().then(() => this.#store.get(key))
  }
  lookup<T>(key: unknown, miss: T): Promise<unknown> {
    return this.#open().then(() => this.#store.lookup(key, miss))
  }
  set(key: unknown, value: unknown, options?: SetOptions): Promise<void> {
    return this.#open().then(() => this.#store.set(key, value, options))
  }
  has(key: unknown): Promise<boolean> {
    return this.#open().then(() => this.#store.has(key))
  }
  delete(key: unknown): Promise<boolean> {
    return this.#open().then(() => this.#store.delete(key))
  }
  clear(): Promise<void> {
    return this.#open().then(() => this.#store.clear())
  }
  stats(): Result<CacheStats, 'async'> {
    return this.#open().then(() => this.#store.stats())
  }
  async close(): Promise<void> {
    this.#closed = true
  }
  async #open(): Promise<void> {
    if (this.#closed) throw new CacheError('E_CLOSED', 'SharedByName is closed')
  }
}

export type { Mode }
