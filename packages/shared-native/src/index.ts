export type { SharedCacheOptions } from './options.js'
export { defaultDir, MAX_TTL, sharedCacheOptionSpecs } from './options.js'
export { backendProvider } from './provider.js'
export { SharedCache } from './shared-cache.js'
