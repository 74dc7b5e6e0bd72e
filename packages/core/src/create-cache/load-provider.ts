import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CacheError } from '../errors.js'
import { BUILT_IN_BACKENDS } from './known-backends.js'
import type { BackendProvider } from './provider.js'
import { checkProvider, registeredByName, registeredByScheme } from './registry.js'

/** The provider for a config's `backend` name: registered first, then built-in. */
export async function providerByName(name: string): Promise<BackendProvider> {
  const registered = registeredByName(name)
  if (registered) return registered
  const builtIn = Object.hasOwn(BUILT_IN_BACKENDS, name) ? BUILT_IN_BACKENDS[name] : undefined
  if (!builtIn) throw unknownBackend(`backend "${name}"`)
  return loadProviderPackage(name, builtIn.pkg)
}

/** The provider for a cache URL's scheme: registered first, then built-in. */
export async function providerByScheme(scheme: string): Promise<BackendProvider> {
  const registered = registeredByScheme(scheme)
  if (registered) return registered
  for (const [name, { pkg, schemes }] of Object.entries(BUILT_IN_BACKENDS)) {
    if (schemes.includes(scheme)) return loadProviderPackage(name, pkg)
  }
  throw unknownBackend(`URL scheme "${scheme}://"`)
}

/**
 * Imports `pkg` and returns its `backendProvider`. The package is looked up from
 * `@warp/core`'s own location (it is an optional peer dependency, which npm and pnpm link
 * beside core), then from the application's directory (`process.cwd()`), so a strict
 * layout that hides it from core still finds it. Absent everywhere: `E_BACKEND_NOT_INSTALLED`;
 * present but throwing while it loads: `E_BACKEND_LOAD_FAILED` with the error as `cause`.
 */
export async function loadProviderPackage(name: string, pkg: string): Promise<BackendProvider> {
  let mod: unknown
  try {
    mod = await import(pkg)
  } catch (error) {
    if (!isMissing(error, pkg)) throw loadFailed(name, pkg, error)
    mod = await importFromApp(name, pkg)
  }
  const exports = mod as { backendProvider?: unknown; default?: { backendProvider?: unknown } }
  const provider = exports.backendProvider ?? exports.default?.backendProvider
  if (!provider) {
    throw new CacheError(
      'E_BACKEND_LOAD_FAILED',
      `createCache: ${pkg} does not export backendProvider; install a version that matches @warp/core`,
    )
  }
  return checkProvider(provider, `createCache(${name})`)
}

async function importFromApp(name: string, pkg: string): Promise<unknown> {
  let resolved: string
  try {
    resolved = createRequire(join(process.cwd(), 'package.json')).resolve(pkg)
  } catch (error) {
    if (isMissing(error, pkg)) {
      throw new CacheError(
        'E_BACKEND_NOT_INSTALLED',
        `createCache: the "${name}" backend needs the package ${pkg}, which is not installed. ` +
          `Run: npm install ${pkg}`,
        { cause: error },
      )
    }
    throw loadFailed(name, pkg, error)
  }
  try {
    return await import(pathToFileURL(resolved).href)
  } catch (error) {
    throw loadFailed(name, pkg, error)
  }
}

/** True when `error` says that `pkg` itself (not one of its dependencies) could not be found. */
function isMissing(error: unknown, pkg: string): boolean {
  const code = (error as { code?: unknown } | null)?.code
  const message = error instanceof Error ? error.message : ''
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    (message.includes(`'${pkg}'`) || message.includes(`"${pkg}"`))
  )
}

function loadFailed(name: string, pkg: string, cause: unknown): CacheError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new CacheError(
    'E_BACKEND_LOAD_FAILED',
    `createCache: the "${name}" backend's package ${pkg} is installed but failed to load: ${reason}`,
    { cause },
  )
}

function unknownBackend(what: string): CacheError {
  const known = Object.keys(BUILT_IN_BACKENDS).join(', ')
  return new CacheError(
    'E_UNKNOWN_BACKEND',
    `createCache: unknown ${what}. Built-in backends: ${known}; ` +
      'or register one with registerBackend(name, provider), or pass { backend: provider }',
  )
}
