import { randomBytes } from 'node:crypto'
import { EventEmitter } from 'node:events'
import type { AnyBackend, Capabilities } from '@warp/core'

/**
 * Where the adapter keeps each namespace's generation token. The leading NUL
 * keeps it apart from every key Keyv writes (Keyv keys are `namespace:key`).
 */
const GENERATION_PREFIX = '\u0000warp-keyv-generation\u0000'

/** A warp backend with string keys, of the mode `M` it reports. */
export type KeyvWarpBackend<M extends 'sync' | 'async'> = AnyBackend<string, unknown> & {
  /** `'sync'` or `'async'`, as the backend reports it. */
  readonly mode: M
}

/** Options of {@link KeyvWarp}. */
export interface KeyvWarpOptions {
  /**
   * Whether `disconnect()` (called by `keyv.disconnect()` and cache-manager's
   * `disconnect()`) also closes the backend. Default `true`: the adapter owns the
   * backend it was given. Set `false` when the backend is shared with other code.
   */
  closeBackend?: boolean
}

/** The `opts` object Keyv reads from a storage adapter. */
export interface KeyvWarpOpts {
  /** Always `'warp'`; Keyv and cache-manager use it only for display. */
  readonly dialect: 'warp'
  /** The backend's mode, `'sync'` or `'async'`. */
  readonly mode: 'sync' | 'async'
  /** The backend's capabilities, as it reports them. */
  readonly capabilities: Capabilities
}

/**
 * A Keyv v5 storage adapter over any warp backend, sync or async:
 * `new Keyv({ store: new KeyvWarp(new SieveCache({ max: 10_000 })) })`. It works
 * wherever Keyv does (cache-manager v7, cacheable).
 *
 * Values are whatever Keyv hands over: serialized strings by default, or
 * `{ value, expires }` objects when Keyv's `serialize` is turned off. Byte
 * backends (`capabilities.bytesOnly`, e.g. `SharedCache`) store both through
 * core's codec; in-process backends keep them by reference. Keyv's per-entry TTL
 * (ms) is passed on to backends with `capabilities.ttl`; Keyv also checks
 * `expires` itself on every read, so backends without TTL stay correct for `get`.
 *
 * **Namespaces.** Keyv prefixes keys with its namespace and expects `clear()` to
 * empty only that namespace. warp backends cannot list keys, so each namespace
 * has a generation token stored in the backend (read on every call: one extra
 * backend read); `clear()` replaces the token, and entries under the old one are
 * unreachable and fall out by eviction or TTL. This works across processes for
 * shared backends. Without a namespace, `clear()` clears the whole backend.
 * If the backend ever evicts a token, that namespace reads as empty (a cache miss,
 * never a wrong value).
 *
 * Errors thrown by the backend reject the returned Promise; Keyv reports them
 * through its `error` event.
 */
export class KeyvWarp<M extends 'sync' | 'async' = 'sync' | 'async'> extends EventEmitter {
  /** The backend this adapter stores into. */
  readonly backend: KeyvWarpBackend<M>
  /** What Keyv reads as the adapter's options. */
  readonly opts: KeyvWarpOpts
  /** The namespace Keyv assigns (Keyv sets this property itself); `undefined` for none. */
  namespace: string | undefined
  readonly #closeBackend: boolean

  /**
   * @param backend - any warp backend whose keys can be strings.
   * @param options - see {@link KeyvWarpOptions}.
   * @throws TypeError when `backend` does not look like a warp backend.
   */
  constructor(
    backend: AnyBackend<string, unknown> & { readonly mode: M },
    options: KeyvWarpOptions = {},
  ) {
    super()
    const b = backend as Partial<AnyBackend<string, unknown>> | null | undefined
    if (
      b == null ||
      (b.mode !== 'sync' && b.mode !== 'async') ||
      typeof b.get !== 'function' ||
      typeof b.set !== 'function' ||
      typeof b.delete !== 'function' ||
      typeof b.clear !== 'function'
    ) {
      throw new TypeError(
        '[warp] KeyvWarp: expected a warp backend (an object with mode, get, set, has, delete, clear)',
      )
    }
    if (options.closeBackend !== undefined && typeof options.closeBackend !== 'boolean') {
      throw new TypeError('[warp] KeyvWarp: option "closeBackend" must be a boolean')
    }
    this.backend = backend
    this.#closeBackend = options.closeBackend ?? true
    this.opts = { dialect: 'warp', mode: backend.mode, capabilities: backend.capabilities }
  }

