/**
 * The mode of each built-in backend, by name. Backend packages outside this
 * repo can add theirs by declaration merging:
 * `declare module '@warp/core' { interface BackendModes { redis: 'async' } }`
 */
export interface BackendModes {
  memory: 'sync'
  shared: 'sync'
}

/** A backend name `createCache` knows. */
export type BackendName = keyof BackendModes

/** Which package provides each built-in backend. */
export const BACKEND_PACKAGES: Readonly<Record<string, string>> = {
  memory: '@warp/memory',
  shared: '@warp/shared-native',
}
