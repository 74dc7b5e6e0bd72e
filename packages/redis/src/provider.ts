import type { BackendProvider } from '@warp/core'
import { InvalidOptionError } from '@warp/core'
import { redisCacheOptionSpecs } from './options.js'
import { RedisCache } from './redis-cache.js'

/**
 * Reads `redis://[user:pass@]host[:port][/db]?prefix=app&ttl=60000` (or `rediss://` for TLS):
 * `prefix`, `ttl`, `timeout` and `scanCount` are cache options; the URL without them is the
 * client's `url`. Other query parameters are refused (with the closest valid name).
 */
export function redisOptionsFromUrl(url: URL): Record<string, unknown> {
  const options: Record<string, unknown> = {}
  const client = new URL(url.href)
  for (const [name, value] of url.searchParams) {
    if (Object.hasOwn(options, name)) {
      throw new InvalidOptionError(
        name,
        `createCache(redis): option "${name}" is given twice in the URL`,
      )
    }
    options[name] = value
    client.searchParams.delete(name)
  }
  options.url = client.href
  return options
}

/**
 * The `redis` backend of `createCache` in `@warp/core`, for the schemes `redis` and `rediss`:
 * `createCache('redis://localhost:6379/0?prefix=app&ttl=60000')`, or
 * `createCache({ backend: 'redis', cluster: { nodes: [...] }, prefix: 'app' })`. Same options
 * (and the same checks) as {@link RedisCache}.
 */
export const backendProvider: BackendProvider<'async'> = {
  name: 'redis',
  mode: 'async',
  schemes: ['redis', 'rediss'],
  options: redisCacheOptionSpecs,
  fromUrl: redisOptionsFromUrl,
  create: (options) => new RedisCache(options),
}
