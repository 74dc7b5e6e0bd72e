import { resolve } from 'node:path'
import type { CacheStats, Clock, SetOptions, SyncBackend } from '@warp/core'
import { CacheError, InvalidOptionError } from '@warp/core'
import { CODEC_ID, decodeRange, encodeInto, encodeKey, encodeValue } from './codec.js'
import { LoadClaims } from './load-claims.js'
import { loadNative } from './load-native.js'
import type { Handle, KeyBytes, NativeModule } from './native.js'
import type { SharedCacheOptions } from './options.js'
import { checkName, checkTtl, defaultDir, resolveOptions } from './options.js'
import { ResultCode } from './result-codes.js'
import { toCacheError } from './to-cache-error.js'

/**
 * `encode('')` when `encode(s)` is that prefix plus the UTF-8 of `s` for well-formed
 * strings, so the addon can encode string keys and values itself; else undefined.
 */
function utf8Prefix(encode: (value: unknown) => Uint8Array): Uint8Array | undefined {
  const empty = encode('')
  const sample = 'k\u00e9\u20ac\u{1f600}'
  const full = encode(sample)
  const utf8 = Buffer.from(sample, 'utf8')
  // A tag of 1 to 8 bytes: without one, a string could not be told from other values.
  if (empty.length < 1 || empty.length > 8 || full.length !== empty.length + utf8.length) {
    return undefined
  }
  for (let i = 0; i < full.length; i++) {
    const expected = i < empty.length ? empty[i] : utf8[i - empty.length]
    if (full[i] !== expected) return undefined
  }
  return empty
}

let prefixes: { key: Uint8Array | undefined; value: Uint8Array | undefined } | undefined

/**
 * The read memo: each instance keeps up to this many recently read values that
 * are immutable (strings, numbers, …), direct-mapped by slot. A hit on one of them
 * is still a full lock-free read of the shared table (the key is looked up, the
 * sequence validated, TTL checked, the hit counted), but the addon only confirms
 * that the slot still holds the very write the memo saw, instead of copying the
 * bytes and building a new string.
 */
const MEMO_ENTRIES = 4096
/** Values longer than this (encoded bytes) are not kept: memory stays ≤ 4,096 × 256 B. */
const MEMO_MAX_BYTES = 256
/** Encoded primitive keys up to this size travel in a reused buffer (numbers take 5 or 9). */
const KEY_BUFFER_BYTES = 64
const { Miss, NeedsCodec, Present, RememberedBase } = ResultCode

/** The smallest power of two ≥ `n` (n ≥ 1). */
function powerOfTwoAtLeast(n: number): number {
  let p = 1
  while (p < n) p *= 2
  return p
}

function closedError(): CacheError {
  return new CacheError('E_CLOSED', 'this SharedCache is closed')
}

/**
 * A cache in shared memory: every process on the machine (and every worker
 * thread) that opens the same `name` sees the same entries. Sync `Backend`;
 * keys and values go through core's codec, so values come back as copies and
 * object keys compare by content.
 *
 * A crashed process never blocks or corrupts the others: readers are lock-free,
 * and the writers' lock is released by the kernel when its holder dies (the next
 * writer repairs the table, at worst by clearing it).
 *
 * @example
 * ```ts
 * const cache = new SharedCache<string, number>({ name: 'scores', max: 100_000 })
 * cache.set('alice', 42)
 * cache.get('alice') // 42, in this and every other process
 * ```
 */
