import { CacheError } from '../errors.js'

const SUPPORTED =
  'byte backends store undefined, null, booleans, numbers, bigints, strings, Uint8Array, ' +
  'Buffer, and plain objects, arrays, Maps, Sets and Dates made of these'

/**
 * Thrown inside the encoder's walk. Each enclosing level adds its path segment on
 * the way out, so the path is built only when something is wrong.
 */
export class EncodeProblem {
  readonly reason: string
  readonly segments: string[] = []

  constructor(reason: string) {
    this.reason = reason
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** The path segment of an object property. */
export function propertySegment(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`
}

/** Adds `segment` to `error` when it is an {@link EncodeProblem}; returns `error`. */
export function withSegment(error: unknown, segment: string): unknown {
  if (error instanceof EncodeProblem) error.segments.push(segment)
  return error
}

/** Turns anything thrown while encoding into a `CacheError` `E_ENCODE`. */
export function encodeError(error: unknown): CacheError {
  if (error instanceof CacheError) return error
  if (error instanceof EncodeProblem) {
    const path =
      error.segments.length > 0 ? `$${error.segments.reverse().join('')}` : 'the top level'
    return new CacheError(
      'E_ENCODE',
      `value cannot be encoded: ${error.reason} at ${path} (${SUPPORTED})`,
    )
  }
  const message = error instanceof Error ? error.message : String(error)
  return new CacheError('E_ENCODE', `value cannot be encoded: ${message}`, { cause: error })
}

/** A `CacheError` `E_DECODE` for bytes that are not a valid encoding. */
export function decodeError(reason: string, cause?: unknown): CacheError {
  return new CacheError(
    'E_DECODE',
    `stored bytes are not a valid warp encoding (${reason}); treat the entry as a miss`,
    cause === undefined ? undefined : { cause },
  )
}

/** A human name for what `value` is, for error messages. */
export function describe(value: object): string {
  let name: unknown
  try {
    name = Object.getPrototypeOf(value)?.constructor?.name
  } catch {
    // a hostile Proxy; fall through to the generic name
  }
  return typeof name === 'string' && name !== '' ? `an instance of ${name}` : 'an exotic object'
}
