import type { AnyBackend, Backend, Mode } from '../backend.js'
import { CacheError, InvalidOptionError } from '../errors.js'
import { checkOptions } from '../options/check-options.js'
import type { BackendModes, BackendName } from './known-backends.js'
import { providerByName, providerByScheme } from './load-provider.js'
import { parseCacheUrl, schemeOf, toUrl } from './parse-cache-url.js'
import type { BackendProvider } from './provider.js'
import { checkProvider } from './registry.js'
import { convertUrlValues } from './url-values.js'

/** A config object for {@link createCache}: the backend plus that backend's options. */
export type CacheConfig<B extends string | BackendProvider = string | BackendProvider> = {
  /** A backend name (built-in or registered with `registerBackend`) or a provider object. */
  backend: B
  /** The backend's own options (`max`, `ttl`, …); see its package's docs. */
  [option: string]: unknown
}

/**
 * The backend type for mode `M`: `Backend<K, V, 'sync'>` or `Backend<K, V, 'async'>`, and for
 * a mode not known to the types, the union of both (narrow it with `backend.mode`).
 */
export type BackendOfMode<K, V, M extends Mode> = M extends Mode ? Backend<K, V, M> : never

/** A cache URL of a built-in backend, such as `memory://?max=1000&ttl=60000`. */
export type CacheUrl<N extends BackendName = BackendName> = `${N}://${string}`

/**
 * Builds a backend from configuration, so an application can swap backends without code
 * changes. `config` is one of:
 * - `{ backend: provider, …options }` — a {@link BackendProvider} object;
 * - `{ backend: 'name', …options }` — a name registered with {@link registerBackend}, or a
 *   built-in one (`memory` → `@warp/memory`, `shared` → `@warp/shared-native`, `redis` →
 *   `@warp/redis`, `tiered` → `@warp/tiered`; the package is loaded on first use);
 * - a URL string — its scheme picks the provider (`memory://?max=1000`,
 *   `redis://user:pass@host:6379/0`), and the provider reads the rest.
 *
 * Options are checked against the provider's specs before it builds anything.
 *
 * Types: without type arguments the mode is inferred from a built-in name or URL
 * (`createCache({ backend: 'memory', max })` is a sync backend). TypeScript cannot infer
 * it once `K` and `V` are given, so name the backend too — `createCache<string, User,
 * 'memory'>({ backend: 'memory', max: 1000 })` — or narrow the result with `backend.mode`.
 * A `string` URL (from an environment variable) gives either mode.
 *
 * Errors:
 * - `InvalidOptionError` (`E_INVALID_OPTION`): an unknown option (with the closest valid name),
 *   a missing, mistyped or out-of-range one, a malformed URL, or a Promise where a config
 *   or provider belongs;
 * - `CacheError` `E_UNKNOWN_BACKEND`: no provider has that name or scheme;
 * - `CacheError` `E_BACKEND_NOT_INSTALLED`: the built-in backend's package is not installed
 *   (the message names it);
 * - `CacheError` `E_BACKEND_LOAD_FAILED`: the package is installed but threw while loading
 *   (its error is the `cause`).
 *
 * @example
 * ```ts
 * const a = await createCache<string, User, 'memory'>({ backend: 'memory', max: 1000 })
 * const b = await createCache('memory://?max=1000&ttl=60000')
 * const c = await createCache(process.env.CACHE_URL ?? 'memory://?max=1000') // any string
 * ```
 */
export async function createCache<K = unknown, V = unknown, N extends BackendName = BackendName>(
  config: CacheUrl<N> | CacheConfig<N>,
): Promise<BackendOfMode<K, V, BackendModes[N]>>
export async function createCache<K = unknown, V = unknown, M extends Mode = Mode>(
  config: CacheConfig<BackendProvider<M>>,
): Promise<BackendOfMode<K, V, M>>
export async function createCache<K = unknown, V = unknown>(
  config: string | CacheConfig,
): Promise<AnyBackend<K, V>>
export async function createCache(
  config: string | CacheConfig,
): Promise<AnyBackend<unknown, unknown>> {
  const { provider, options } = await resolve(config)
  const owner = `createCache(${provider.name})`
  checkOptions(owner, provider.options, options)
  let backend: AnyBackend<unknown, unknown>
  try {
    backend = (await provider.create(options)) as AnyBackend<unknown, unknown>
  } catch (cause) {
    if (cause instanceof CacheError || cause instanceof InvalidOptionError) throw cause
    if (cause instanceof TypeError || cause instanceof RangeError) {
      throw new InvalidOptionError('', `${owner}: ${cause.message}`, { cause })
    }
    throw cause
  }
  if ((backend.mode as Mode) !== provider.mode) {
    throw new CacheError(
      'E_BACKEND_LOAD_FAILED',
      `${owner}: the provider declares mode "${provider.mode}" but built a "${backend.mode}" backend`,
    )
  }
  return backend
}

async function resolve(
  config: unknown,
): Promise<{ provider: BackendProvider; options: Record<string, unknown> }> {
  if (typeof config === 'string') {
    const provider = await providerByScheme(schemeOf(config))
    const url = toUrl(config)
    const raw = provider.fromUrl ? provider.fromUrl(url) : parseCacheUrl(url)
    return {
      provider,
      options: convertUrlValues(`createCache(${provider.name})`, provider.options, raw),
    }
  }
  if (config !== null && typeof config === 'object') {
    if (typeof (config as { then?: unknown }).then === 'function') {
      throw new InvalidOptionError(
        '',
        'createCache: config is a Promise; pass the config object or URL itself',
      )
    }
    const { backend, ...options } = config as CacheConfig
    if (typeof backend === 'string') return { provider: await providerByName(backend), options }
    if (backend === undefined) {
      throw new InvalidOptionError(
        'backend',
        'createCache: option "backend" is required: a backend name ("memory", "shared", …) or a provider object',
      )
    }
    return { provider: checkProvider(backend, 'createCache'), options }
  }
  throw new InvalidOptionError(
    '',
    'createCache: pass a config object ({ backend: "memory", max: 1000 }) or a cache URL ("memory://?max=1000")',
  )
}
