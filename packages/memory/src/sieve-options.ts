import { InvalidOptionError, type OptionSpecs } from '@warp/core'
import { MAX_ENTRIES } from './limits.js'

/** The eviction policies of {@link SieveCache}; see `SieveCacheOptions.policy`. */
export const POLICIES = ['sieve', 'lru', 'tinylfu'] as const

/** One of {@link POLICIES}. */
export type PolicyName = (typeof POLICIES)[number]

/** The options choosing the eviction policy, the same for `SieveCache` and `LRUCache`. */
export const policyOptionSpecs: OptionSpecs = Object.freeze({
  policy: {
    type: 'string',
    oneOf: POLICIES,
    description: "eviction policy: 'sieve' (default), 'lru' or 'tinylfu'",
  },
  seed: {
    type: 'integer',
    min: 0,
    max: 2 ** 32 - 1,
    description:
      'seed of the key hashes and the tinylfu coin (default: random per instance); for tests only',
  },
})

/**
 * Every option `SieveCache` accepts, checked by `@warp/core`'s `checkOptions`. The same
 * object is the memory `backendProvider`'s option spec: one source of validation.
 */
export const sieveCacheOptionSpecs: OptionSpecs = Object.freeze({
  max: {
    type: 'integer',
    min: 1,
    max: MAX_ENTRIES,
    description: 'most entries kept, a positive integer ≤ 2^30 (required unless maxSize is set)',
  },
  ttl: {
    type: 'number',
    min: 0,
    allowInfinity: true,
    description: 'default time to live in milliseconds; 0 (default) or Infinity means never expire',
  },
  maxSize: {
    type: 'integer',
    min: 1,
    description: 'upper bound of the sum of entry sizes; needs sizeCalculation',
  },
  maxEntrySize: {
    type: 'integer',
    min: 1,
    description: 'largest size of one entry (default maxSize); needs sizeCalculation',
  },
  sizeCalculation: {
    type: 'function',
    description: '(value, key) => size, a positive integer; object form only',
  },
  dispose: {
    type: 'function',
    description: '(value, key, reason) => void, called after an entry leaves; object form only',
  },
  perf: {
    // `any`: `Date` and other functions with a static now() are clocks too; the
    // constructor checks for now() itself.
    type: 'any',
    description:
      'the clock for TTLs, anything with now() in ms (e.g. performance, Date); object form only',
  },
  ...policyOptionSpecs,
})

/** The checks one option at a time cannot make; throws {@link InvalidOptionError}. */
export function checkSieveOptionPairs(owner: string, options: Record<string, unknown>): void {
  const { max, maxSize, maxEntrySize, sizeCalculation, perf } = options
  if (perf !== undefined && typeof (perf as { now?: unknown }).now !== 'function') {
    throw new InvalidOptionError('perf', `${owner}: option "perf" must have a now() method`)
  }
  if (max === undefined && maxSize === undefined) {
    throw new InvalidOptionError(
      'max',
      `${owner}: option "max" is required (a positive integer ≤ 2^30) unless "maxSize" is set`,
    )
  }
  if (typeof maxSize === 'number' && typeof maxEntrySize === 'number' && maxEntrySize > maxSize) {
    throw new InvalidOptionError(
      'maxEntrySize',
      `${owner}: option "maxEntrySize" (${maxEntrySize}) must be ≤ "maxSize" (${maxSize})`,
    )
  }
  const sized = maxSize !== undefined || maxEntrySize !== undefined
  if (sized && sizeCalculation === undefined) {
    throw new InvalidOptionError(
      'sizeCalculation',
      `${owner}: option "sizeCalculation" is required when "maxSize" or "maxEntrySize" is set`,
    )
  }
  if (!sized && sizeCalculation !== undefined) {
    throw new InvalidOptionError(
      'sizeCalculation',
      `${owner}: option "sizeCalculation" needs "maxSize" or "maxEntrySize"`,
    )
  }
}
