import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Clock, OptionSpecs } from '@warp/core'
import { checkOptions, InvalidOptionError } from '@warp/core'

/** Options of {@link SharedCache}. Every process that opens one `name` must pass the same sizes and `ttl`. */
export interface SharedCacheOptions {
  /**
   * The cache's name: processes that open the same name (in the same `dir`) share
   * its entries. `[A-Za-z0-9._-]{1,64}`, not `.` or `..`; anything else is a
   * `InvalidOptionError` (`E_INVALID_OPTION`; no path tricks).
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
   * Default time to live of an entry in milliseconds; `0` (the default) or
   * `Infinity` means entries never expire (as in every warp cache). At most 2^52 ms
   * (about 142,700 years); negative or NaN is refused. `set(k, v, { ttl })` overrides it per entry. Ages are
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
   * the system-wide monotonic clock, so tests can move time by hand. Needs the
   * test build of the addon (`node scripts/build-native.mjs --test-hooks`); a
   * release build refuses it with `E_INVALID_OPTION`. Other processes do not see
   * this clock; do not mix it with processes that use the real one.
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

/** Largest ttl in ms: 2^52, so deadlines (monotonic ms + ttl) stay exact in 64 bits and in a double. */
export const MAX_TTL = 2 ** 52

/**
 * Every option {@link SharedCache} accepts: the one source of validation for its
 * constructor and for `createCache` (the provider uses this very object).
 */
export const sharedCacheOptionSpecs: OptionSpecs = {
  name: {
    type: 'string',
    required: true,
    description: 'cache name shared by every process, [A-Za-z0-9._-]{1,64}',
  },
  max: {
    type: 'integer',
    min: 1,
    max: 2 ** 30,
    description: 'most entries (default 10000); each reserves a fixed slot up front',
  },
  maxKeyBytes: {
    type: 'integer',
    min: 1,
    max: 65_536,
    description: 'largest encoded key in bytes (default 256)',
  },
  maxValueBytes: {
    type: 'integer',
    min: 0,
    max: 2 ** 26,
    description: 'largest encoded value in bytes (default 1024)',
  },
  ttl: {
    type: 'number',
    min: 0,
    max: MAX_TTL,
    allowInfinity: true,
    description: `default time to live in ms; 0 or Infinity = never (default 0); at most 2^52 = ${MAX_TTL}`,
  },
  dir: {
    type: 'string',
    description: 'directory of the cache files (default /dev/shm/warp-<uid>)',
  },
  lockTimeout: {
    type: 'integer',
    min: 1,
    max: 2 ** 31 - 1,
    description: 'ms a writer waits for a live lock holder (default 5000)',
  },
  clock: {
    type: 'object',
    description: 'tests only: { now(): ms } for TTL math; needs the test build of the addon',
  },
}

const TTL_SPEC = { ttl: sharedCacheOptionSpecs.ttl } as OptionSpecs

const NAME = /^[A-Za-z0-9._-]{1,64}$/

/** The default directory: `/dev/shm/warp-<uid>` on Linux, else `<tmpdir>/warp-<uid>`. */
export function defaultDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0
  const base = process.platform === 'linux' && existsSync('/dev/shm') ? '/dev/shm' : tmpdir()
  return join(base, `warp-${uid}`)
}

/** Checks a cache name; a bad one is an `InvalidOptionError`. */
export function checkName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name) || name === '.' || name === '..') {
    throw new InvalidOptionError(
      'name',
      `SharedCache: option "name" must match [A-Za-z0-9._-]{1,64} (and not be '.' or '..'), got ${JSON.stringify(name)}`,
    )
  }
  return name
}

/**
 * A ttl in ms as the addon takes it: whole ms rounded up, `Infinity` → 0 (never).
 * Anything else than 0…2^52 or Infinity is an `InvalidOptionError` stating the limit.
 */
export function checkTtl(owner: string, ttl: unknown): number {
  if (typeof ttl === 'number' && ttl >= 0 && ttl <= MAX_TTL) return Math.ceil(ttl)
  if (ttl === Number.POSITIVE_INFINITY) return 0
  checkOptions(owner, TTL_SPEC, { ttl })
  return 0 // not reached: checkOptions threw
}

export function resolveOptions(options: SharedCacheOptions): ResolvedOptions {
  checkOptions('SharedCache', sharedCacheOptionSpecs, options)
  const clock = options.clock
  if (clock !== undefined && typeof clock?.now !== 'function') {
    throw new InvalidOptionError(
      'clock',
      'SharedCache: option "clock" must have a now() method returning ms',
    )
  }
  const given = options.dir ?? defaultDir()
  if (given.length === 0 || given.includes('\0')) {
    throw new InvalidOptionError('dir', 'SharedCache: option "dir" must be a non-empty path')
  }
  // Absolute and without a trailing slash (which would make the kernel follow a
  // symlink that O_NOFOLLOW is there to refuse).
  const dir = resolve(given)
  return {
    name: checkName(options.name),
    max: options.max ?? 10_000,
    maxKeyBytes: options.maxKeyBytes ?? 256,
    maxValueBytes: options.maxValueBytes ?? 1024,
    ttl: options.ttl === undefined ? 0 : checkTtl('SharedCache', options.ttl),
    dir,
    lockTimeout: options.lockTimeout ?? 5000,
    clock,
  }
}
