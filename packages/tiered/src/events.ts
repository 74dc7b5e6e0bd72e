import { channel } from 'node:diagnostics_channel'

/**
 * The `node:diagnostics_channel` channels a {@link TieredCache} reports on. Each message has
 * `cache` (the instance) and the fields listed. Publishing is skipped when a channel has no
 * subscribers, so the events cost one property read when nobody listens.
 *
 * | channel | fields |
 * |---|---|
 * | `warp:tiered:hit` | `tier: 'l1' \| 'l2'`, `key` |
 * | `warp:tiered:miss` | `key` (missed in both tiers) |
 * | `warp:tiered:bus` | `state: 'connected' \| 'disconnected'`, `reason?` |
 * | `warp:tiered:invalidation` | `origin`, `keys` (decoded; `null` = all), `latency` (ms since sent) |
 * | `warp:tiered:l2-error` | `operation`, `error` |
 * | `warp:tiered:breaker` | `state: 'closed' \| 'open' \| 'half-open'` |
 */
export const tieredChannels = {
  hit: channel('warp:tiered:hit'),
  miss: channel('warp:tiered:miss'),
  bus: channel('warp:tiered:bus'),
  invalidation: channel('warp:tiered:invalidation'),
  l2Error: channel('warp:tiered:l2-error'),
  breaker: channel('warp:tiered:breaker'),
} as const
