import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Clock } from '@warp/core'
import { CacheError, InvalidOptionError } from '@warp/core'

/** Options of {@link SharedCache}. Every process that opens one `name` must pass the same sizes and `ttl`. */
export interface SharedCacheOptions {
  /**
   * The cache's name: processes that open the same name (in the same `dir`) share
   * its entries. `[A-Za-z0-9._-]{1,64}`, not `.` or `..`; anything else is a
   * `CacheError` `E_INVALID_OPTION` (no path tricks).
   */
  name: string
  /**
   * Most entries. Default 10,000; an integer in [1, 2^30]. Every entry gets a
   * fixed slot of `maxKeyBytes + maxValueBytes` (plus 48, rounded up to 64 bytes),
   * reserved when the cache is created: see the README for the size formula.
   * When full, SIEVE evicts an entry not read since the hand last passed it.
   */
  max?: number
  /**
   * Largest encoded key in bytes (a string key costs 1 + its UTF-8 length).
   * Default 256; an integer in [1, 65536]. Longer keys are never stored: `set`
   * counts them in `stats().oversize`, `get` misses.
   */
  maxKeyBytes?: number
  /**
   * Largest encoded value in bytes (a string costs 1 + its UTF-8 length, a number
   * at most 9). Default 1024; an integer in [0, 2^26]. A larger value is not stored
   * (any older value of the key is removed) and is counted in `stats().oversize`.
   */
  maxValueBytes?: number
  /**
   * Default time to live of an entry in milliseconds; `0` (the default) means
   * entries never expire. `set(k, v, { ttl })` overrides it per entry. Ages are
   * measured in C++ on `CLOCK_MONOTONIC`, the same clock in every process.
   */
  ttl?: number
  /**
   * Directory of the cache files. Default `/dev/shm/warp-<uid>` on Linux (memory,
   * gone at reboot), else `<os.tmpdir()>/warp-<uid>`. Created with mode 0700 when
   * missing; refused when it is a symlink, belongs to another user, or is open to
   * group or others.
   */
  dir?: string
  /**
   * How long a writer waits for the write lock while another live process holds
   * it, in ms. Default 5000. A holder that dies releases the lock at once.
   */
  lockTimeout?: number
  /**
   * For tests only: TTL math reads `clock.now()` (ms) from this process instead of
   * the system-wide monotonic clock, so tests can move time by hand. Other
   * processes do not see this clock; do not mix it with processes that use the real one.
   */
  clock?: Clock
}

/** The options with defaults applied and checked. */
export interface ResolvedOptions {
  name: string
  max: number
  maxKeyBytes: number
  maxValueBytes: number
  ttl: number
  dir: string
  lockTimeout: number
  clock: Clock | undefined
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/

function integer(
  label: string,
  value: unknown,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(
      `SharedCache: ${label} must be an integer in [${min}, ${max}], got ${String(value)}`,
    )
  }
  return value
}

/** The default directory: `/dev/shm/warp-<uid>` on Linux, else `<tmpdir>/warp-<uid>`. */
export function defaultDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0
  const base = process.platform === 'linux' && existsSync('/dev/shm') ? '/dev/shm' : tmpdir()
  return join(base, `warp-${uid}`)
}

/** Checks a cache name; a bad one is a `CacheError` `E_INVALID_OPTION`. */
export function checkName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name) || name === '.' || name === '..') {
    throw new CacheError(
      'E_INVALID_OPTION',
      `SharedCache: name must match [A-Za-z0-9._-]{1,64} (and not be '.' or '..'), got ${JSON.stringify(name)}`,
    )
  }
  return name
}

/** The longest finite ttl, in ms (2^52; about 142,000 years). */
export const MAX_TTL = 2 ** 52

/** Checks a per-entry or default ttl in ms; `Infinity` means never, as `0` does. */
export function checkTtl(label: string, ttl: unknown): number {
  if (ttl === Number.POSITIVE_INFINITY) return 0
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0 || ttl > MAX_TTL) {
    throw new InvalidOptionError(
      'ttl',
      `SharedCache: ${label} must be a number of ms from 0 to 2^52 (${MAX_TTL}), or Infinity; 0 and Infinity never expire. Got ${String(ttl)}`,
    )
  }
  return Math.ceil(ttl)
}

export function resolveOptions(options: SharedCacheOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('SharedCache: options must be an object with at least a name')
  }
  const clock = options.clock
  if (clock !== undefined && typeof clock?.now !== 'function') {
    throw new TypeError('SharedCache: clock must have a now() method returning ms')
  }
  const given = options.dir ?? defaultDir()
  if (typeof given !== 'string' || given.length === 0 || given.includes('\0')) {
    throw new TypeError('SharedCache: dir must be a non-empty path')
  }
  // Absolute and without a trailing slash (which would make the kernel follow a
  // symlink that O_NOFOLLOW is there to refuse).
  const dir = resolve(given)
  return {
    name: checkName(options.name),
    max: integer('max', options.max, 1, 2 ** 30, 10_000),
    maxKeyBytes: integer('maxKeyBytes', options.maxKeyBytes, 1, 65_536, 256),
    maxValueBytes: integer('maxValueBytes', options.maxValueBytes, 0, 2 ** 26, 1024),
    ttl: options.ttl === undefined ? 0 : checkTtl('ttl', options.ttl),
    dir,
    lockTimeout: integer('lockTimeout', options.lockTimeout, 1, 2 ** 31 - 1, 5000),
    clock,
  }
}
