import { CacheError } from '../errors.js'
import type { BackendProvider, OptionSpec } from './provider.js'

/**
 * Checks `options` against the provider's specs and returns them with URL
 * strings parsed to their types. Every problem is a `CacheError`
 * `E_INVALID_OPTION` that names the option and says what it accepts.
 */
export function checkOptions(
  provider: BackendProvider,
  options: Record<string, unknown>,
  fromUrl: boolean,
): Record<string, unknown> {
  const checked: Record<string, unknown> = {}
  for (const [name, raw] of Object.entries(options)) {
    const spec = Object.hasOwn(provider.options, name) ? provider.options[name] : undefined
    if (!spec) {
      const accepted = Object.keys(provider.options).join(', ')
      throw invalid(
        provider,
        `unknown option "${name}". The ${provider.name} backend accepts: ${accepted}`,
      )
    }
    if (raw === undefined) continue
    const value =
      fromUrl && typeof raw === 'string' ? parseUrlValue(provider, name, spec, raw) : raw
    checkValue(provider, name, spec, value)
    checked[name] = value
  }
  for (const [name, spec] of Object.entries(provider.options)) {
    if (spec.required && checked[name] === undefined) {
      throw invalid(provider, `option "${name}" is required: ${spec.description}`)
    }
  }
  return checked
}

function parseUrlValue(
  provider: BackendProvider,
  name: string,
  spec: OptionSpec,
  raw: string,
): unknown {
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const value = raw.trim() === '' ? Number.NaN : Number(raw)
      if (Number.isNaN(value))
        throw invalid(provider, `option "${name}" must be ${describe(spec)}, got "${raw}"`)
      return value
    }
    case 'boolean':
      if (raw === 'true' || raw === '1' || raw === '') return true
      if (raw === 'false' || raw === '0') return false
      throw invalid(provider, `option "${name}" must be true or false, got "${raw}"`)
    case 'function':
      throw invalid(
        provider,
        `option "${name}" is a function and cannot be given in a URL; pass a config object`,
      )
    default:
      return raw
  }
}

function checkValue(
  provider: BackendProvider,
  name: string,
  spec: OptionSpec,
  value: unknown,
): void {
  const ok =
    spec.type === 'integer'
      ? Number.isInteger(value) && inRange(spec, value as number)
      : spec.type === 'number'
        ? typeof value === 'number' && !Number.isNaN(value) && inRange(spec, value)
        : spec.type === 'string'
          ? typeof value === 'string' && (!spec.oneOf || spec.oneOf.includes(value))
          : typeof value === spec.type
  if (!ok) {
    const shown = typeof value === 'string' ? `"${value}"` : String(value)
    throw invalid(
      provider,
      `option "${name}" must be ${describe(spec)}, got ${shown} (${name}: ${spec.description})`,
    )
  }
}

function inRange(spec: OptionSpec, value: number): boolean {
  return (
    (spec.min === undefined || value >= spec.min) && (spec.max === undefined || value <= spec.max)
  )
}

/** "an integer from 1 to 1073741824", "a number ≥ 0", "one of 'a', 'b'", … */
function describe(spec: OptionSpec): string {
  if (spec.type === 'string')
    return spec.oneOf ? `one of ${spec.oneOf.map((s) => `"${s}"`).join(', ')}` : 'a string'
  if (spec.type === 'boolean' || spec.type === 'function') return `a ${spec.type}`
  const kind = spec.type === 'integer' ? 'an integer' : 'a number'
  if (spec.min !== undefined && spec.max !== undefined)
    return `${kind} from ${spec.min} to ${spec.max}`
  if (spec.min !== undefined) return `${kind} ≥ ${spec.min}`
  if (spec.max !== undefined) return `${kind} ≤ ${spec.max}`
  return kind
}

function invalid(provider: BackendProvider, message: string): CacheError {
  return new CacheError('E_INVALID_OPTION', `createCache(${provider.name}): ${message}`)
}
