import type { Backend, Mode } from '../backend.js'
import type { OptionSpecs } from '../options/option-spec.js'

/**
 * What a backend package exports as `backendProvider`, and what an application passes to
 * `createCache({ backend: provider })` or {@link registerBackend}: how to check options,
 * how to read a cache URL, and how to build the backend.
 *
 * @example
 * ```ts
 * export const backendProvider: BackendProvider<'sync'> = {
 *   name: 'memory',
 *   mode: 'sync',
 *   options: sieveCacheOptionSpecs, // the same specs the constructor checks
 *   create: (options) => new SieveCache(options as SieveCacheOptions),
 * }
 * ```
 */
export interface BackendProvider<M extends Mode = Mode> {
  /** The name used in configs (`memory`, `shared`, `redis`, …): lower-case letters, digits, `+ . -`. */
  readonly name: string
  /** Whether the backends it makes are `sync` or `async`. */
  readonly mode: M
  /** Every option it accepts; anything else is refused as unknown (with the closest name suggested). */
  readonly options: OptionSpecs
  /**
   * The URL schemes it handles (`['redis', 'rediss']`). Default: `[name]`. The scheme of a
   * cache URL picks the provider; the provider reads the rest of the URL.
   */
  readonly schemes?: readonly string[]
  /**
   * Reads a cache URL into options. Default: the host and path (without the leading `/`)
   * become the `name` option when not empty, and each query parameter an option. Values
   * that are strings are then converted by {@link options}' types (`"1000"` → `1000`).
   * Throw an `InvalidOptionError` for a URL it cannot read.
   */
  fromUrl?(url: URL): Record<string, unknown>
  /** Builds a backend from options that have already been checked against {@link options}. */
  create(
    options: Record<string, unknown>,
  ): Backend<unknown, unknown, M> | Promise<Backend<unknown, unknown, M>>
}
