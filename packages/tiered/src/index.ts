export type { BreakerState } from './breaker.js'
export { CircuitBreaker } from './breaker.js'
export type { BusHandlers, InvalidationBus, InvalidationMessage } from './bus.js'
export { parseMessage } from './bus.js'
export type {
  TieredBreakerEvent,
  TieredBusEvent,
  TieredEvent,
  TieredHitEvent,
  TieredInvalidationEvent,
  TieredL2ErrorEvent,
  TieredMissEvent,
} from './events.js'
export { tieredChannels } from './events.js'
export { LocalBus } from './local-bus.js'
export type { BusDownMode, TieredCacheOptions } from './options.js'
export { TIERED_DEFAULTS, tieredCacheOptionSpecs } from './options.js'
export { backendProvider } from './provider.js'
export type { PubSubClient, RedisBusOptions } from './redis-bus.js'
export { RedisBus } from './redis-bus.js'
export type { TieredStats } from './tiered-cache.js'
export { TieredCache } from './tiered-cache.js'
