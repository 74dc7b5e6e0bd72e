import type { Backend, Mode } from '../backend.js'

/** How `createCache` checks one option, and what it tells the user when it is wrong. */
export interface OptionSpec {
  /** The accepted type. `integer` and `number` are parsed from strings in cache URLs. */
  type: 'integer' | 'number' | 'string' | 'boolean' | 'function'
  /** The option must be given. Default `false`. */
  required?: boolean
  /** Smallest accepted value (numbers only), inclusive. */
  min?: number
  /** Largest accepted value (numbers only), inclusive. */
  max?: number
  /** Accepted strings (strings only). */
  oneOf?: readonly string[]
  /** One line shown in error messages: what the option means, its unit and default. */
  description: string
}

/**
 * What a backend package exports as `backendProvider` so that `createCache`
 * can find it by name, check options against `options`, and build it.
 *
 * @example
 * ```ts
 * export const backendProvider: BackendProvider<'sync'> = {
 *   name: 'memory',
 *   mode: 'sync',
 *   options: { max: { type: 'integer', required: true, min: 1, description: 'most entries' } },
 *   create: (options) => new SieveCache(options as SieveCacheOptions),
 * }
 * ```
 */
export interface BackendProvider<M extends Mode = Mode> {
  /** The name used in configs and URLs (`memory`, `shared`, …). */
  readonly name: string
  /** Whether the backends it makes are `sync` or `async`. */
  readonly mode: M
  /** Every option it accepts; anything else is refused as unknown. */
  readonly options: Readonly<Record<string, OptionSpec>>
  /** Builds a backend from options that have already been checked against {@link options}. */
  create(
    options: Record<string, unknown>,
  ): Backend<unknown, unknown, M> | Promise<Backend<unknown, unknown, M>>
}
