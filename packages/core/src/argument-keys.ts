import { CacheError } from './errors.js'

/**
 * First character of every composite key. A lone string argument that starts
 * with it is itself turned into a composite key, so a raw string key can never
 * equal a composite one.
 */
const COMPOSITE = '\u0001'

/** How a backend compares keys, which decides how object arguments become keys. */
export interface ArgumentKeyOptions {
  /**
   * `false` (in-process backends): objects, functions and symbols are keyed by identity.
   * `true` (byte backends): every argument must be encodable by `encodeObject`.
   */
  bytes: boolean
  /** Encodes an object argument to a string by content (byte backends only). */
  encodeObject?: (value: object) => string
  /** Used in error messages: the memoized function's name. */
  label?: string
}

/**
 * Turns call arguments into one cache key, collision-free: `f(1)`≠`f('1')`,
 * `f('a,b')`≠`f('a','b')`, `f()`≠`f(undefined)`, `f(0)`≠`f(-0)`, `f('a')`≠`f('a', undefined)`.
 *
 * A single primitive argument is the key itself (no allocation); several arguments
 * become one string that encodes each argument's type and length.
 */
export class ArgumentKeys {
  readonly #bytes: boolean
  readonly #encodeObject: ((value: object) => string) | undefined
  readonly #label: string
  // Identity ids for object and symbol arguments of composite keys (in-process only).
  #ids: WeakMap<object, number> | undefined
  #symbolIds: Map<symbol, number> | undefined
  #nextId = 0

  constructor(options: ArgumentKeyOptions) {
    this.#bytes = options.bytes
    this.#encodeObject = options.encodeObject
    this.#label = options.label || 'the memoized function'
  }

  /** The key for a call with exactly one argument. */
  one(a: unknown): unknown {
    switch (typeof a) {
      case 'string':
        return a.length === 0 || a.charCodeAt(0) !== 1 ? a : this.#composite([a])
      case 'number':
        // Map keys use SameValueZero, which folds -0 into 0.
        return a !== 0 || 1 / a > 0 ? a : this.#composite([a])
      case 'boolean':
      case 'bigint':
      case 'undefined':
        return a
      case 'object':
        if (a === null) return a
        return this.#bytes ? this.#composite([a]) : a
      default:
        // functions and symbols
        return this.#bytes ? this.#composite([a]) : a
    }
  }

  /** The key for a call with exactly two arguments. */
  two(a: unknown, b: unknown): string {
    return `${COMPOSITE}2:${this.#segment(a, 0)}${this.#segment(b, 1)}`
  }

  /** The key for a call with any number of arguments. */
  many(args: ArrayLike<unknown>): unknown {
    if (args.length === 1) return this.one(args[0])
    if (args.length === 2) return this.two(args[0], args[1])
    return this.#composite(args)
  }

  #composite(args: ArrayLike<unknown>): string {
    let key = `${COMPOSITE}${args.length}:`
    for (let i = 0; i < args.length; i++) key += this.#segment(args[i], i)
    return key
  }

  #segment(value: unknown, index: number): string {
    switch (typeof value) {
      case 'string':
        return `s${value.length}:${value}`
      case 'number':
        return `n${Object.is(value, -0) ? '-0' : String(value)};`
      case 'bigint':
        return `i${value};`
      case 'boolean':
        return value ? 't' : 'f'
      case 'undefined':
        return 'u'
      case 'symbol':
        if (this.#bytes) throw this.#unencodable(index, 'a symbol')
        return `y${this.#symbolId(value)};`
      case 'function':
        if (this.#bytes) throw this.#unencodable(index, 'a function')
        return `o${this.#objectId(value)};`
      default: {
        if (value === null) return 'z'
        if (!this.#bytes) return `o${this.#objectId(value as object)};`
        const encoded = this.#encodeArgument(value as object, index)
        return `j${encoded.length}:${encoded}`
      }
    }
  }

  #encodeArgument(value: object, index: number): string {
    if (!this.#encodeObject) throw this.#unencodable(index, 'an object')
    try {
      return this.#encodeObject(value)
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message.replace(/^\[warp\] /, '') : ''
      throw new CacheError(
        'E_ENCODE',
        `argument ${index + 1} of ${this.#label} cannot be encoded as a cache key: ${reason}. ` +
          'Pass a `key` option that maps the arguments to a string or number.',
        { cause },
      )
    }
  }

  #unencodable(index: number, what: string): CacheError {
    return new CacheError(
      'E_ENCODE',
      `argument ${index + 1} of ${this.#label} is ${what}, which a byte backend cannot use ` +
        'as a key. Pass a `key` option that maps the arguments to a string or number.',
    )
  }

  #objectId(value: object): number {
    this.#ids ??= new WeakMap()
    let id = this.#ids.get(value)
    if (id === undefined) this.#ids.set(value, (id = this.#nextId++))
    return id
  }

  #symbolId(value: symbol): number {
    this.#symbolIds ??= new Map()
    let id = this.#symbolIds.get(value)
    if (id === undefined) this.#symbolIds.set(value, (id = this.#nextId++))
    return id
  }
}