  /** The stored value of `key` (as Keyv wrote it), or `undefined`. */
  async get<Value>(key: string): Promise<Value | undefined> {
    const prefix = await this.#prefix()
    return (await this.#b.get(prefix + key)) as Value | undefined
  }

  /** The stored values of `keys`, in order; `undefined` for each miss. */
  async getMany<Value>(keys: string[]): Promise<Array<Value | undefined>> {
    const prefix = await this.#prefix()
    const out: Array<Value | undefined> = []
    for (const key of keys) out.push((await this.#b.get(prefix + key)) as Value | undefined)
    return out
  }

  /**
   * Stores `value` under `key`. `ttl` is in milliseconds; `undefined` or `0` means
   * the backend's default (never, unless the backend was built with a `ttl`).
   */
  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const prefix = await this.#prefix()
    await this.#b.set(prefix + key, value, this.#ttl(ttl))
    return true
  }

  /** Stores every entry; each may carry its own `ttl` in milliseconds. */
  async setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void> {
    const prefix = await this.#prefix()
    for (const { key, value, ttl } of entries)
      await this.#b.set(prefix + key, value, this.#ttl(ttl))
  }

  /** True when `key` has a live entry. */
  async has(key: string): Promise<boolean> {
    const prefix = await this.#prefix()
    return await this.#b.has(prefix + key)
  }

  /** For each of `keys`, whether it has a live entry. */
  async hasMany(keys: string[]): Promise<boolean[]> {
    const prefix = await this.#prefix()
    const out: boolean[] = []
    for (const key of keys) out.push(await this.#b.has(prefix + key))
    return out
  }

  /** Removes `key`; true when it was present. */
  async delete(key: string): Promise<boolean> {
    const prefix = await this.#prefix()
    return await this.#b.delete(prefix + key)
  }

  /** Removes every key in `keys`; true only when every one of them was present. */
  async deleteMany(keys: string[]): Promise<boolean> {
    const prefix = await this.#prefix()
    let all = true
    for (const key of keys) if (!(await this.#b.delete(prefix + key))) all = false
    return all
  }

  /**
   * Empties the current namespace (see the class notes), or the whole backend
   * when there is no namespace.
   */
  async clear(): Promise<void> {
    if (this.namespace === undefined) {
      await this.#b.clear()
      return
    }
    await this.#newGeneration(this.namespace)
  }

  /** Closes the backend unless the adapter was built with `closeBackend: false`. */
  async disconnect(): Promise<void> {
    if (this.#closeBackend) await this.#b.close?.()
  }

  /** The backend, typed loosely: `await` turns both modes into one code path. */
  get #b(): AnyBackend<string, unknown> {
    return this.backend
  }

  #ttl(ttl: number | undefined): { ttl: number } | undefined {
    if (!this.backend.capabilities.ttl) return undefined
    return typeof ttl === 'number' && ttl > 0 && Number.isFinite(ttl) ? { ttl } : undefined
  }

  /** The key prefix of the current namespace's generation ('' without a namespace). */
  async #prefix(): Promise<string> {
    const namespace = this.namespace
    if (namespace === undefined) return ''
    const token = await this.#b.get(GENERATION_PREFIX + namespace)
    if (typeof token === 'string') return token
    return await this.#newGeneration(namespace)
  }

  async #newGeneration(namespace: string): Promise<string> {
    // Random, never reused: entries of an older generation can never become visible again.
    const token = `${randomBytes(6).toString('base64url')}\u0000`
    const never = this.backend.capabilities.ttl ? { ttl: 0 } : undefined
    await this.#b.set(GENERATION_PREFIX + namespace, token, never)
    return token
  }
}
