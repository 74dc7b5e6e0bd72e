/** How one option is checked, and what an error message tells the user about it. */
export interface OptionSpec {
  /**
   * The accepted type. `integer` and `number` are parsed from strings in cache URLs;
   * `object` accepts any non-null object (a clock, a client instance); `any` accepts anything.
   */
  type: 'integer' | 'number' | 'string' | 'boolean' | 'function' | 'object' | 'any'
  /** The option must be given (not `undefined`). Default `false`. */
  required?: boolean
  /** Smallest accepted value (numbers only), inclusive. */
  min?: number
  /** Largest accepted value (numbers only), inclusive; `Infinity` passes only with {@link allowInfinity}. */
  max?: number
  /** `Infinity` is accepted besides the range (e.g. a `ttl` that never expires). Default `false`. */
  allowInfinity?: boolean
  /** Accepted strings (strings only). */
  oneOf?: readonly string[]
  /** One line shown in error messages: what the option means, its unit and default. */
  description: string
}

/** Every option a constructor or provider accepts, by name; anything else is refused as unknown. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>
