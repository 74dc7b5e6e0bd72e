import { InvalidOptionError } from '../errors.js'
import { closestName } from './closest-name.js'
import type { OptionSpec, OptionSpecs } from './option-spec.js'

/**
 * Checks `options` against `specs`, the one rule every warp package applies to bad options:
 * an unknown name is refused with the closest valid name suggested, a missing required
 * option or a value of the wrong type or range is refused with what is accepted. Every
 * problem is an {@link InvalidOptionError} whose message starts with `owner`.
 * `undefined` values count as absent. Returns nothing: the caller keeps its own object.
 *
 * @param owner - who is checking, for the message: `'SieveCache'`, `'createCache(memory)'`.
 * @param specs - every accepted option; one object shared by a constructor and its provider.
 * @param options - what the caller passed; `undefined` is treated as `{}`.
 */
export function checkOptions(owner: string, specs: OptionSpecs, options: unknown): void {
  if (options === undefined) options = {}
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidOptionError('', `${owner}: options must be an object, got ${show(options)}`)
  }
  if (typeof (options as { then?: unknown }).then === 'function') {
    throw new InvalidOptionError(
      '',
      `${owner}: options is a Promise; await it first (did you forget \`await createCache(…)\`?)`,
    )
  }
  const given = options as Record<string, unknown>
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(specs, name)) throw unknownOption(owner, specs, name)
  }
  for (const [name, spec] of Object.entries(specs)) {
    const value = given[name]
    if (value === undefined) {
      if (spec.required) {
        throw new InvalidOptionError(
          name,
          `${owner}: option "${name}" is required: ${spec.description}`,
        )
      }
      continue
    }
    checkValue(owner, name, spec, value)
  }
}

/** Throws unless `value` fits `spec`; the message names the option, the rule and its meaning. */
export function checkValue(owner: string, name: string, spec: OptionSpec, value: unknown): void {
  if (fits(spec, value)) return
  throw new InvalidOptionError(
    name,
    `${owner}: option "${name}" must be ${describeSpec(spec)}, got ${show(value)} (${name}: ${spec.description})`,
  )
}

function unknownOption(owner: string, specs: OptionSpecs, name: string): InvalidOptionError {
  const accepted = Object.keys(specs)
  const guess = closestName(name, accepted)
  const hint = guess ? ` — did you mean "${guess}"?` : ''
  return new InvalidOptionError(
    name,
    `${owner}: unknown option "${name}"${hint} Accepted: ${accepted.join(', ')}`,
  )
}

function fits(spec: OptionSpec, value: unknown): boolean {
  switch (spec.type) {
    case 'integer':
    case 'number': {
      if (typeof value !== 'number') return false
      if (value === Infinity && spec.allowInfinity) return true
      const whole = spec.type === 'integer' ? Number.isInteger(value) : Number.isFinite(value)
      return whole && inRange(spec, value)
    }
    case 'string':
      return typeof value === 'string' && (!spec.oneOf || spec.oneOf.includes(value))
    case 'object':
      return typeof value === 'object' && value !== null
    case 'any':
      return true
    default:
      return typeof value === spec.type
  }
}

function inRange(spec: OptionSpec, value: number): boolean {
  return (
    (spec.min === undefined || value >= spec.min) && (spec.max === undefined || value <= spec.max)
  )
}

/** "an integer from 1 to 1073741824", "a number ≥ 0 or Infinity", "one of "a", "b"", … */
export function describeSpec(spec: OptionSpec): string {
  switch (spec.type) {
    case 'string':
      return spec.oneOf ? `one of ${spec.oneOf.map((s) => `"${s}"`).join(', ')}` : 'a string'
    case 'boolean':
    case 'function':
      return `a ${spec.type}`
    case 'object':
      return 'an object'
    case 'any':
      return 'any value'
  }
  const kind = spec.type === 'integer' ? 'an integer' : 'a finite number'
  const infinity = spec.allowInfinity ? ' or Infinity' : ''
  if (spec.min !== undefined && spec.max !== undefined)
    return `${kind} from ${spec.min} to ${spec.max}${infinity}`
  if (spec.min !== undefined) return `${kind} ≥ ${spec.min}${infinity}`
  if (spec.max !== undefined) return `${kind} ≤ ${spec.max}${infinity}`
  return `${kind}${infinity}`
}

/** A short, safe rendering of a value for error messages. */
export function show(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value === null || value === undefined) return String(value)
  if (typeof value === 'function') return 'a function'
  if (Array.isArray(value)) return 'an array'
  if (typeof (value as { then?: unknown }).then === 'function') return 'a Promise'
  return typeof value === 'object' ? 'an object' : typeof value
}