export class SharedCache<K = unknown, V = unknown> implements SyncBackend<K, V> {
  /** Always `'sync'`. */
  readonly mode = 'sync' as const
  /**
   * TTL, cross-process, bytes only, exact eviction (a fixed number of slots: size
   * never exceeds `max`, and every eviction is counted in the shared counters).
   */
  readonly capabilities = {
    /** Entries expire by `ttl`, aged on CLOCK_MONOTONIC, the same clock in every process. */
    ttl: true,
    /** Every process that opens the same name and `dir` sees the same entries. */
    crossProcess: true,
    /** Keys and values go through core's codec: values come back as copies. */
    bytesOnly: true,
    /** `size` never exceeds `max`; every SIEVE eviction is counted. */
    exactEviction: true,
    /** A key's load can be claimed machine-wide (`claims`); `@warp/async` uses it. */
    loadClaims: true,
  } as const
  /** The cache's name. */
  readonly name: string
  /** The directory of its file. */
  readonly dir: string
  /** The region file: `<dir>/<name>.warp`. */
  readonly path: string
  /** Most entries. */
  readonly max: number
  /** Largest encoded key, bytes. */
  readonly maxKeyBytes: number
  /** Largest encoded value, bytes. */
  readonly maxValueBytes: number
  /** Default TTL in ms (0 = none). */
  readonly ttl: number
  /** Size of the region file in bytes (all of it reserved at creation). */
  readonly fileBytes: number
  /** True when this instance created the region (no process had it open before). */
  readonly created: boolean
  /**
   * Load claims in this cache's shared memory (see {@link LoadClaims}): one
   * process on the machine loads a missing key, the others wait for it.
   * `@warp/async` uses them when `capabilities.loadClaims` is true.
   */
  readonly claims: LoadClaims<K, V>

  readonly #native: NativeModule
  readonly #handle: Handle
  readonly #buffer: Uint8Array
  // Values are encoded into this, reused by every set; one byte more than fits,
  // so encodeInto's "does not fit" always means oversize.
  readonly #encoded: Uint8Array
  readonly #clock: Clock | undefined
  readonly #fastKeys: boolean
  readonly #stats = new Float64Array(9)
  // The read memo (see MEMO_ENTRIES). The typed arrays are read by the addon: an
  // explicit ArrayBuffer keeps their bytes off V8's heap, where they never move.
  readonly #memoValues: unknown[]
  readonly #memoSlots: Int32Array
  readonly #memoGenerations: Float64Array
  readonly #readInfo = new Float64Array(new ArrayBuffer(16))
  readonly #keyBuffer = new Uint8Array(new ArrayBuffer(KEY_BUFFER_BYTES))
  readonly #memoMask: number
  #closed = false

  /**
   * Opens the cache `options.name`, creating it when no process has yet.
   *
   * @throws `InvalidOptionError` (a `TypeError`, code `E_INVALID_OPTION`) for an unknown
   * option (with the closest valid name) or a bad value (with the accepted range).
   * @throws `CacheError`: `E_CONFIG_MISMATCH` (the cache exists
   * with other sizes or ttl), `E_PERMISSION` (directory or file not private, or a symlink),
   * `E_CORRUPT` (not a warp cache file, or damaged), `E_NO_SPACE` (the file system cannot
   * hold it), `E_NATIVE_MISSING` (the addon is not built), `E_IO`.
   */
  constructor(options: SharedCacheOptions) {
    const o = resolveOptions(options)
    const native = loadNative()
    if (o.clock !== undefined && !native.testHooks) {
      throw new InvalidOptionError(
        'clock',
        'SharedCache: option "clock" needs the test build of the addon (node scripts/build-native.mjs --test-hooks); a release build always uses CLOCK_MONOTONIC',
      )
    }
    this.#native = native
    prefixes ??= { key: utf8Prefix(encodeKey), value: utf8Prefix(encodeValue) }
    this.#fastKeys = prefixes.key !== undefined
    this.#clock = o.clock
    // 8-byte aligned by construction (a fresh ArrayBuffer); reused by every get.
    this.#buffer = new Uint8Array(new ArrayBuffer(native.valueBufferBytes(o.maxValueBytes)))
    this.#encoded = new Uint8Array(o.maxValueBytes + 1)
    const memoEntries = Math.min(MEMO_ENTRIES, powerOfTwoAtLeast(o.max))
    this.#memoValues = new Array(memoEntries).fill(undefined)
    this.#memoSlots = new Int32Array(new ArrayBuffer(memoEntries * 4)).fill(-1)
    this.#memoGenerations = new Float64Array(new ArrayBuffer(memoEntries * 8))
    this.#memoMask = memoEntries - 1
    let opened: ReturnType<NativeModule['open']>
    try {
      opened = native.open(
        {
          dir: o.dir,
          name: o.name,
          max: o.max,
          maxKeyBytes: o.maxKeyBytes,
          maxValueBytes: o.maxValueBytes,
          ttl: o.ttl,
          codecId: CODEC_ID,
          keyPrefix: prefixes.key ?? new Uint8Array(0),
          valuePrefix: prefixes.value,
          lockTimeout: o.lockTimeout,
          keyBuffer: this.#keyBuffer,
          memoSlots: this.#memoSlots,
          memoGenerations: this.#memoGenerations,
          readInfo: this.#readInfo,
          memoMaxBytes: MEMO_MAX_BYTES,
        },
        this.#buffer,
      )
    } catch (error) {
      throw toCacheError(error)
    }
    this.name = o.name
    this.dir = o.dir
    this.path = `${o.dir}/${o.name}.warp`
    this.max = o.max
    this.maxKeyBytes = o.maxKeyBytes
    this.maxValueBytes = o.maxValueBytes
    this.ttl = o.ttl
    this.#handle = opened.handle
    this.fileBytes = opened.totalBytes
    this.created = opened.created
    this.claims = new LoadClaims<K, V>(
      native,
      opened.handle,
      (key) => this.#keyBytes(key),
      this.#fastKeys,
      (key) => this.#read(key, undefined, native.getSettled),
    )
  }

