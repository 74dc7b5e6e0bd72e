/**
 * The mode of each built-in backend, by name. Backend packages outside this repo can add
 * theirs by declaration merging, so `createCache({ backend: 'mine' })` is typed:
 * `declare module '@warp/core' { interface BackendModes { mine: 'async' } }`
 */
export interface BackendModes {
  /** `SieveCache` of `@warp/memory`: in-process, sync. */
  memory: 'sync'
  /** `SharedCache` of `@warp/shared-native`: shared memory across processes, sync. */
  shared: 'sync'
  /** `RedisCache` of `@warp/redis`: a Redis or Valkey server, async. */
  redis: 'async'
  /** `TieredCache` of `@warp/tiered`: a local L1 over a shared L2, async. */
  tiered: 'async'
}

/** A backend name whose mode is known to the types. */
export type BackendName = keyof BackendModes

/**
 * Which package provides each built-in backend, and the URL schemes that reach it. The
 * packages are optional peer dependencies of `@warp/core`: install the ones you use.
 */
export const BUILT_IN_BACKENDS: Readonly<
  Record<string, { readonly pkg: string; readonly schemes: readonly string[] }>
> = {
  memory: { pkg: '@warp/memory', schemes: ['memory'] },
  shared: { pkg: '@warp/shared-native', schemes: ['shared'] },
  redis: { pkg: '@warp/redis', schemes: ['redis', 'rediss'] },
  tiered: { pkg: '@warp/tiered', schemes: ['tiered'] },
}
