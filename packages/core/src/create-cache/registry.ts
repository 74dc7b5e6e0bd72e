import type { Mode } from '../backend.js'
import { InvalidOptionError } from '../errors.js'
import type { BackendProvider } from './provider.js'

const NAME = /^[a-z][a-z0-9+.-]*$/

/** Registered providers by name, and by each URL scheme they handle. */
const byName = new Map<string, BackendProvider>()
const byScheme = new Map<string, BackendProvider>()

/**
 * Makes `provider` reachable by name in `createCache({ backend: name })` and by its URL
 * schemes in `createCache('scheme://…')`. A registered name or scheme takes precedence
 * over a built-in one. Registering the same provider again does nothing; another provider
 * under a taken name or scheme is refused unless `options.replace` is true.
 *
 * @example
 * ```ts
 * registerBackend('mine', myProvider)
 * const cache = await createCache({ backend: 'mine', size: 10 })
 * ```
 */
export function registerBackend<M extends Mode>(
  name: string,
  provider: BackendProvider<M>,
  options?: { replace?: boolean },
): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new InvalidOptionError(
      'name',
      `registerBackend: name must be lower-case letters, digits, "+", "." or "-", starting with a letter; got ${JSON.stringify(name)}`,
    )
  }
  const checked = checkProvider(provider, 'registerBackend')
  const schemes = [name, ...(checked.schemes ?? [])].map((s) => s.toLowerCase())
  for (const scheme of schemes) {
    const taken = byScheme.get(scheme) ?? byName.get(scheme)
    if (taken && taken !== checked && !options?.replace) {
      throw new InvalidOptionError(
        'name',
        `registerBackend: "${scheme}" is already registered to the "${taken.name}" provider; ` +
          'pass { replace: true } to replace it',
      )
    }
  }
  byName.set(name, checked)
  for (const scheme of schemes) byScheme.set(scheme, checked)
}

/** The provider registered under `name`, if any. */
export function registeredByName(name: string): BackendProvider | undefined {
  return byName.get(name)
}

/** The provider registered for URL scheme `scheme`, if any. */
export function registeredByScheme(scheme: string): BackendProvider | undefined {
  return byScheme.get(scheme)
}

/**
 * Throws unless `provider` has the shape of a {@link BackendProvider}; a Promise (a
 * forgotten `await`) gets a message of its own.
 */
export function checkProvider(provider: unknown, owner: string): BackendProvider {
  const p = provider as Partial<BackendProvider> | null | undefined
  if (p && typeof (p as { then?: unknown }).then === 'function') {
    throw new InvalidOptionError(
      'backend',
      `${owner}: backend is a Promise; await it first (did you forget \`await\`?)`,
    )
  }
  if (
    !p ||
    typeof p.create !== 'function' ||
    typeof p.name !== 'string' ||
    (p.mode !== 'sync' && p.mode !== 'async') ||
    typeof p.options !== 'object' ||
    p.options === null ||
    (p.schemes !== undefined && !Array.isArray(p.schemes)) ||
    (p.fromUrl !== undefined && typeof p.fromUrl !== 'function')
  ) {
    throw new InvalidOptionError(
      'backend',
      `${owner}: backend must be a backend name or a BackendProvider ` +
        '{ name, mode: "sync" | "async", options, create, schemes?, fromUrl? }',
    )
  }
  return p as BackendProvider
}