  /**
   * Removes the files of cache `name` in `options.dir` (default as in the
   * constructor). Processes that have it open keep working on the old region until
   * they close it; the next open creates a fresh one. No error when there is none.
   */
  static destroy(name: string, options: { dir?: string } = {}): void {
    checkName(name)
    try {
      loadNative().destroy(resolve(options.dir ?? defaultDir()), name)
    } catch (error) {
      throw toCacheError(error)
    }
  }

  /** The live value of `key`, or `undefined`. Lock-free; a hit sets the entry's SIEVE bit. */
  get(key: K): V | undefined {
    return this.lookup(key, undefined)
  }

  /**
   * The live value of `key`, or `miss` when there is none, in one lock-free read:
   * unlike `get` followed by `has`, no other process can write in between, so a
   * stored `undefined` is never confused with a miss. `memoize` reads through it.
   */
  lookup<T>(key: K, miss: T): V | T {
    return this.#read(key, miss, this.#native.get)
  }

  /** `lookup` through the addon's `get`, or its `getSettled` for `claims.read`. */
  #read<T>(key: K, miss: T, get: NativeModule['get']): V | T {
    if (this.#closed) throw closedError()
    const native = this.#native
    const handle = this.#handle
    if (this.#clock !== undefined) native.setTimeOverride?.(handle, this.#clock.now())
    let r: string | number
    try {
      if (typeof key === 'string' && this.#fastKeys) {
        r = get(handle, key)
        if (r === NeedsCodec) r = get(handle, encodeKey(key))
      } else {
        r = get(handle, this.#keyBytes(key))
      }
    } catch (error) {
      throw toCacheError(error)
    }
    if (typeof r === 'string') {
      this.#remember(r)
      return r as V
    }
    if (r <= RememberedBase) return this.#memoValues[RememberedBase - r] as V
    return r === Miss || r < 0 ? miss : this.#decode(r, miss)
  }

  /** True when `key` has a live entry (a stored `undefined` counts). Not a hit or a miss. */
  has(key: K): boolean {
    return this.#present(this.#native.has, key)
  }

  /**
   * Stores `value` under `key` for every process. `options.ttl` (ms; 0 or
   * `Infinity` = never, at most 2^52) overrides the cache's default. An entry whose
   * encoded key or value is over its limit is not stored, removes the key's older
   * value, and is counted in `stats().oversize`.
   *
   * @throws `InvalidOptionError` for a bad `ttl`; `CacheError` `E_ENCODE` when the key
   * or value cannot be encoded; `E_TIMEOUT` when a live process held the write lock
   * longer than `lockTimeout`; `E_CORRUPT` when the file was damaged or truncated.
   */
  set(key: K, value: V, options?: SetOptions): void {
    if (this.#closed) throw closedError()
    const ttl = options?.ttl === undefined ? -1 : checkTtl('SharedCache.set', options.ttl)
    const native = this.#native
    const handle = this.#handle
    if (this.#clock !== undefined) native.setTimeOverride?.(handle, this.#clock.now())
    try {
      if (typeof key === 'string' && this.#fastKeys) {
        const r =
          typeof value === 'string'
            ? native.set(handle, key, value, 0, ttl)
            : native.set(handle, key, this.#encoded, this.#encode(value), ttl)
        if (r !== NeedsCodec) return
      }
      native.set(handle, this.#keyBytes(key), this.#encoded, this.#encode(value), ttl)
    } catch (error) {
      throw toCacheError(error)
    }
  }

  /** Removes `key`; true when it had a live entry. */
  delete(key: K): boolean {
    return this.#present(this.#native.delete, key)
  }

  /** `has` and `delete`: one key in, Present or Absent out. */
  #present(op: NativeModule['has'], key: K): boolean {
    if (this.#closed) throw closedError()
    const handle = this.#handle
    if (this.#clock !== undefined) this.#native.setTimeOverride?.(handle, this.#clock.now())
    try {
      if (typeof key === 'string' && this.#fastKeys) {
        const r = op(handle, key)
        if (r !== NeedsCodec) return r === Present
      }
      return op(handle, this.#keyBytes(key)) === Present
    } catch (error) {
      throw toCacheError(error)
    }
  }

  /** Removes every entry, for every process. Counters keep counting. */
  clear(): void {
    if (this.#closed) throw closedError()
    try {
      this.#native.clear(this.#handle)
    } catch (error) {
      throw toCacheError(error)
    }
  }

  /** Entries stored now, in all processes together (expired ones not yet removed included). */
  get size(): number {
    if (this.#closed) throw closedError()
    try {
      return this.#native.size(this.#handle)
    } catch (error) {
      throw toCacheError(error)
    }
  }

  /** Counters since the region was created, summed over every process that used it. */
  stats(): CacheStats {
    if (this.#closed) throw closedError()
    const s = this.#stats
    try {
      this.#native.stats(this.#handle, s)
    } catch (error) {
      throw toCacheError(error)
    }
    return {
      hits: s[0] as number,
      misses: s[1] as number,
      sets: s[2] as number,
      deletes: s[3] as number,
      evictions: s[4] as number,
      expirations: s[5] as number,
      oversize: s[6] as number,
      size: s[7] as number,
      capacity: s[8] as number,
    }
  }

  /**
   * Unmaps the region and releases its native memory at once. The entries stay for
   * other processes. Later calls throw `E_CLOSED`; closing twice is a no-op.
   */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#native.close(this.#handle)
  }

  /**
   * `key` encoded as bytes: a primitive (numbers above all, which memoize
   * passes as they are) is encoded into the reused key buffer and passed as its
   * length, with no allocation; anything else gets its own bytes from `encodeKey`.
   * (For primitives both encodings are the same bytes; objects need `encodeKey`'s
   * canonical form.)
   */
  #keyBytes(key: K): KeyBytes {
    if (typeof key !== 'object' || key === null) {
      const n = encodeInto(key, this.#keyBuffer, 0)
      if (n >= 0) return n
    }
    return encodeKey(key)
  }

  /** Encodes into the reused buffer; returns the encoded length (> the buffer: oversize). */
  #encode(value: V): number {
    const n = encodeInto(value, this.#encoded, 0)
    return n >= 0 ? n : -n
  }

  #decode<T>(length: number, miss: T): V | T {
    let value: unknown
    try {
      value = decodeRange(this.#buffer, 0, length)
    } catch {
      // Bytes the codec refuses (another writer's bug, a foreign file) are a miss.
      return miss
    }
    // Objects are decoded afresh every time (each read gets its own copy).
    if (typeof value !== 'object' || value === null) this.#remember(value)
    return value as V
  }

  /** Keeps the value of the read that just hit, when the addon says it may (see MEMO_ENTRIES). */
  #remember(value: unknown): void {
    const info = this.#readInfo
    const generation = info[1] as number
    if (generation === 0) return
    const slot = info[0] as number
    const i = slot & this.#memoMask
    this.#memoValues[i] = value
    this.#memoSlots[i] = slot
    this.#memoGenerations[i] = generation
  }
}
