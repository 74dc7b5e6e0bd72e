import type { Backend, Mode } from '../backend.js'
import { CacheError } from '../errors.js'
import { checkOptions } from './check-options.js'
import { BACKEND_PACKAGES, type BackendModes, type BackendName } from './known-backends.js'
import { parseCacheUrl } from './parse-cache-url.js'
import type { BackendProvider } from './provider.js'

/** A config object for {@link createCache}: the backend plus that backend's options. */
export type CacheConfig<B extends BackendName | BackendProvider = BackendName | BackendProvider> = {
  /** A built-in backend's name (`'memory'`, `'shared'`) or a provider object. */
  backend: B
  /** The backend's own options (`max`, `ttl`, …); see its package's docs. */
  [option: string]: unknown
}

/** A cache URL such as `memory://?max=1000&ttl=60000` or `shared://embeddings?max=10000`. */
export type CacheUrl<N extends BackendName = BackendName> = `${N}://${string}`

/**
 * Builds a backend from configuration, so an application can swap backends
 * without code changes. The backend package is loaded on first use:
 * `memory` → `@warp/memory`, `shared` → `@warp/shared-native`.
 *
 * Throws `CacheError`:
 * - `E_UNKNOWN_BACKEND` for a name it does not know (the message lists the known ones);
 * - `E_BACKEND_NOT_INSTALLED` when the backend's package is missing (it names the package to install);
 * - `E_INVALID_OPTION` for an unknown, missing or out-of-range option (it says what is accepted).
 *
 * @example
 * ```ts
 * const a = await createCache<string, User>({ backend: 'memory', max: 1000 })
 * const b = await createCache('memory://?max=1000&ttl=60000')
 * ```
 */
export async function createCache<K = unknown, V = unknown, N extends BackendName = BackendName>(
  config: CacheUrl<N> | CacheConfig<N>,
): Promise<Backend<K, V, BackendModes[N]>>
export async function createCache<K = unknown, V = unknown, M extends Mode = Mode>(
  config: CacheConfig<BackendProvider<M>>,
): Promise<Backend<K, V, M>>
export async function createCache(
  config: string | CacheConfig,
): Promise<Backend<unknown, unknown, Mode>> {
  let backend: string | BackendProvider
  let options: Record<string, unknown>
  const fromUrl = typeof config === 'string'
  if (typeof config === 'string') {
    ;({ backend, options } = parseCacheUrl(config))
  } else if (config !== null && typeof config === 'object') {
    ;({ backend, ...options } = config)
  } else {
    throw new CacheError(
      'E_INVALID_OPTION',
      'createCache: pass a config object ({ backend: "memory", max: 1000 }) or a cache URL ("memory://?max=1000")',
    )
  }
  const provider =
    typeof backend === 'string' ? await loadProvider(backend) : checkProvider(backend)
  const checked = checkOptions(provider, options, fromUrl)
  try {
    return await provider.create(checked)
  } catch (cause) {
    if (cause instanceof CacheError) throw cause
    if (cause instanceof TypeError || cause instanceof RangeError) {
      throw new CacheError('E_INVALID_OPTION', `createCache(${provider.name}): ${cause.message}`, {
        cause,
      })
    }
    throw cause
  }
}

async function loadProvider(name: string): Promise<BackendProvider> {
  const pkg = Object.hasOwn(BACKEND_PACKAGES, name) ? BACKEND_PACKAGES[name] : undefined
  if (!pkg) {
    const known = Object.keys(BACKEND_PACKAGES).join(', ')
    throw new CacheError(
      'E_UNKNOWN_BACKEND',
      `createCache: unknown backend "${name}". Known backends: ${known}; ` +
        'or pass a provider object as { backend: provider }',
    )
  }
  let mod: { backendProvider?: BackendProvider }
  try {
    mod = await import(pkg)
  } catch (cause) {
    if (isMissing(cause, pkg)) {
      throw new CacheError(
        'E_BACKEND_NOT_INSTALLED',
        `createCache: the "${name}" backend needs the package ${pkg}, which is not installed. ` +
          `Run: npm install ${pkg}`,
        { cause },
      )
    }
    throw cause
  }
  if (!mod.backendProvider) {
    throw new CacheError(
      'E_UNKNOWN_BACKEND',
      `createCache: ${pkg} does not export backendProvider; update it to a version that matches @warp/core`,
    )
  }
  return checkProvider(mod.backendProvider)
}

/** True when `error` says that `pkg` itself (not one of its dependencies) could not be found. */
function isMissing(error: unknown, pkg: string): boolean {
  const code = (error as { code?: unknown } | null)?.code
  const message = error instanceof Error ? error.message : ''
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(`'${pkg}'`)
  )
}

function checkProvider(provider: BackendProvider): BackendProvider {
  if (
    !provider ||
    typeof provider.create !== 'function' ||
    typeof provider.name !== 'string' ||
    typeof provider.options !== 'object'
  ) {
    throw new CacheError(
      'E_INVALID_OPTION',
      'createCache: backend must be a backend name or a BackendProvider { name, mode, options, create }',
    )
  }
  return provider
}
