import { createRequire } from 'node:module'
import { CacheError } from '@warp/core'
import type { RedisCacheOptions, RedisClientLike } from './options.js'

/** The iovalkey module's constructors, as far as this package uses them. */
export interface ClientModule {
  /** iovalkey's `Redis` class: one server, or Sentinel. */
  Redis: {
    /** Takes iovalkey's `Redis` constructor arguments (a URL and/or `RedisOptions`). */
    new (...args: unknown[]): RedisClientLike
  }
  /** iovalkey's `Cluster` class: a Redis Cluster. */
  Cluster: {
    /** Takes iovalkey's `Cluster` constructor arguments (`nodes`, `ClusterOptions`). */
    new (...args: unknown[]): RedisClientLike
  }
}

type RequireFn = (id: string) => unknown

/**
 * Loads `iovalkey` (an optional peer dependency) on first use, so `@warp/redis` imports without
 * it. Missing: `CacheError` `E_BACKEND_NOT_INSTALLED` naming what to install; present but
 * broken: `E_BACKEND_LOAD_FAILED` with the error as `cause`.
 */
export function loadClientModule(
  require: RequireFn = createRequire(import.meta.url),
): ClientModule {
  let mod: unknown
  try {
    mod = require('iovalkey')
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code
    const message = error instanceof Error ? error.message : ''
    if (code === 'MODULE_NOT_FOUND' && message.includes("'iovalkey'")) {
      throw new CacheError(
        'E_BACKEND_NOT_INSTALLED',
        'RedisCache needs the package iovalkey, which is not installed. Run: npm install iovalkey ' +
          '(or pass an existing ioredis/iovalkey client as the `client` option)',
        { cause: error },
      )
    }
    throw new CacheError(
      'E_BACKEND_LOAD_FAILED',
      `RedisCache: iovalkey failed to load: ${message}`,
      {
        cause: error,
      },
    )
  }
  const m = mod as Partial<ClientModule> & { default?: Partial<ClientModule> }
  const Redis = m.Redis ?? m.default?.Redis ?? (m.default as unknown as ClientModule['Redis'])
  const Cluster = m.Cluster ?? m.default?.Cluster
  if (typeof Redis !== 'function' || typeof Cluster !== 'function') {
    throw new CacheError(
      'E_BACKEND_LOAD_FAILED',
      'RedisCache: the installed iovalkey does not export Redis and Cluster; install iovalkey ^0.4',
    )
  }
  return { Redis, Cluster }
}

/**
 * Client settings for fail-fast behaviour: a command waits for a connection only while the
 * first connect is under way (the cache itself refuses calls while reconnecting), a command
 * in flight when the connection drops is retried on at most one reconnect, and the cache's
 * own timer bounds everything.
 */
const FAIL_FAST = {
  enableOfflineQueue: true,
  maxRetriesPerRequest: 1,
  connectTimeout: 5000,
  retryStrategy: (times: number) => Math.min(50 * times, 1000),
}

/** Makes the client the options describe (not used when `options.client` is given). */
export function createClient(
  options: RedisCacheOptions,
  mod = loadClientModule(),
): RedisClientLike {
  const extra = { ...FAIL_FAST, ...(options.connection ?? {}) }
  if (options.cluster) {
    const clusterOptions = (options.cluster.options ?? {}) as { redisOptions?: object }
    return new mod.Cluster(options.cluster.nodes, {
      enableOfflineQueue: true,
      maxRedirections: 16,
      clusterRetryStrategy: (times: number) => Math.min(100 * times, 2000),
      ...clusterOptions,
      redisOptions: { ...extra, ...(clusterOptions.redisOptions ?? {}) },
    })
  }
  if (options.sentinel) return new mod.Redis({ ...extra, ...options.sentinel })
  return new mod.Redis(options.url ?? 'redis://127.0.0.1:6379', extra)
}
